"""/equipe/vagues/<id>/: one wave's lifecycle — its state, the steps it allows, its result sets,
its invitations, its background jobs and its timeline — and each step's confirmation page.

Every write goes through a flow (campaigns.flows, results.tasks, results.publishing,
participation.invitations); only operators take a step, each confirmed on its own page (a
form, no JavaScript), refused in French when the wave is no longer in the state it was seen in.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import restrict, staff_required
from barometre.campaigns import flows
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response, ResponseStatus
from barometre.jobs.models import FINISHED, JobKind
from barometre.participation.invitations import (
    InvitationError,
    plan_invitations,
    start_invitations,
)
from barometre.participation.models import InvitationOutcome
from barometre.results.errors import ResultsError
from barometre.results.models import Kind, ResultSet
from barometre.results.publishing import publish_result_set
from barometre.results.queries import latest_final
from barometre.results.tasks import start_build
from barometre.www.staff.timeline import timeline
from barometre.www.staff.wave_forms import BuildForm, PublishForm, StepForm

TEMPLATES = "www/staff/waves/"

#: What each step's confirmation page says will happen.
STEP_WORDS: dict[str, dict[str, str]] = {
    "ouvrir": {
        "title": "Ouvrir la vague",
        "button": "Confirmer l'ouverture",
        "effect": (
            "Les collectivités invitées pourront répondre dès maintenant. Les questionnaires de "
            "la vague ne pourront plus qu'être corrigés par une nouvelle version, avec un motif."
        ),
    },
    "clore": {
        "title": "Clore la vague",
        "button": "Confirmer la clôture",
        "effect": (
            "Plus personne ne pourra modifier ni soumettre de réponse. Vous pourrez ensuite "
            "construire le jeu de résultats définitif ; rouvrir la vague demandera un motif."
        ),
    },
    "rouvrir": {
        "title": "Rouvrir la vague",
        "button": "Confirmer la réouverture",
        "effect": (
            "Les répondants pourront de nouveau modifier et soumettre leurs réponses. Un jeu "
            "définitif déjà construit ne comptera pas les réponses arrivées depuis : il faudra "
            "en construire une nouvelle révision après la clôture."
        ),
    },
}


def _wave(wave_id: int) -> Wave:
    return get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)


def _result_sets(wave: Wave) -> list[dict[str, Any]]:
    sets = (
        ResultSet.objects.filter(wave=wave)
        .select_related("built_by")
        .annotate(hidden=Count("estimates", filter=~Q(estimates__suppressed="")))
        .order_by("-revision")
    )
    published = latest_final(wave) if wave.status == WaveStatus.PUBLISHED else None
    return [
        {"set": item, "published": published is not None and item.pk == published.pk}
        for item in sets
    ]


def _invitations(wave: Wave, profile: StaffProfile) -> dict[str, int]:
    rows = restrict(wave.invitations.all(), profile, "respondent__authority_id")
    counted = dict(rows.values("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    return {outcome: counted.get(outcome, 0) for outcome in InvitationOutcome.values}


def _responses(wave: Wave, profile: StaffProfile) -> dict[str, int]:
    rows = restrict(Response.objects.filter(wave=wave), profile)
    return {
        "submitted": rows.filter(status=ResponseStatus.SUBMITTED).count(),
        "started": rows.filter(status=ResponseStatus.IN_PROGRESS).count(),
    }


@staff_required()
@require_GET
def wave_page(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = _wave(wave_id)
    lines, older = timeline(wave)
    final = latest_final(wave)
    context = {
        "title": f"Conduite de la vague — {wave.label}",
        "profile": profile,
        "wave": wave,
        "operator": profile.role == StaffRole.OPERATOR,
        "questionnaires": wave.questionnaires.select_related("version").order_by("position"),
        "result_sets": _result_sets(wave),
        "final": final,
        "jobs": wave.jobs.exclude(kind=JobKind.REMINDERS).order_by("-pk")[:10],
        "running": wave.jobs.exclude(state__in=FINISHED).exists(),
        "invitations": _invitations(wave, profile),
        "responses": _responses(wave, profile),
        "last_change": flows.last_change(wave),
        "timeline": lines,
        "older": older,
    }
    return render(request, TEMPLATES + "wave.html", context)


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def change_step(
    request: HttpRequest, profile: StaffProfile, wave_id: int, step: str
) -> HttpResponse:
    """Open, close, reopen: a confirmation page, then the change (reopening needs a reason)."""
    if step not in flows.STEPS:
        raise Http404("Étape inconnue.")
    wave = _wave(wave_id)
    expected, _ = flows.STEPS[step]
    data = request.POST if request.method == "POST" else None
    form = StepForm(data, initial={"seen": wave.status}, reason_required=step == "rouvrir")
    context = {"title": f"{STEP_WORDS[step]['title']} — {wave.label}", "profile": profile,
               "wave": wave, "form": form, "words": STEP_WORDS[step], "step": step}  # fmt: skip
    if wave.status != expected and request.method == "GET":
        context["refusal"] = _cannot(wave, expected)
        return render(request, TEMPLATES + "step.html", context, status=409)
    if request.method == "GET":
        return render(request, TEMPLATES + "step.html", context)
    if not form.is_valid():
        return render(request, TEMPLATES + "step.html", context, status=400)
    if form.cleaned_data["seen"] != expected:  # the page was read in another state
        context["refusal"] = _cannot(wave, expected)
        return render(request, TEMPLATES + "step.html", context, status=409)
    try:
        flows.change_state(wave, step, profile.user, form.cleaned_data["reason"])
    except flows.CampaignError as error:
        context["refusal"] = str(error)
        return render(request, TEMPLATES + "step.html", context, status=409)
    done = {"ouvrir": "ouverte", "clore": "close", "rouvrir": "rouverte"}[step]
    messages.success(request, f"C'est fait : la vague est {done}.")
    return redirect("staff:wave", wave_id=wave.pk)


def _cannot(wave: Wave, expected: str) -> str:
    return (
        f"Cette vague est {WaveStatus(wave.status).label}{flows.last_change(wave)} : cette étape "
        f"ne s'applique qu'à une vague {WaveStatus(expected).label}. Rien n'a été fait."
    )


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def build(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    """Choose provisional or final (a reason to revise published results), then a job builds."""
    wave = _wave(wave_id)
    published = latest_final(wave) if wave.status == WaveStatus.PUBLISHED else None
    initial = {"kind": Kind.PROVISIONAL if wave.status == WaveStatus.OPEN else Kind.FINAL}
    form = BuildForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"title": f"Construire un jeu de résultats — {wave.label}", "profile": profile,
               "wave": wave, "form": form, "published": published}  # fmt: skip
    if request.method == "GET":
        return render(request, TEMPLATES + "build.html", context)
    if not form.is_valid():
        return render(request, TEMPLATES + "build.html", context, status=400)
    try:
        kind, reason = form.cleaned_data["kind"], form.cleaned_data["reason"]
        job = start_build(wave, kind, profile.user, reason)
    except ResultsError as error:
        context["refusal"] = str(error)
        return render(request, TEMPLATES + "build.html", context, status=409)
    messages.success(
        request,
        "Calcul lancé en arrière-plan : suivez-le ici, ou revenez plus tard à la page de la "
        "vague. Vous pouvez quitter cette page, le calcul continue.",
    )
    return redirect("staff:job", job_id=job.pk)


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    """The final result set to publish, stated; publishing it if it is still the newest."""
    wave = _wave(wave_id)
    final = latest_final(wave)
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": final.revision if final else None},
    )
    context = {"title": f"Publier — {wave.label}", "profile": profile, "wave": wave,
               "form": form, "final": final}  # fmt: skip
    if request.method == "GET":
        refusal = _publish_refusal(wave, final)
        context["refusal"] = refusal
        return render(request, TEMPLATES + "publish.html", context, status=409 if refusal else 200)
    if not form.is_valid():
        return render(request, TEMPLATES + "publish.html", context, status=400)
    try:
        publish_result_set(wave, form.cleaned_data["revision"], profile.user)
    except (flows.CampaignError, ResultsError) as error:
        context["refusal"] = str(error)
        return render(request, TEMPLATES + "publish.html", context, status=409)
    messages.success(
        request,
        f"Vague publiée : la révision {form.cleaned_data['revision']} est celle du tableau de "
        "bord, de l'API et des données ouvertes.",
    )
    return redirect("staff:wave", wave_id=wave.pk)


def _publish_refusal(wave: Wave, final: ResultSet | None) -> str:
    if wave.status == WaveStatus.PUBLISHED:
        return f"Cette vague est déjà publiée{flows.last_change(wave)}."
    if wave.status != WaveStatus.CLOSED:
        return (
            f"Cette vague est {WaveStatus(wave.status).label} : on ne publie qu'une vague close. "
            "Clôturez-la, construisez un jeu de résultats définitif, relisez-le, puis publiez."
        )
    if final is None:
        return (
            "Cette vague n'a pas de jeu de résultats définitif : construisez-le et relisez-le "
            "avant de publier."
        )
    return ""


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    """Who would be invited and who is left out (and why); then a job sends the invitations."""
    wave = _wave(wave_id)
    context: dict[str, Any] = {"title": f"Invitations — {wave.label}", "profile": profile,
                               "wave": wave, "sent": _invitations(wave, profile)}  # fmt: skip
    try:
        plan = plan_invitations(wave)
    except InvitationError as error:
        context["refusal"] = str(error)
        return render(request, TEMPLATES + "invitations.html", context, status=409)
    context["plan"] = plan
    if request.method == "GET":
        return render(request, TEMPLATES + "invitations.html", context)
    if request.POST.get("action") != "envoyer":
        context["refusal"] = "Demande incomplète : utilisez le bouton « Envoyer les invitations »."
        return render(request, TEMPLATES + "invitations.html", context, status=400)
    try:
        job = start_invitations(wave, profile.user)
    except InvitationError as error:
        context["refusal"] = str(error)
        return render(request, TEMPLATES + "invitations.html", context, status=409)
    messages.success(
        request,
        f"Envoi de {job.total} invitation(s) lancé en arrière-plan. Chaque contact ne la reçoit "
        "qu'une fois, même si la tâche est relancée.",
    )
    return redirect("staff:job", job_id=job.pk)
