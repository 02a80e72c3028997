"""Synthetic test answers for a draft, and removing every test answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from barometre.accounts.models import StaffProfile
from barometre.authoring import flows, trials
from barometre.www.staff.drafts.forms import GenerateForm
from barometre.www.staff.drafts.views import draft_or_404, operators_only, render_detail


def _s(count: int) -> str:
    return "s" if count > 1 else ""


@operators_only
@require_POST
def generate(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    """Synthetic respondents drawn from the frame answer the draft (barometre.synth)."""
    draft = draft_or_404(draft_id)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return render_detail(request, draft, profile, 400, generate_form=form)
    count, seed = form.cleaned_data["count"], form.cleaned_data["seed"]
    try:
        trials.generate(draft, count, seed, request.user)
    except flows.DraftError as error:
        return render_detail(request, draft, profile, error.status, error=str(error))
    messages.success(
        request,
        f"{count} réponse{_s(count)} synthétique{_s(count)} ajoutée{_s(count)} (graine {seed}) : "
        "elles ne comptent que dans les indicateurs de test de ce brouillon.",
    )
    return redirect("staff:draft", draft_id=draft.pk)


@operators_only
@require_POST
def reset(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    draft = draft_or_404(draft_id)
    try:
        removed = trials.reset(draft, request.user)
    except flows.DraftError as error:
        return render_detail(request, draft, profile, error.status, error=str(error))
    if removed:
        messages.success(
            request,
            f"{removed} réponse{_s(removed)} de test effacée{_s(removed)}.",
        )
    else:
        messages.info(request, "Ce brouillon n'avait aucune réponse de test : rien n'a été effacé.")
    return redirect("staff:draft", draft_id=draft.pk)
