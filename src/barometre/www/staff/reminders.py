"""The reminder form: a dry run (who would be reminded, who skipped and why), then a background
job sends them (the page answers at once and links to the job's progress)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required, visible_authorities
from barometre.campaigns.models import Wave, WaveStatus
from barometre.participation.attrition import KINDS, available, previous_respondents
from barometre.participation.live import points
from barometre.participation.nonrespondents import Filters, listing_order
from barometre.participation.progress import frame_cells, region_names, wave_statuses
from barometre.participation.rates import STATUS_LABELS
from barometre.participation.reminders import Plan, ReminderError, plan_reminders, remindable
from barometre.participation.targeting import GAIN, Group, Ranking, attrition, rank
from barometre.participation.tasks import start_reminders
from barometre.referentiel import load_frame
from barometre.www.staff.forms import ReminderForm
from barometre.www.staff.views import NO_TERRITORY

PREVIEW_ROWS = 50
RANKED_GROUPS = 20
RANKED_AUTHORITIES = 50


@staff_required(StaffRole.OPERATOR, StaffRole.RELAY)
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    visible = visible_authorities(profile)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ReminderForm(data, visible=visible, available=available(wave))
    context: dict[str, object] = {
        "title": f"Relances — {wave.campaign.name}, vague {wave.number}",
        "profile": profile,
        "wave": wave,
        "form": form,
        "per_minute": settings.REMINDERS_PER_MINUTE,
        "gain": GAIN,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "www/staff/reminders.html", context, status=400)
    context["ranking"] = _ranking(wave, profile, form.filters(), visible)
    if request.method != "POST":
        return render(request, "www/staff/reminders.html", context)
    try:
        plan = plan_reminders(wave, form.filters(), visible)
    except ReminderError as error:
        messages.error(request, str(error))
        return render(request, "www/staff/reminders.html", context, status=409)
    if request.POST.get("action") != "envoyer":
        context["preview"] = _preview(plan)
        return render(request, "www/staff/reminders.html", context)
    if not plan.to_send:
        messages.info(request, "Personne à relancer avec ces critères : rien n'a été lancé.")
        return redirect("staff:reminders", wave_id=wave.pk)
    job = start_reminders(wave, form.filters(), visible, profile.user, len(plan.to_send))
    minutes = -(-len(plan.to_send) // settings.REMINDERS_PER_MINUTE)
    messages.success(
        request,
        f"Envoi de {len(plan.to_send)} relance(s) lancé en arrière-plan : environ {minutes} "
        "minute(s) au rythme autorisé. Vous pouvez quitter cette page, l'envoi continue.",
    )
    return redirect("staff:job", job_id=job.pk)


def _ranking(
    wave: Wave, profile: StaffProfile, filters: Filters, visible: frozenset[str] | None
) -> dict[str, object]:
    """The groups to remind first and their authorities, or the sentence that says why not."""
    if profile.role == StaffRole.RELAY and not profile.territory_ids:
        return {"reason": NO_TERRITORY}
    if wave.status != WaveStatus.OPEN:
        return {"reason": "On ne relance que pendant une vague ouverte : rien à classer."}
    statuses = wave_statuses(wave, visible)
    cells = frame_cells(visible)
    try:
        targets = remindable(wave, filters, visible, statuses)
    except ReminderError as error:
        return {"reason": str(error)}
    names = region_names()
    ranking = rank(cells, statuses, [a for a in targets if a in cells], names)
    previous = previous_respondents(wave, filters.attrition, visible) if filters.attrition else None
    return {
        "reason": ranking.reason,
        "r_now": _decimal(ranking.r_now),
        "width_now": points(ranking.width_now) if ranking.width_now is not None else "",
        "omitted": ranking.omitted,
        "groups": [_group(g, ranking, filters) for g in ranking.groups[:RANKED_GROUPS]],
        "group_count": len(ranking.groups),
        "authorities": _authorities(ranking, targets, previous),
        "authority_count": sum(len(g.members) for g in ranking.groups),
        "attrition": (
            attrition(cells, statuses, previous, names) if previous is not None else None
        ),
        "attrition_label": KINDS.get(filters.attrition, ""),
    }


def _decimal(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _group(group: Group, ranking: Ranking, filters: Filters) -> dict[str, object]:
    query = {
        "region": group.cell.region,
        "type": group.cell.type,
        "stratum": group.cell.stratum,
        "status": filters.statuses[0] if filters.statuses else "",
        "attrition": filters.attrition,
    }
    gain = ""
    if group.r_after is not None and ranking.r_now is not None:
        change = group.r_after - ranking.r_now
        sign = "+" if change >= 0 else "−"
        # four decimals: ten answers move R by a few ten-thousandths, which three would hide
        gain = (
            f"R {_decimal(ranking.r_now, 4)} → {_decimal(group.r_after, 4)} "
            f"({sign}{_decimal(abs(change), 4)})"
        )
        if not group.covered:
            gain += " ; couvrirait une strate qui n'a encore aucun répondant"
        elif group.width_after is not None:
            gain += f" ; précision {points(ranking.width_now or 0)} → {points(group.width_after)}"
    return {
        "group": group,
        "gain": gain,
        "query": urlencode({k: v for k, v in query.items() if v}),
    }


def _authorities(
    ranking: Ranking, targets: dict[str, str], previous: frozenset[str] | None
) -> list[dict[str, object]]:
    frame = load_frame()
    rows: list[dict[str, object]] = []
    for position, group in enumerate(ranking.groups, start=1):
        units = sorted((frame.get(a) for a in group.members), key=listing_order)
        for unit in units:
            rows.append(
                {
                    "rank": position,
                    "unit": unit,
                    "group": group.label,
                    "status": STATUS_LABELS[targets[unit.id]],
                    "before": previous is not None and unit.id in previous,
                }
            )
            if len(rows) >= RANKED_AUTHORITIES:
                return rows
    return rows


def _preview(plan: Plan) -> dict[str, object]:
    reasons = Counter(reason for _, reason in plan.skipped)
    frame = load_frame()
    return {
        "to_send": len(plan.to_send),
        "authorities": len({t.respondent.authority_id for t in plan.to_send}),
        "sample": [
            {"target": target, "authority": frame.get(target.respondent.authority_id)}
            for target in plan.to_send[:PREVIEW_ROWS]
        ],
        "reasons": sorted(reasons.items()),
    }
