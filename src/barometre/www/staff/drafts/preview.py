"""The preview of a draft as respondents will see it: the same screens and fields as
/repondre/ (www/respond/pages.py, fields.html), skip logic applied on each « Suivant » without
JavaScript and live with relevance.js; what is entered is kept as test answers only."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from barometre.accounts.models import StaffProfile
from barometre.authoring import flows, trials
from barometre.authoring.models import QuestionnaireDraft, TrialOrigin, TrialResponse
from barometre.questionnaire import Issue, Page, Questionnaire
from barometre.questionnaire.expressions import Value
from barometre.www.respond.pages import (
    BadPostError,
    PageView,
    answer_rows,
    build_page,
    next_page_id,
    page_skip_data,
    previous_page_id,
    read_post,
)
from barometre.www.staff.drafts.views import draft_or_404, operators_only, render_detail


def _trial(draft_id: int, trial_id: int) -> tuple[QuestionnaireDraft, TrialResponse, Questionnaire]:
    draft = draft_or_404(draft_id)
    trial = get_object_or_404(TrialResponse, pk=trial_id, draft=draft, origin=TrialOrigin.PREVIEW)
    questionnaire = draft.questionnaire
    if questionnaire is None:
        raise Http404("Ce brouillon ne se compile pas : il n'a pas d'aperçu.")
    return draft, trial, questionnaire


def _page_url(draft: QuestionnaireDraft, trial: TrialResponse, page_id: str | None) -> str:
    if page_id is None:
        return reverse("staff:draft_preview_summary", args=[draft.pk, trial.pk])
    return reverse("staff:draft_preview_page", args=[draft.pk, trial.pk, page_id])


def _refused(
    request: HttpRequest, draft: QuestionnaireDraft, message: str, status: int
) -> HttpResponse:
    context = {"title": "Aperçu impossible", "draft": draft, "error": message}
    return render(request, "www/staff/drafts/preview_refused.html", context, status=status)


@operators_only
@require_POST
def preview_start(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    """A new test answer set, then its first screen."""
    draft = draft_or_404(draft_id)
    try:
        trial = trials.start_trial(draft, request.user)
    except flows.DraftError as error:
        return render_detail(request, draft, profile, error.status, error=str(error))
    questionnaire = draft.questionnaire
    assert questionnaire is not None  # noqa: S101 - start_trial refuses a draft that does not compile
    first = questionnaire.visible_pages({})
    return redirect(_page_url(draft, trial, first[0].id if first else None))


def _render(
    request: HttpRequest,
    draft: QuestionnaireDraft,
    trial: TrialResponse,
    view: PageView,
    status: int = 200,
) -> HttpResponse:
    questionnaire = draft.questionnaire
    assert questionnaire is not None  # noqa: S101 - checked by _trial
    previous = previous_page_id(questionnaire, view.page, trials.typed(trial.values))
    context = {
        "title": f"Aperçu : {view.section.title.fr} — {questionnaire.title.fr}",
        "draft": draft,
        "trial": trial,
        "questionnaire": questionnaire,
        "view": view,
        "previous": _page_url(draft, trial, previous) if previous else "",
        "skip_data": page_skip_data(questionnaire, view),
    }
    return render(request, "www/staff/drafts/preview_page.html", context, status=status)


@operators_only
@require_http_methods(["GET", "POST"])
def preview_page(
    request: HttpRequest,
    profile: StaffProfile,  # noqa: ARG001 - operators only
    draft_id: int,
    trial_id: int,
    page: str,
) -> HttpResponse:
    draft, trial, questionnaire = _trial(draft_id, trial_id)
    if draft.read_only:
        return _refused(request, draft, flows.already_published(draft), 409)
    screen = questionnaire.page(page)
    if screen is None:
        raise Http404("Ce questionnaire n'a pas cette page.")
    if request.method == "GET":
        view = build_page(questionnaire, screen, trials.typed(trial.values))
        return _render(request, draft, trial, view)
    return _save(request, draft, trial, screen)


def _save(
    request: HttpRequest, draft: QuestionnaireDraft, trial: TrialResponse, screen: Page
) -> HttpResponse:
    questionnaire = draft.questionnaire
    assert questionnaire is not None  # noqa: S101 - checked by _trial
    try:
        raw = read_post(screen, questionnaire, request.POST)
        errors = trials.save_trial_page(trial, screen, raw)
    except BadPostError as error:
        return _refused(request, draft, str(error), 400)
    except flows.DraftError as error:
        return _refused(request, draft, str(error), error.status)
    trial.refresh_from_db()
    values = trials.typed(trial.values)
    if errors:
        view = build_page(questionnaire, screen, values, errors, typed=raw)
        return _render(request, draft, trial, view, status=422)
    return redirect(_page_url(draft, trial, next_page_id(questionnaire, screen, raw, values)))


def _first_url(
    draft: QuestionnaireDraft,
    trial: TrialResponse,
    questionnaire: Questionnaire,
    values: dict[str, Value],
) -> str:
    pages = questionnaire.visible_pages(values)
    return _page_url(draft, trial, pages[0].id) if pages else ""


@operators_only
@require_http_methods(["GET", "POST"])
def preview_summary(
    request: HttpRequest,
    profile: StaffProfile,  # noqa: ARG001 - operators only
    draft_id: int,
    trial_id: int,
) -> HttpResponse:
    """The answers of the test set, then « Terminer l'essai » (checked as a submission)."""
    draft, trial, questionnaire = _trial(draft_id, trial_id)
    if draft.read_only:
        return _refused(request, draft, flows.already_published(draft), 409)
    errors: tuple[Issue, ...] = ()
    if request.method == "POST":
        try:
            errors = trials.finish_trial(trial)
        except flows.DraftError as error:
            return _refused(request, draft, str(error), error.status)
        if not errors:
            messages.success(
                request,
                "Essai terminé : ses réponses comptent dans les indicateurs de test ci-dessous, "
                "jamais dans les résultats.",
            )
            return redirect("staff:draft", draft_id=draft.pk)
    values = trials.typed(trial.values)
    context = {
        "title": f"Aperçu : récapitulatif — {questionnaire.title.fr}",
        "draft": draft,
        "trial": trial,
        "questionnaire": questionnaire,
        "rows": answer_rows(questionnaire, values),
        "errors": [
            {
                "url": _page_url(draft, trial, questionnaire.page_of(e.subject).id),
                "label": questionnaire.questions[e.subject].label.fr,
                "message": e.message,
            }
            for e in errors
            if e.subject is not None and e.subject in questionnaire.questions
        ],
        "first_url": _first_url(draft, trial, questionnaire, values),
    }
    return render(
        request, "www/staff/drafts/preview_summary.html", context, status=422 if errors else 200
    )
