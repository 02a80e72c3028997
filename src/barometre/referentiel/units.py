"""The units of the frame: communes, EPCI, départements and régions, and their identifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from barometre.referentiel.errors import MalformedCodeError

UnitType = Literal["commune", "epci", "departement", "region"]
UNIT_TYPES: Final[tuple[UnitType, ...]] = ("commune", "epci", "departement", "region")

TYPE_LABELS: Final[dict[str, str]] = {
    "commune": "Commune",
    "epci": "EPCI",
    "departement": "Département",
    "region": "Région",
}

EPCI_NATURE_LABELS: Final[dict[str, str]] = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "METRO": "Métropole",
    "MET69": "Métropole de Lyon",
}

_INSEE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_SIREN = re.compile(r"^\d{9}$")


@dataclass(frozen=True, slots=True)
class Unit:
    """One local authority of the frame.

    ``code`` is the official code that keys the unit: INSEE code for communes, départements and
    régions, SIREN for EPCI. ``population`` is the population municipale (sum over members for
    EPCI, départements and régions). ``region`` and ``departement`` of an EPCI are those holding
    the largest share of its population.
    """

    type: UnitType
    code: str
    name: str
    population: int
    siren: str | None = None
    departement: str | None = None
    region: str | None = None
    epci: str | None = None
    nature: str | None = None
    postcodes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return unit_id(self.type, self.code)

    @property
    def type_label(self) -> str:
        if self.type == "epci" and self.nature is not None:
            return EPCI_NATURE_LABELS.get(self.nature, TYPE_LABELS["epci"])
        return TYPE_LABELS[self.type]


def unit_id(unit_type: UnitType, code: str) -> str:
    """The stable identifier of a unit, e.g. ``commune:42218`` or ``epci:244200770``."""
    return f"{unit_type}:{code}"


def parse_unit_id(value: str) -> tuple[UnitType, str]:
    """Split ``type:code``; raise :class:`MalformedCodeError` if the type is not known."""
    prefix, _, code = value.partition(":")
    for unit_type in UNIT_TYPES:
        if prefix == unit_type:
            if not code:
                raise MalformedCodeError(f"L'identifiant « {value} » n'a pas de code après « : ».")
            return unit_type, code
    known = ", ".join(UNIT_TYPES)
    raise MalformedCodeError(
        f"L'identifiant « {value} » commence par un type inconnu (types connus : {known})."
    )


def siren_key_is_valid(siren: str) -> bool:
    """Luhn check of a nine-digit SIREN."""
    total = 0
    for position, char in enumerate(reversed(siren)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:  # noqa: PLR2004 - Luhn folds two-digit doubles
                digit -= 9
        total += digit
    return total % 10 == 0


def check_siren(value: str) -> str:
    """Return the SIREN if well formed, else raise a French :class:`MalformedCodeError`."""
    if not _SIREN.match(value):
        raise MalformedCodeError(f"« {value} » n'est pas un SIREN : il faut exactement 9 chiffres.")
    if not siren_key_is_valid(value):
        raise MalformedCodeError(
            f"Le SIREN « {value} » est mal formé : sa clé de contrôle (Luhn) est fausse."
        )
    return value


def looks_like_commune_code(value: str) -> bool:
    return bool(_INSEE_COMMUNE.match(value))
