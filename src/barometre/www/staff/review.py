"""/equipe/vagues/<id>/resultats/<révision>/: reviewing a result set before it is published —
its provenance, each questionnaire's weighting report (every margin's target beside the total
the weights reach, the steps tried, what was pooled or given up) and every suppressed cell."""

from __future__ import annotations

from collections import Counter
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from barometre import vocabulary
from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required
from barometre.audit.models import AuditEvent
from barometre.campaigns.models import Wave, WaveStatus
from barometre.publication.weighting import describe, number
from barometre.referentiel import load_frame
from barometre.results.models import Kind, ResultSet, Suppression
from barometre.results.queries import latest_final

LISTED: Final = 300  # suppressed cells listed on the page; the count says how many in all


def _names() -> dict[str, dict[str, str]]:
    frame = load_frame()
    return {
        kind: {u.code: u.name for u in frame.of_type(kind)} for kind in ("region", "departement")
    }


def _cell_label(key: str) -> str:
    """« commune·<500 » → « Communes de moins de 500 hab. »; an EPCI nature, a type alone."""
    kind, _, stratum = key.partition("·")
    if stratum and stratum != kind:
        return vocabulary.stratum_label(stratum)
    return vocabulary.modality_label("type", kind)


def _gap(target: float | None, achieved: float) -> str:
    if not target:
        return "–"
    return f"{100 * abs(achieved - target) / target:.2f} %".replace(".", ",")


def _cells(report: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "level": _cell_label(str(row["level"])),
            "responses": number(row["responses"]),
            "units": number(row["units"]),
            "target": number(row["target"]) if row["target"] is not None else "",
            "achieved": number(row["achieved"], 1),
            "gap": _gap(row["target"], row["achieved"]),
        }
        for row in report.get("cells", [])
    ]


def _steps(report: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "margin": str(step["margin"]),
            "method": "raking" if step["method"] == "rake" else "post-stratification",
            "met": "atteinte" if step["met"] else "abandonnée",
            "reason": str(step.get("reason") or ""),
        }
        for step in report.get("steps", [])
    ]


def _weighting(result_set: ResultSet, titles: dict[str, str]) -> list[dict[str, Any]]:
    names = _names()
    return [
        {
            "key": key,
            "title": titles.get(key, key),
            "words": describe(report, names["region"]),
            "cells": _cells(report),
            "steps": _steps(report),
            "uncovered_cells": [_cell_label(c) for c in report.get("uncovered_cells", [])],
            "uncovered_regions": [
                names["region"].get(code, code) for code in report.get("uncovered_regions", [])
            ],
        }
        for key, report in result_set.weighting.items()
    ]


def _domain(code: str) -> str:
    return vocabulary.BY_CODE[code].label if code in vocabulary.BY_CODE else code


def _suppressed(result_set: ResultSet, titles: dict[str, str]) -> dict[str, Any]:
    estimates = result_set.estimates.all()
    hidden = estimates.exclude(suppressed="").order_by(
        "questionnaire_key", "indicator_id", "domain", "level", "weighting"
    )
    names = _names()
    reasons = dict(Suppression.choices)
    counts = Counter(hidden.values_list("questionnaire_key", "suppressed"))
    indicators = result_set.indicators
    rows = [
        {
            "questionnaire": titles.get(e.questionnaire_key, e.questionnaire_key),
            "indicator": indicators.get(e.indicator_id, {}).get("libelle", e.indicator_id),
            "domain": _domain(e.domain),
            "level": vocabulary.modality_label(e.domain, e.level, names),
            "weighting": e.get_weighting_display(),
            "reason": reasons.get(e.suppressed, e.suppressed),
            "n": e.n,
        }
        for e in hidden[:LISTED]
    ]
    by_questionnaire = [
        {
            "title": titles.get(key, key),
            "primary": counts.get((key, Suppression.PRIMARY), 0),
            "secondary": counts.get((key, Suppression.SECONDARY), 0),
        }
        for key in result_set.weighting
    ]
    return {"total": estimates.count(), "hidden": hidden.count(), "rows": rows,
            "by_questionnaire": by_questionnaire, "listed": LISTED}  # fmt: skip


def _titles(result_set: ResultSet) -> dict[str, str]:
    found = result_set.provenance.get("questionnaires", {})
    return {key: versions[-1]["titre"] for key, versions in found.items() if versions}


def standing(wave: Wave, result_set: ResultSet) -> str:
    """What this result set is to the public: published, to be published, provisional, replaced."""
    newest = latest_final(wave)
    if result_set.kind == Kind.PROVISIONAL:
        return "provisional"
    if newest is None or newest.pk != result_set.pk:
        return "replaced"
    return "published" if wave.status == WaveStatus.PUBLISHED else "publishable"


def _reason(result_set: ResultSet) -> str:
    event = AuditEvent.objects.filter(
        action="results.built", object_type="results.resultset", object_id=str(result_set.pk)
    ).first()
    return str(event.detail.get("reason") or "") if event else ""


@staff_required(StaffRole.OPERATOR, StaffRole.ANALYST)
@require_GET
def review(
    request: HttpRequest, profile: StaffProfile, wave_id: int, revision: int
) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    result_set = get_object_or_404(
        ResultSet.objects.select_related("built_by", "supersedes"), wave=wave, revision=revision
    )
    titles = _titles(result_set)
    context = {
        "title": f"Relecture des résultats, révision {revision} — {wave.label}",
        "profile": profile,
        "wave": wave,
        "result_set": result_set,
        "standing": standing(wave, result_set),
        "operator": profile.role == StaffRole.OPERATOR,
        "reason": _reason(result_set),
        "weighting": _weighting(result_set, titles),
        "suppressed": _suppressed(result_set, titles),
        "provenance": result_set.provenance,
    }
    return render(request, "www/staff/waves/review.html", context)
