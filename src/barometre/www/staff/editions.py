"""/equipe/editions/: the editions (campaigns) and their waves; creating an edition, then its
waves (dates, questionnaires among the registered versions), each confirmed before it is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required
from barometre.campaigns import flows
from barometre.campaigns.models import Campaign
from barometre.www.staff.wave_forms import EditionForm, WaveForm

TEMPLATES = "www/staff/waves/"
CONFIRM, CHECK = "confirmer", "verifier"


@staff_required()
@require_GET
def edition_list(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    campaigns = Campaign.objects.prefetch_related("waves").order_by("-year", "name")
    context = {
        "title": "Éditions du baromètre",
        "profile": profile,
        "campaigns": campaigns,
        "operator": profile.role == StaffRole.OPERATOR,
    }
    return render(request, TEMPLATES + "editions.html", context)


@staff_required()
@require_GET
def edition(request: HttpRequest, profile: StaffProfile, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    context = {
        "title": f"Édition « {campaign.name} »",
        "profile": profile,
        "campaign": campaign,
        "waves": campaign.waves.prefetch_related("questionnaires__version").order_by("number"),
        "operator": profile.role == StaffRole.OPERATOR,
    }
    return render(request, TEMPLATES + "edition.html", context)


def _step(request: HttpRequest) -> str:
    """« verifier » shows what will be written; « confirmer » writes; anything else: the form."""
    action = request.POST.get("action", "")
    return action if action in {CONFIRM, CHECK} else ""


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def new_edition(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    form = EditionForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"title": "Nouvelle édition", "profile": profile, "form": form}
    if request.method == "GET":
        return render(request, TEMPLATES + "edition_form.html", context)
    if not form.is_valid():
        return render(request, TEMPLATES + "edition_form.html", context, status=400)
    if _step(request) != CONFIRM:
        context["confirm"] = _step(request) == CHECK
        return render(request, TEMPLATES + "edition_form.html", context)
    data = form.cleaned_data
    try:
        campaign = flows.create_campaign(
            data["name"], data["slug"], data["year"], data["description"], profile.user
        )
    except flows.CampaignError as error:
        context["refusal"] = str(error)
        return render(request, TEMPLATES + "edition_form.html", context, status=409)
    messages.success(request, f"Édition « {campaign.name} » créée : ajoutez-lui ses vagues.")
    return redirect("staff:edition", campaign_id=campaign.pk)


def _initial(campaign: Campaign) -> dict[str, Any]:
    """The next number; the questionnaires of the edition's last wave, else of the last edition."""
    last = campaign.waves.order_by("-number").first()
    source = (
        last
        or (
            Campaign.objects.exclude(pk=campaign.pk).filter(waves__isnull=False).order_by("-year")
        ).first()
    )
    if isinstance(source, Campaign):
        source = source.waves.order_by("-number").first()
    versions = [link.version_id for link in source.questionnaires.all()] if source else []
    return {"number": (last.number + 1) if last else 1, "versions": versions}


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def new_wave(request: HttpRequest, profile: StaffProfile, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    data = request.POST if request.method == "POST" else None
    form = WaveForm(data, campaign=campaign, initial=_initial(campaign))
    context: dict[str, Any] = {"title": f"Nouvelle vague — {campaign.name}", "profile": profile,
                               "campaign": campaign, "form": form}  # fmt: skip
    if request.method == "GET":
        return render(request, TEMPLATES + "wave_form.html", context)
    if not form.is_valid():
        return render(request, TEMPLATES + "wave_form.html", context, status=400)
    if _step(request) != CONFIRM:
        context["confirm"] = _step(request) == CHECK
        return render(request, TEMPLATES + "wave_form.html", context)
    try:
        wave = flows.add_wave(campaign, form.details(), form.cleaned_data["versions"], profile.user)
    except flows.CampaignError as error:
        context["refusal"] = str(error)
        return render(request, TEMPLATES + "wave_form.html", context, status=409)
    messages.success(
        request, f"Vague {wave.number} créée en brouillon : ouvrez-la quand elle est prête."
    )
    return redirect("staff:wave", wave_id=wave.pk)
