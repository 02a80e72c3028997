"""The barometer's domain vocabulary, declared once: breakdown levels and their modalities.

A published figure is read for a *level* of breakdown (ensemble, région, département, type,
strate, rôle) and one of its *modalities* (« Occitanie », « Communes de moins de 500 hab. »,
« Agents »). Every page, the API, the open data, the methodology note and the infographic take
their codes, labels and order from here; ``modality_label`` never invents a label for a code it
does not know (it returns the code, and ``known_modality`` says so, for the tests).

Order: levels as declared; modalities of a type, a stratum or a role in declared order, strata by
size (communes by population bin, then EPCI by nature, then départements and régions); régions
and départements by official code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from barometre.referentiel.strata import AMF6, EPCI_STRATA
from barometre.referentiel.units import EPCI_NATURE_LABELS


@dataclass(frozen=True, slots=True)
class Level:
    """A level of breakdown: its code in the result sets and its French names."""

    code: str
    label: str  # « Région » : the heading of a column or a filter
    plural: str  # « Régions » : « par région » lists
    by: str  # « par région »


OVERALL: Final = "ensemble"
LEVELS: Final[tuple[Level, ...]] = (
    Level(OVERALL, "Ensemble", "Ensemble", "pour l'ensemble"),
    Level("region", "Région", "Régions", "par région"),
    Level("departement", "Département", "Départements", "par département"),
    Level("type", "Type de collectivité", "Types de collectivité", "par type de collectivité"),
    Level("stratum", "Strate de taille", "Strates de taille", "par strate de taille"),
    Level("role", "Rôle du répondant", "Rôles des répondants", "par rôle du répondant"),
)
BY_CODE: Final[Mapping[str, Level]] = {level.code: level for level in LEVELS}
BREAKDOWNS: Final[tuple[str, ...]] = tuple(level.code for level in LEVELS[1:])

#: Authority types as groups (« Communes ») and as one of them (« Commune »).
TYPES: Final[Mapping[str, tuple[str, str]]] = {
    "commune": ("Commune", "Communes"),
    "epci": ("Intercommunalité (EPCI)", "Intercommunalités (EPCI)"),
    "departement": ("Département", "Départements"),
    "region": ("Région", "Régions"),
}
#: Respondents' roles as groups (« Agents ») and as one person (« agent », after « en tant qu' »).
ROLES: Final[Mapping[str, tuple[str, str]]] = {
    "agent": ("agent", "Agents"),
    "elu": ("élu ou élue", "Élus et élues"),
}
OVERALL_LABEL: Final = "Ensemble des collectivités"
MISSING_LABEL: Final = "Non renseigné"
#: Strata codes of every type, smallest first (communes, EPCI by nature, départements, régions).
STRATA: Final[tuple[str, ...]] = (*AMF6.labels, *EPCI_STRATA, "departement", "region")

Names = Mapping[str, Mapping[str, str]]  # région / département → official code → name


def level(code: str) -> Level:
    try:
        return BY_CODE[code]
    except KeyError:
        known = ", ".join(BY_CODE)
        raise ValueError(
            f"Niveau de ventilation inconnu : « {code} » (connus : {known})."
        ) from None


def stratum_label(code: str) -> str:
    """« Communes de moins de 500 hab. », « Communauté urbaine », « Départements »."""
    if code in EPCI_NATURE_LABELS:
        return EPCI_NATURE_LABELS[code]
    if code in TYPES:
        return TYPES[code][1]
    if code in AMF6.labels:
        size = AMF6.display_label(code)  # « moins de 500 hab. », « de 500 à 999 hab. »
        return f"Communes {size}" if size.startswith("de ") else f"Communes de {size}"
    return code


def modality_label(domain: str, code: str, names: Names | None = None) -> str:
    """The French label of one modality of a level; the code itself when nothing declares it."""
    if domain == OVERALL:
        return OVERALL_LABEL
    if not code:
        return MISSING_LABEL
    if domain in {"region", "departement"}:
        return (names or {}).get(domain, {}).get(code, code)
    if domain == "stratum":
        return stratum_label(code)
    groups = {"type": TYPES, "role": ROLES}.get(domain, {})
    return groups[code][1] if code in groups else code


def known_modality(domain: str, code: str, names: Names | None = None) -> bool:
    return domain == OVERALL or modality_label(domain, code, names) != code


def modality_key(domain: str, code: str) -> tuple[int, str]:
    """A sort key: declared order for types, strata (by size) and roles; codes otherwise."""
    declared = {"type": tuple(TYPES), "stratum": STRATA, "role": tuple(ROLES)}.get(domain)
    if declared is None:
        return 0, code
    return (declared.index(code), "") if code in declared else (len(declared), code)


def cell_key(domain: str, code: str) -> tuple[int, tuple[int, str]]:
    """A sort key of a published cell: levels as declared, then its modalities in reading order."""
    position = LEVELS.index(BY_CODE[domain]) if domain in BY_CODE else len(LEVELS)
    return position, modality_key(domain, code)


def ordered(domain: str, codes: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    """The modalities of a level in reading order (strata by size, not alphabetically)."""
    return sorted(codes, key=lambda code: modality_key(domain, code))
