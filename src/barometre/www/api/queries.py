"""What the API may show: published waves, their latest final result set, participation."""

from __future__ import annotations

from collections import Counter
from typing import Any

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response, ResponseStatus
from barometre.questionnaire import Questionnaire
from barometre.referentiel import Frame, FrameError, load_frame
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import latest_final

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
    return list(query.order_by("indicator_id", "domain", "level", "weighting"))


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


def _region_of(frame: Frame, authority_id: str) -> str | None:
    """The région of an authority, or None for an id the frame no longer knows."""
    try:
        return frame.get(authority_id).region
    except FrameError:
        return None


def participation_by_region(wave: Wave) -> list[dict[str, Any]]:
    """Authorities with at least one submitted response, against the frame, per région."""
    frame = load_frame()
    units = Counter(unit.region for unit in frame.units if unit.region)
    answered = set(
        Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED)
        .values_list("authority_id", flat=True)
        .distinct()
    )
    responded = Counter(_region_of(frame, uid) for uid in answered)
    return [
        {
            "region": region.code,
            "nom": region.name,
            "collectivites": units[region.code],
            "repondantes": responded[region.code],
            "taux": round(responded[region.code] / units[region.code], 6)
            if units[region.code]
            else None,
        }
        for region in frame.of_type("region")
    ]
