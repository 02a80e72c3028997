"""Errors of the frame, each with a French message meant for the user."""


class FrameError(Exception):
    """Base class: ``str(error)`` is a French sentence that can be shown as is."""


class UnknownUnitError(FrameError, LookupError):
    """No authority has this identifier or code."""


class MalformedCodeError(FrameError, ValueError):
    """The code cannot be an identifier of any authority (bad length, bad SIREN key...)."""


class AmbiguousCodeError(FrameError, LookupError):
    """Several authorities share this code (e.g. département 84 and région 84)."""

    def __init__(self, code: str, candidates: list[str]) -> None:
        self.code = code
        self.candidates = candidates
        listing = ", ".join(candidates)
        super().__init__(
            f"Le code « {code} » désigne plusieurs collectivités : {listing}. "
            "Précisez l'identifiant complet (par exemple « departement:84 »)."
        )


class SnapshotError(FrameError):
    """The shipped snapshot is missing, unreadable or does not match its provenance."""


class EmptyQueryError(FrameError, ValueError):
    """A search needs at least one letter or digit."""
