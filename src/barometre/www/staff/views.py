"""Staff pages: the waves, and each wave's participation against the frame (page and CSV)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from barometre import vocabulary
from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required, visible_authorities
from barometre.audit.log import record
from barometre.campaigns.models import Wave
from barometre.exports import csv_bytes
from barometre.participation.live import Live
from barometre.participation.progress import participation_over_time
from barometre.participation.rates import Cell, RateRow, folded, total_row
from barometre.referentiel import load_frame
from barometre.www.staff.curve import curve
from barometre.www.staff.forms import ParticipationForm

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
    """Labels from the domain vocabulary: « Communes », « Communes de moins de 500 hab. »."""
    cell = row.cell
    region = names.get(cell.region, cell.region or "—")
    kind = vocabulary.modality_label("type", cell.type) if cell.type else ""
    stratum = vocabulary.stratum_label(cell.stratum) if cell.stratum else ""
    return {
        "region": region,
        "type": kind,
        "stratum": stratum,
        "label": stratum or kind or region,
        "row": row,
        "invited_rate": percent(row.invited_rate),
        "started_rate": percent(row.started_rate),
        "submitted_rate": percent(row.submitted_rate),
    }


@staff_required()
@require_GET
def dashboard(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    """The whole scope first, then by région, type and stratum, the daily curve, every cell."""
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    visible = visible_authorities(profile)
    form = ParticipationForm(request.GET or None, visible=visible)
    region, unit_type = form.chosen()
    seen = participation_over_time(wave, visible, keep=_keep(region, unit_type))
    names = region_names()
    context = {
        "title": f"Participation — {wave.campaign.name}, vague {wave.number}",
        "profile": profile,
        "wave": wave,
        "scope": scope_label(profile),
        "form": form,
        "selection": _selection(
            names.get(region, ""), vocabulary.modality_label("type", unit_type) if unit_type else ""
        ),
        "query": request.GET.urlencode() if form.is_valid() else "",
        "total": _display(total_row(seen.rows), names),
        "breakdowns": [
            (title, [_display(row, names) for row in folded(seen.rows, by)])
            for by, title in BREAKDOWN_TITLES
        ],
        "rows": [_display(row, names) for row in seen.rows],
        "curve": curve(seen.days),
        "days": seen.days,
        "live": live_for(profile, seen.live),
        "at": timezone.now(),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "www/staff/dashboard.html", context, status=status)


NO_TERRITORY = (
    "Votre profil de relais n'a pas encore de territoire : il n'y a aucune collectivité à "
    "comparer au référentiel. Demandez à un opérateur de vous en attribuer un."
)


def live_for(profile: StaffProfile, live: Live) -> Live:
    """A relay without a territory is told so, rather than « no frame unit »."""
    if profile.role == StaffRole.RELAY and not profile.territory_ids:
        return Live(NO_TERRITORY)
    return live


BREAKDOWN_TITLES = (
    ("region", "Par région"),
    ("type", "Par type de collectivité"),
    ("stratum", "Par strate de population (dans chaque type, de la plus petite à la plus grande)"),
)


def _keep(region: str, unit_type: str) -> Callable[[Cell], bool] | None:
    if not region and not unit_type:
        return None
    return lambda cell: (
        (not region or cell.region == region) and (not unit_type or cell.type == unit_type)
    )


def _selection(region: str, unit_type: str) -> str:
    chosen = [part for part in (region, unit_type) if part]
    return " — ".join(chosen)


@staff_required()
@require_GET
def dashboard_csv(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = get_object_or_404(Wave, pk=wave_id)
    visible = visible_authorities(profile)
    form = ParticipationForm(request.GET or None, visible=visible)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "Filtre inconnu : " + " ; ".join(str(e) for errs in form.errors.values() for e in errs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = participation_over_time(wave, visible, keep=_keep(*form.chosen())).rows
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
