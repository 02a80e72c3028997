"""A theme's evolution since the authority's previous answer, beside its peer group's (pure).

The authority's own change is the difference of its two scores, compared only under the same
maturity model. Its peer group's change is the difference of the group's weighted means in
the two waves, each from its own final result set, with the 95 % interval and the z test of
``stats.change`` (independent samples: the editions are drawn and weighted apart). The earlier
mean is shown only where the earlier wave's reports showed that very group, and either mean
held back by the disclosure rule leaves no change: an evolution never tells more than the two
waves' reports already did.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from barometre import stats
from barometre.questionnaire.maturity import Level
from barometre.questionnaire.scoring import ThemeScore
from barometre.reports.peers import CONFIDENCE, Figure

ALPHA: Final = round(1 - CONFIDENCE, 2)


class Status(StrEnum):
    COMPARED = "comparee"
    FIRST = "premiere_participation"
    MODEL_CHANGED = "modele_different"
    NO_SCORE = "sans_score"
    UNAVAILABLE = "indisponible"


@dataclass(frozen=True, slots=True)
class Earlier:
    """The authority's previous answer to the questionnaire: where, under which model."""

    wave_id: int
    wave: str
    version: str
    model: str
    score: ThemeScore | None  # ``None``: the earlier version did not have this theme


@dataclass(frozen=True, slots=True)
class PeerChange:
    """The group's weighted mean in both waves and its change (``None``: not computed)."""

    label: str
    before: Figure | None
    after: Figure
    change: stats.Change | None
    reason: str

    @property
    def significant(self) -> bool | None:
        return None if self.change is None else self.change.significant()

    @property
    def conclusion(self) -> str:
        """« hausse significative », « baisse significative » or « évolution non significative »."""
        change = self.change
        if change is None:
            return ""
        if not change.significant():
            return "évolution non significative"
        return "hausse significative" if change.difference > 0 else "baisse significative"


@dataclass(frozen=True, slots=True)
class Evolution:
    """What the report says of a theme since the previous answer; ``message`` always in French."""

    status: Status
    message: str
    earlier: Earlier | None = None
    before: float | None = None
    after: float | None = None
    peers: PeerChange | None = None

    @property
    def difference(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)

    @property
    def before_level(self) -> Level | None:
        return self.earlier.score.level if self.earlier and self.earlier.score else None


def points(number: float) -> str:
    """« +3,6 points », « −2,0 points », « 0,0 point »."""
    if round(number, 1) == 0:
        return "0,0 point"
    sign = "+" if number > 0 else "\u2212"
    return f"{sign}{abs(number):.1f}".replace(".", ",") + " points"


def _score(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def first_answer(title: str) -> Evolution:
    return Evolution(
        Status.FIRST,
        f"Première participation : votre collectivité n'avait pas répondu au questionnaire "
        f"« {title} » lors d'une vague publiée précédente. L'évolution paraîtra à votre "
        "prochaine réponse.",
    )


def evolution(earlier: Earlier, model: str, now: ThemeScore, peers: PeerChange | None) -> Evolution:
    """The theme's evolution since ``earlier``, scored under ``model`` today."""
    if earlier.model != model:
        return Evolution(
            Status.MODEL_CHANGED,
            f"Votre réponse précédente ({earlier.wave}) a été notée selon un autre modèle de "
            f"maturité (modèle {earlier.model or 'aucun'}, aujourd'hui {model}) : les deux scores "
            "ne se comparent pas, l'évolution n'est pas calculée.",
            earlier,
        )
    before = earlier.score.value if earlier.score else None
    if before is None or now.value is None:
        which = "votre réponse précédente" if before is None else "votre réponse de cette vague"
        return Evolution(
            Status.NO_SCORE,
            f"Pas d'évolution pour ce thème : {which} n'a pas de score ({earlier.wave}).",
            earlier,
            before,
            now.value,
        )
    message = (
        f"Depuis votre réponse précédente ({earlier.wave}), votre score est passé de "
        f"{_score(before)} à {_score(now.value)}, soit {points(now.value - before)}."
    )
    return Evolution(Status.COMPARED, message, earlier, before, now.value, peers)


def peer_change(label: str, before: Figure | None, after: Figure, earlier_wave: str) -> PeerChange:
    """The group's change; no number when either mean is held back or was not shown before."""
    if before is None:
        return PeerChange(
            label,
            None,
            after,
            None,
            f"Ce groupe n'était pas publié à la vague précédente ({earlier_wave}) : son "
            "évolution n'est pas calculée, pour que personne ne puisse déduire les réponses "
            "d'autres collectivités en comparant deux groupes.",
        )
    if before.value is None or after.value is None or before.se is None or after.se is None:
        return PeerChange(
            label,
            before,
            after,
            None,
            "La moyenne du groupe est couverte par le secret statistique à l'une des deux "
            "vagues : pas d'évolution du groupe.",
        )
    found = stats.change(before.value, before.se, after.value, after.se, level=CONFIDENCE)
    return PeerChange(label, before, after, found, "")
