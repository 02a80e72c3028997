"""An authority as the frame describes it, for its public page: facts, links, members.

Labels come from ``vocabulary`` (types, strata) and ``referentiel.units`` (EPCI natures): the
page never names a group the published figures would name otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from barometre import vocabulary
from barometre.referentiel import Frame, FrameError, Unit, stratum_of
from barometre.referentiel.search import fold
from barometre.referentiel.units import EPCI_NATURE_LABELS
from barometre.www.dashboard.figures import whole

CODE_NAMES = {
    "commune": "Code INSEE de la commune",
    "epci": "SIREN de l'intercommunalité",
    "departement": "Code INSEE du département",
    "region": "Code INSEE de la région",
}
#: « la commune », « l'intercommunalité »: how a sentence names the authority's kind.
THE_KIND = {
    "commune": "cette commune",
    "epci": "cette intercommunalité",
    "departement": "ce département",
    "region": "cette région",
}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    url: str = ""


@dataclass(frozen=True)
class Member:
    name: str
    code: str
    population: str
    url: str


def page_url(unit: Unit) -> str:
    return reverse("public:authority", args=[unit.id])


def type_text(unit: Unit) -> str:
    """« Commune », « Intercommunalité (EPCI) : Métropole »."""
    kind = vocabulary.TYPES[unit.type][0]
    if unit.type == "epci" and unit.nature in EPCI_NATURE_LABELS:
        return f"{kind} : {EPCI_NATURE_LABELS[unit.nature]}"
    return kind


def stratum_text(unit: Unit) -> str:
    """The published group the authority belongs to: « Communes de 1 000 à 3 499 hab. »."""
    return vocabulary.stratum_label(stratum_of(unit))


def _linked(frame: Frame, unit_id: str) -> Fact | None:
    try:
        unit = frame.get(unit_id)
    except FrameError:
        return None
    return Fact("", f"{unit.name} ({unit.code})", page_url(unit))


def _place(frame: Frame, label: str, unit_id: str) -> list[Fact]:
    found = _linked(frame, unit_id)
    return [Fact(label, found.value, found.url)] if found else []


def _population(frame: Frame, unit: Unit) -> Fact:
    vintage = frame.provenance.get("vintage", "")
    label = f"Population municipale (millésime {vintage})" if vintage else "Population municipale"
    value = f"{whole(unit.population)} habitants"
    if unit.type != "commune":
        value += " (somme des communes)"
    return Fact(label, value)


def _epci_of(frame: Frame, unit: Unit) -> list[Fact]:
    if unit.type != "commune":
        return []
    label = "Intercommunalité (EPCI)"
    if not unit.epci:
        return [Fact(label, "aucune : commune isolée")]
    return _place(frame, label, f"epci:{unit.epci}")


def facts(frame: Frame, unit: Unit) -> list[Fact]:
    """Name, type, codes, population, stratum, département, région and EPCI, in that order."""
    rows = [
        Fact("Nom", unit.name),
        Fact("Type de collectivité", type_text(unit)),
        Fact(CODE_NAMES[unit.type], unit.code),
    ]
    if unit.siren and unit.type != "epci":
        rows.append(Fact("SIREN", unit.siren))
    rows.append(Fact("Identifiant dans le baromètre", unit.id))
    rows.append(_population(frame, unit))
    rows.append(Fact(vocabulary.level("stratum").label, stratum_text(unit)))
    if unit.postcodes:
        rows.append(Fact("Codes postaux", ", ".join(unit.postcodes)))
    if unit.departement and unit.type != "departement":
        rows += _place(frame, "Département", f"departement:{unit.departement}")
    if unit.region and unit.type != "region":
        rows += _place(frame, "Région", f"region:{unit.region}")
    rows += _epci_of(frame, unit)
    if unit.aliases:
        rows.append(Fact("Communes déléguées, associées ou anciens noms", ", ".join(unit.aliases)))
    return rows


def _member(unit: Unit) -> Member:
    return Member(unit.name, unit.code, whole(unit.population), page_url(unit))


def members(frame: Frame, unit: Unit) -> tuple[str, list[Member]]:
    """The communes of an EPCI, or the départements of a région, with their caption."""
    if unit.type == "epci":
        found = sorted(frame.members(unit), key=lambda u: (fold(u.name), u.code))
        return f"Communes membres de {unit.name}", [_member(u) for u in found]
    if unit.type == "region":
        departements = [u for u in frame.of_type("departement") if u.region == unit.code]
        return f"Départements de la région {unit.name}", [_member(u) for u in departements]
    return "", []
