"""Staff pages: the waves, and each wave's participation against the frame (page and CSV)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from barometre.accounts.models import StaffProfile
from barometre.accounts.permissions import staff_required, visible_authorities
from barometre.audit.log import record
from barometre.campaigns.models import Wave
from barometre.exports import csv_bytes
from barometre.participation.progress import participation
from barometre.participation.rates import RateRow, total_row
from barometre.referentiel import load_frame
from barometre.referentiel.units import TYPE_LABELS

CSV_HEADER = (
    "code_region",
    "region",
    "type",
    "strate",
    "libelle_strate",
    "collectivites_referentiel",
    "invitees",
    "commencees",
    "soumises",
    "taux_invitees",
    "taux_commencees",
    "taux_soumises",
)


def percent(rate: float | None) -> str:
    """``12,3 %`` (French), or an em dash when the base is empty."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f} %".replace(".", ",")


def region_names() -> dict[str, str]:
    return {unit.code: unit.name for unit in load_frame().of_type("region")}


def scope_label(profile: StaffProfile) -> str:
    if visible_authorities(profile) is None:
        return "toutes les collectivités du référentiel"
    frame = load_frame()
    return "territoire : " + ", ".join(frame.get(t).name for t in profile.territory_ids)


@staff_required()
@require_GET
def home(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    waves = Wave.objects.select_related("campaign").order_by("-campaign__year", "number")
    context = {"title": "Espace de l'équipe", "profile": profile, "waves": waves}
    return render(request, "www/staff/home.html", context)


def _display(row: RateRow, names: dict[str, str]) -> dict[str, Any]:
    return {
        "region": names.get(row.cell.region, row.cell.region or "—"),
        "type": TYPE_LABELS.get(row.cell.type, ""),
        "stratum": row.stratum_label,
        "row": row,
        "invited_rate": percent(row.invited_rate),
        "started_rate": percent(row.started_rate),
        "submitted_rate": percent(row.submitted_rate),
    }


@staff_required()
@require_GET
def dashboard(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    rows = participation(wave, visible_authorities(profile))
    names = region_names()
    context = {
        "title": f"Participation — {wave.campaign.name}, vague {wave.number}",
        "profile": profile,
        "wave": wave,
        "scope": scope_label(profile),
        "rows": [_display(row, names) for row in rows],
        "total": _display(total_row(rows), names),
        "at": timezone.now(),
    }
    return render(request, "www/staff/dashboard.html", context)


@staff_required()
@require_GET
def dashboard_csv(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = get_object_or_404(Wave, pk=wave_id)
    rows = participation(wave, visible_authorities(profile))
    names = region_names()
    body = csv_bytes(
        CSV_HEADER,
        (
            (
                row.cell.region,
                names.get(row.cell.region, ""),
                row.cell.type,
                row.cell.stratum,
                row.stratum_label,
                row.units,
                row.invited,
                row.started,
                row.submitted,
                _ratio(row.invited_rate),
                _ratio(row.started_rate),
                _ratio(row.submitted_rate),
            )
            for row in rows
        ),
    )
    record("export", wave, request.user, kind="participation_csv", rows=len(rows))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"participation-vague-{wave.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ratio(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.4f}"
