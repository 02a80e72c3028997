"""What the API may show: published waves, their latest final result set, participation."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response, ResponseStatus
from barometre.questionnaire import Questionnaire
from barometre.referentiel import Frame, FrameError, load_frame
from barometre.results.comparison import (
    CellChange,
    changes,
    comparable,
    references,
    side_values,
)
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import Edition, latest_final, published_editions
from barometre.vocabulary import cell_key

DOMAINS = ("ensemble", "region", "departement", "type", "stratum", "role")


def published_waves() -> list[Wave]:
    return list(
        Wave.objects.filter(status=WaveStatus.PUBLISHED)
        .select_related("campaign")
        .order_by("campaign__year", "campaign__slug", "number")
    )


def published_wave(wave_id: int) -> Wave | None:
    return (
        Wave.objects.filter(pk=wave_id, status=WaveStatus.PUBLISHED)
        .select_related("campaign")
        .first()
    )


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
    if "niveau" in filters:
        query = query.filter(level=filters["niveau"])
    if "ponderation" in filters:
        query = query.filter(weighting=filters["ponderation"])
    return sorted(query, key=lambda e: (e.indicator_id, cell_key(e.domain, e.level), e.weighting))


def estimate_json(estimate: ResultEstimate) -> dict[str, Any]:
    """One figure; a suppressed cell carries no number at all, only why."""
    hidden = bool(estimate.suppressed)
    return {
        "indicateur": estimate.indicator_id,
        "questionnaire": estimate.questionnaire_key,
        "domaine": estimate.domain,
        "niveau": estimate.level,
        "ponderation": estimate.weighting,
        "valeur": None if hidden else estimate.value,
        "erreur_type": None if hidden else estimate.se,
        "ic_bas": None if hidden else estimate.ci_low,
        "ic_haut": None if hidden else estimate.ci_high,
        "base_n": None if hidden else estimate.n,
        "secret": estimate.suppressed or None,
    }


def reference_editions(current: Edition) -> list[Edition]:
    """Earlier published editions comparable with ``current``, best first."""
    return references(current, published_editions())


def change_json(cell: tuple[str, str, str], pair: CellChange, theme: str) -> dict[str, Any]:
    """One cell in both editions; the change only when both are published."""
    indicator, domain, level = cell
    moved = pair.change
    return {
        "indicateur": indicator,
        "questionnaire": theme,
        "domaine": domain,
        "niveau": level,
        **side_values(pair.before, "_reference"),
        **side_values(pair.after),
        "ecart": moved.difference if moved else None,
        "erreur_type_ecart": moved.se if moved else None,
        "ic_bas_ecart": moved.low if moved else None,
        "ic_haut_ecart": moved.high if moved else None,
        "p_valeur": moved.p_value if moved else None,
        "significatif": moved.significant() if moved else None,
    }


def change_rows(before: Edition, after: Edition, filters: dict[str, str]) -> list[dict[str, Any]]:
    """Weighted changes of every comparable indicator, overall or in one domain."""
    compared = comparable(before.result_set, after.result_set)
    if "indicateur" in filters:
        compared = [i for i in compared if i == filters["indicateur"]]
    domain = filters.get("domaine", "ensemble")
    found = changes(before.result_set, after.result_set, [domain], compared)
    themes = after.result_set.indicators
    return [
        change_json(cell, found[cell], themes[cell[0]]["questionnaire"])
        for cell in sorted(found, key=lambda c: (c[0], cell_key(c[1], c[2])))
        if "niveau" not in filters or cell[2] == filters["niveau"]
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
    return [(place, units[place.code], responded[place.code]) for place in frame.of_type(level)]


def _rate(responded: int, units: int) -> float | None:
    return round(responded / units, 6) if units else None


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
