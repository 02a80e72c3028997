"""The reminder form: a dry run (who would be reminded, who skipped and why), then a background
job sends them (the page answers at once and links to the job's progress)."""

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
from barometre.participation.reminders import Plan, ReminderError, plan_reminders
from barometre.participation.tasks import start_reminders
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
