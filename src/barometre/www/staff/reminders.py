"""The reminder form: a dry run (who would be reminded, who skipped and why), then sending."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required, visible_authorities
from barometre.campaigns.models import Wave
from barometre.participation.reminders import (
    Plan,
    ReminderError,
    plan_reminders,
    send_reminders,
)
from barometre.referentiel import load_frame
from barometre.www.staff.forms import ReminderForm

PREVIEW_ROWS = 50


@staff_required(StaffRole.OPERATOR, StaffRole.RELAY)
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    visible = visible_authorities(profile)
    data = request.POST if request.method == "POST" else None
    form = ReminderForm(data, visible=visible)
    context: dict[str, object] = {
        "title": f"Relances — {wave.campaign.name}, vague {wave.number}",
        "profile": profile,
        "wave": wave,
        "form": form,
        "per_minute": settings.REMINDERS_PER_MINUTE,
        "per_request": web_batch(),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "www/staff/reminders.html", context, status=_status(form))
    try:
        plan = plan_reminders(wave, form.filters(), visible)
    except ReminderError as error:
        messages.error(request, str(error))
        return render(request, "www/staff/reminders.html", context, status=409)
    if request.POST.get("action") != "envoyer":
        context["preview"] = _preview(plan)
        return render(request, "www/staff/reminders.html", context)
    outcome = send_reminders(plan, request.user, limit=web_batch())  # type: ignore[arg-type]
    messages.success(
        request,
        f"{outcome.sent} relance(s) envoyée(s), {outcome.skipped} écartée(s), "
        f"{outcome.failed} échec(s) d'envoi, {outcome.remaining} restante(s) à envoyer.",
    )
    return redirect("staff:reminders", wave_id=wave.pk)


def web_batch() -> int:
    """Messages sent per click: at most REMINDERS_PER_REQUEST, and ~15 s at the throttled rate."""
    return max(1, min(settings.REMINDERS_PER_REQUEST, settings.REMINDERS_PER_MINUTE // 4))


def _status(form: ReminderForm) -> int:
    return 400 if form.is_bound and not form.is_valid() else 200


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
