"""What the API may show: published waves, their latest final result set, participation."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from barometre.campaigns.models import Wave
from barometre.collection.models import Response, ResponseStatus
from barometre.publication.evolutions import change_order, change_row
from barometre.publication.records_api import PARTICIPATION
from barometre.publication.tables import (
    estimate_row,
    indicator_labels,
    place_names,
    reading_order,
)
from barometre.questionnaire import Questionnaire
from barometre.referentiel import Frame, FrameError, load_frame
from barometre.results.comparison import changes, references
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import (
    Edition,
    latest_final,
    published_edition,
    published_editions,
)
from barometre.vocabulary import modality_label

DOMAINS = ("ensemble", "region", "departement", "type", "stratum", "role")


def published_waves() -> list[Wave]:
    """The waves the dashboard shows too, in the same order (results.queries)."""
    return [edition.wave for edition in published_editions()]


def published_wave(wave_id: int) -> Wave | None:
    edition = published_edition(wave_id)
    return edition.wave if edition else None


def final_result_set(wave: Wave) -> ResultSet | None:
    return latest_final(wave)


def questionnaires(wave: Wave) -> list[Questionnaire]:
    links = wave.questionnaires.select_related("version").order_by("position")
    return [link.version.questionnaire for link in links]


def estimates(result_set: ResultSet, filters: dict[str, str]) -> list[ResultEstimate]:
    query = ResultEstimate.objects.filter(result_set=result_set)
    if "indicateur" in filters:
        query = query.filter(indicator_id=filters["indicateur"])
    if "domaine" in filters:
        query = query.filter(domain=filters["domaine"])
    if "modalite" in filters:
        query = query.filter(level=filters["modalite"])
    if "ponderation" in filters:
        query = query.filter(weighting=filters["ponderation"])
    return sorted(query, key=reading_order)


def estimate_rows(result_set: ResultSet, filters: dict[str, str]) -> list[dict[str, object]]:
    """The rows of the open-data ``indicateurs`` table, filtered: no figure under secret."""
    labels, names = indicator_labels(result_set), place_names(load_frame())
    return [estimate_row(e, labels, names) for e in estimates(result_set, filters)]


def reference_editions(current: Edition) -> list[Edition]:
    """Earlier published editions comparable with ``current``, best first."""
    return references(current, published_editions())


def change_rows(before: Edition, after: Edition, filters: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of the open-data ``evolutions`` table since ``before``, overall or in one
    domain, filtered."""
    wanted = list(after.result_set.indicators)
    if "indicateur" in filters:
        wanted = [i for i in wanted if i == filters["indicateur"]]
    domain = filters.get("domaine", "ensemble")
    found = changes(before.result_set, after.result_set, [domain], wanted, with_breaks=True)
    indicators, names = after.result_set.indicators, place_names(load_frame())
    return [
        change_row(cell, found[cell], before, indicators, names)
        for cell in sorted(found, key=change_order(indicators))
        if "modalite" not in filters or cell[2] == filters["modalite"]
    ]


@functools.lru_cache(maxsize=4)
def units_by(frame: Frame, attribute: str) -> Counter[str]:
    """Units of the frame per région or département: counted once per process and frame."""
    return Counter(getattr(unit, attribute) for unit in frame.units if getattr(unit, attribute))


def _answered(wave: Wave) -> list[str]:
    """Authorities with at least one submitted response to the wave."""
    return list(
        Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED)
        .values_list("authority_id", flat=True)
        .distinct()
    )


def _place_of(frame: Frame, authority_id: str, level: str) -> str | None:
    """The région or département of an authority (None: a région at the département level, or
    an id the frame no longer knows)."""
    try:
        return str(getattr(frame.get(authority_id), level) or "") or None
    except FrameError:
        return None


def _participation(wave: Wave, level: str) -> list[tuple[Any, int, int]]:
    """Each place of ``level`` with its frame units and its responding units."""
    frame = load_frame()
    units = units_by(frame, level)
    responded = Counter(_place_of(frame, uid, level) for uid in _answered(wave))
    places = frame.of_type(level)  # type: ignore[arg-type]  # region or departement
    return [(place, units[place.code], responded[place.code]) for place in places]


def _rate(responded: int, units: int) -> float | None:
    return round(responded / units, 6) if units else None


def participation(wave: Wave, domain: str) -> list[dict[str, object]]:
    """Authorities with at least one submitted response, against the frame, per région or
    per département (``PARTICIPATION``). A département counts its communes, the EPCI whose
    population lies mostly in it, and the département itself; a région belongs to no
    département and is counted only at the région level."""
    names = place_names(load_frame())
    return [
        PARTICIPATION.row(
            {
                "domaine": domain,
                "modalite": place.code,
                "modalite_libelle": modality_label(domain, place.code, names),
                "region": place.region if domain == "departement" else place.code,
                "collectivites": units,
                "repondantes": responded,
                "taux": _rate(responded, units),
            }
        )
        for place, units, responded in _participation(wave, domain)
    ]


# The dashboard's reading of the same counts (www/public, moving to the dashboard package):
# to be replaced there by participation() so that one shape remains.
def participation_by_region(wave: Wave) -> list[dict[str, Any]]:
    """Authorities with at least one submitted response, against the frame, per région."""
    return [
        {
            "region": region.code,
            "nom": region.name,
            "collectivites": units,
            "repondantes": responded,
            "taux": _rate(responded, units),
        }
        for region, units, responded in _participation(wave, "region")
    ]


def participation_by_departement(wave: Wave) -> list[dict[str, Any]]:
    """Authorities with at least one submitted response, against the frame, per département.

    A département counts its communes, the EPCI whose population lies mostly in it, and the
    département itself; a région belongs to no département and is left out of this level.
    """
    return [
        {
            "departement": departement.code,
            "nom": departement.name,
            "region": departement.region,
            "collectivites": units,
            "repondantes": responded,
            "taux": _rate(responded, units),
        }
        for departement, units, responded in _participation(wave, "departement")
    ]
