"""The authorities that have not answered, filterable; one authority's participation."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from barometre.accounts.models import StaffProfile
from barometre.accounts.permissions import (
    authority_or_404,
    restrict,
    staff_required,
    visible_authorities,
)
from barometre.campaigns.models import Wave
from barometre.collection.models import Respondent
from barometre.participation.models import ReminderLog
from barometre.participation.nonrespondents import non_respondents
from barometre.participation.progress import units_in_scope, wave_statuses
from barometre.participation.rates import STATUS_LABELS
from barometre.referentiel import FrameError, load_frame, stratum_label, stratum_of
from barometre.www.staff.forms import FilterForm

PAGE_SIZE = 50


@staff_required()
@require_GET
def non_respondent_list(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    visible = visible_authorities(profile)
    form = FilterForm(request.GET or None, visible=visible)
    invalid = form.is_bound and not form.is_valid()
    units, ids = units_in_scope(visible)
    rows = (
        [] if invalid else non_respondents(units, wave_statuses(wave, visible), form.filters(), ids)
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "title": f"Collectivités sans réponse — {wave.campaign.name}, vague {wave.number}",
        "profile": profile,
        "wave": wave,
        "form": form,
        "page": page,
        "count": len(rows),
    }
    return render(request, "www/staff/nonrespondents.html", context, status=400 if invalid else 200)


@staff_required()
@require_GET
def authority(
    request: HttpRequest, profile: StaffProfile, wave_id: int, authority_id: str
) -> HttpResponse:
    """One authority in one wave; outside the relay's territory it is a 404 like a missing one."""
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    try:
        unit = load_frame().get(authority_id)
    except FrameError:
        raise Http404 from None
    authority_or_404(profile, unit.id)
    status = wave_statuses(wave, frozenset({unit.id})).get(unit.id, "not_invited")
    respondents = restrict(Respondent.objects.filter(authority_id=unit.id), profile)
    reminders = restrict(ReminderLog.objects.filter(wave=wave, authority_id=unit.id), profile)
    context = {
        "title": f"{unit.name} — participation",
        "profile": profile,
        "wave": wave,
        "unit": unit,
        "stratum": stratum_label(unit.type, stratum_of(unit)),
        "status": STATUS_LABELS[status],
        "respondents": respondents.order_by("role", "pk"),
        "reminders": reminders.select_related("respondent")[:50],
    }
    return render(request, "www/staff/authority.html", context)
