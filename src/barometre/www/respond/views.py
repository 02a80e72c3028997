"""The questionnaire as respondents see it: one page per section, saved on the server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection import flows
from barometre.collection.errors import CollectionError, ConflictError, NotFoundError
from barometre.collection.models import Respondent, Response, ResponseStatus
from barometre.collection.notify import send_receipt
from barometre.questionnaire import Question, QuestionType, Section
from barometre.referentiel import load_frame, stratum_label, stratum_of
from barometre.www.respond.pages import (
    BadPostError,
    build_page,
    choices_of,
    read_post,
    visible_sections,
)
from barometre.www.respond.session import current_respondent

View = Callable[..., HttpResponse]


def respondent_required(view: View) -> View:
    """Deny by default: no respondent in the session, no page (a POST keeps what was typed)."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        respondent = current_respondent(request)
        if respondent is None:
            return session_expired(request)
        request.respondent = respondent  # type: ignore[attr-defined]
        return view(request, respondent, *args, **kwargs)

    return wrapper


def session_expired(request: HttpRequest) -> HttpResponse:
    context = {"title": "Session expirée", "typed": typed_values(request)}
    return render(request, "www/respond/session_expired.html", context, status=401)


def typed_values(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    skip = {"csrfmiddlewaretoken", "cle", "revision", "action"}
    return [(k, v) for k, values in request.POST.lists() if k not in skip for v in values if v]


def authority_card(respondent: Respondent) -> dict[str, Any]:
    frame = load_frame()
    unit = frame.get(respondent.authority_id)
    card: dict[str, Any] = {
        "unit": unit,
        "stratum": stratum_label(unit.type, stratum_of(unit)),
        "departement": frame.get(f"departement:{unit.departement}") if unit.departement else None,
        "region": frame.get(f"region:{unit.region}") if unit.region else None,
    }
    if unit.epci:
        card["epci"] = frame.get(f"epci:{unit.epci}")
    return card


@respondent_required
@require_http_methods(["GET"])
def home(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    waves = Wave.objects.filter(status=WaveStatus.OPEN).select_related("campaign")
    responses = {
        (r.wave_id, r.questionnaire_key): r
        for r in Response.objects.filter(authority_id=respondent.authority_id, wave__in=waves)
    }
    rows = []
    for wave in waves:
        for link in wave.questionnaires.select_related("version").order_by("position"):
            response = responses.get((wave.pk, link.questionnaire_key))
            questionnaire = (response.version if response else link.version).questionnaire
            rows.append({"wave": wave, "questionnaire": questionnaire, "response": response})
    context = {
        "title": "Mes questionnaires",
        "respondent": respondent,
        "card": authority_card(respondent),
        "rows": rows,
        "others": Respondent.objects.filter(user=respondent.user).exclude(pk=respondent.pk),
    }
    return render(request, "www/respond/home.html", context)


def _response(respondent: Respondent, wave_id: int, key: str) -> Response:
    """The authority's response, or 404 — exactly as for a response that does not exist."""
    return get_object_or_404(
        Response.objects.select_related("wave__campaign", "version"),
        wave_id=wave_id,
        questionnaire_key=key,
        authority_id=respondent.authority_id,
    )


@respondent_required
@require_http_methods(["POST"])
def start(request: HttpRequest, respondent: Respondent, wave_id: int, key: str) -> HttpResponse:
    wave = get_object_or_404(Wave, pk=wave_id)
    try:
        response = flows.open_response(wave, key, respondent)
    except NotFoundError:
        raise Http404 from None
    except CollectionError as error:
        messages.error(request, str(error))
        return redirect("respond:home")
    first = visible_sections(response.version.questionnaire, flows.current_values(response))[0]
    return redirect("respond:page", wave_id=wave.pk, key=key, page=first.id)


@respondent_required
@require_http_methods(["GET", "POST"])
def page(
    request: HttpRequest, respondent: Respondent, wave_id: int, key: str, page: str
) -> HttpResponse:
    response = _response(respondent, wave_id, key)
    section = response.version.questionnaire.section(page)
    if section is None:
        raise Http404
    if request.method == "GET":
        values = flows.current_values(response)
        view = build_page(response.version.questionnaire, section, values)
        return _render_page(request, response, view)
    try:
        raw = read_post(section, response.version.questionnaire, request.POST)
        revision = int(request.POST.get("revision", "-1"))
    except (BadPostError, ValueError) as error:
        return _refused(request, str(error), 400)
    return _save(request, respondent, response, section, raw=raw, revision=revision)


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "www/respond/bad_request.html", {"error": message}, status=status)


def _save(
    request: HttpRequest,
    respondent: Respondent,
    response: Response,
    section: Section,
    *,
    raw: dict[str, object],
    revision: int,
) -> HttpResponse:
    questionnaire = response.version.questionnaire
    leaving = request.POST.get("action") == "quitter"
    key = request.POST.get("cle", "")[:64] or uuid.uuid4().hex
    if request.POST.get("action") == "autosave":
        return _autosave(response, respondent, section, raw=raw, revision=revision, key=key)
    try:
        result = flows.save_page(
            response, section.id, raw, respondent, key=key, base_revision=revision
        )
    except ConflictError as error:
        values = flows.current_values(response)
        view = build_page(questionnaire, section, values, typed=raw)
        return _render_page(request, response, view, conflict=str(error), status=409)
    except CollectionError as error:
        return _refused(request, str(error), error.status)
    values = flows.current_values(response)
    if leaving:
        messages.success(
            request, "Vos réponses sont enregistrées. Vous pourrez reprendre plus tard."
        )
        return redirect("respond:home")
    if result.errors:
        view = build_page(questionnaire, section, values, result.errors, typed=raw)
        return _render_page(request, response, view, status=422)
    return redirect(_next_url(response, section.id, values))


def _autosave(
    response: Response,
    respondent: Respondent,
    section: Section,
    *,
    raw: dict[str, object],
    revision: int,
    key: str,
) -> JsonResponse:
    """The background save of a page while the respondent types: JSON, never a redirect."""
    try:
        result = flows.save_page(
            response, section.id, raw, respondent, key=key, base_revision=revision
        )
    except CollectionError as error:
        return JsonResponse({"message": str(error)}, status=error.status)
    saved_at = timezone.localtime().strftime("%H:%M")
    return JsonResponse({"revision": result.revision, "saved_at": saved_at})


def _next_url(response: Response, page_id: str, values: dict[str, Any]) -> str:
    shown = [s.id for s in visible_sections(response.version.questionnaire, values)]
    position = shown.index(page_id) if page_id in shown else -1
    args = {"wave_id": response.wave_id, "key": response.questionnaire_key}
    if position + 1 < len(shown):
        return reverse("respond:page", kwargs={**args, "page": shown[position + 1]})
    return reverse("respond:summary", kwargs=args)


def _render_page(
    request: HttpRequest, response: Response, view: Any, conflict: str = "", status: int = 200
) -> HttpResponse:
    questionnaire = response.version.questionnaire
    remaining = max(view.total - view.index + 1, 0)
    minutes_left = max(round(questionnaire.estimated_minutes * remaining / max(view.total, 1)), 1)
    context = {
        "title": f"{view.section.title.get('fr')} — {questionnaire.title.get('fr')}",
        "response": response,
        "questionnaire": questionnaire,
        "view": view,
        "revision": flows.page_revision(response, view.section.id),
        "key": uuid.uuid4().hex,
        "conflict": conflict,
        "minutes_left": minutes_left,
        "previous": _previous_page(response, view.section.id, view.values),
    }
    return render(request, "www/respond/page.html", context, status=status)


def _previous_page(response: Response, page_id: str, values: dict[str, Any]) -> str | None:
    shown = [s.id for s in visible_sections(response.version.questionnaire, values)]
    if page_id in shown and shown.index(page_id) > 0:
        return shown[shown.index(page_id) - 1]
    return None


def _answer_rows(response: Response) -> list[dict[str, Any]]:
    """Every visible question of the response with its answer as a label, page by page."""
    questionnaire = response.version.questionnaire
    values = flows.current_values(response)
    rows = []
    for section in visible_sections(questionnaire, values):
        items = [
            {
                "id": qid,
                "label": question.label.get("fr"),
                "value": _shown(question, values.get(qid)),
            }
            for qid in section.question_ids
            if (question := questionnaire.questions[qid]).type is not QuestionType.NOTE
            and (qid in values or question.relevance is None)
        ]
        rows.append({"section": section, "items": items})
    return rows


def _shown(question: Question, value: object) -> str:
    labels = {choice.value: choice.label for choice in choices_of(question)}
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    return labels.get(str(value), str(value))


@respondent_required
@require_http_methods(["GET", "POST"])
def summary(request: HttpRequest, respondent: Respondent, wave_id: int, key: str) -> HttpResponse:
    response = _response(respondent, wave_id, key)
    errors: tuple[Any, ...] = ()
    if request.method == "POST":
        try:
            errors = flows.submit(response, respondent)
        except CollectionError as error:
            messages.error(request, str(error))
            return redirect("respond:home")
        if not errors:
            response.refresh_from_db()
            send_receipt(response, _answer_rows(response), respondent)
            return redirect("respond:receipt", wave_id=wave_id, key=key)
    questionnaire = response.version.questionnaire
    context = {
        "title": f"Récapitulatif — {questionnaire.title.get('fr')}",
        "response": response,
        "questionnaire": questionnaire,
        "rows": _answer_rows(response),
        "errors": [
            {
                "page": questionnaire.questions[e.subject].section,
                "label": questionnaire.questions[e.subject].label.get("fr"),
                "message": e.message,
                "id": e.subject,
            }
            for e in errors
            if e.subject in questionnaire.questions
        ],
    }
    return render(request, "www/respond/summary.html", context, status=422 if errors else 200)


@respondent_required
@require_http_methods(["GET"])
def receipt(request: HttpRequest, respondent: Respondent, wave_id: int, key: str) -> HttpResponse:
    response = _response(respondent, wave_id, key)
    if response.submitted_at is None:
        raise Http404
    context = {
        "title": f"Accusé de réception — {response.version.questionnaire.title.get('fr')}",
        "response": response,
        "questionnaire": response.version.questionnaire,
        "rows": _answer_rows(response),
        "card": authority_card(respondent),
        "resubmit": response.status != ResponseStatus.SUBMITTED,
    }
    return render(request, "www/respond/receipt.html", context)
