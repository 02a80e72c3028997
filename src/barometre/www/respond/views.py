"""The questionnaire as respondents see it: one page per section, saved on the server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout as end_session
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection import flows
from barometre.collection.carryover import previous_edition
from barometre.collection.errors import CollectionError, ConflictError, NotFoundError
from barometre.collection.models import Respondent, Response, ResponseStatus
from barometre.collection.notify import send_receipt
from barometre.questionnaire import Issue, Page, Questionnaire
from barometre.questionnaire.errors import ANSWER_REQUIRED
from barometre.questionnaire.validation import validate_answers
from barometre.referentiel import load_frame, stratum_label, stratum_of
from barometre.www.after_response import after_response
from barometre.www.respond import carried
from barometre.www.respond import drafts as draft_tokens
from barometre.www.respond.pages import (
    CONTROL_FIELDS,
    BadPostError,
    PageView,
    answer_rows,
    build_page,
    next_page_id,
    page_skip_data,
    previous_page_id,
    read_post,
)
from barometre.www.respond.session import IDLE_HOURS, current_respondent, keep_alive

View = Callable[..., HttpResponse]


def respondent_required(view: View) -> View:
    """Deny by default: no respondent in the session, no page (a POST keeps what was typed)."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        respondent = current_respondent(request)
        if respondent is None:
            return session_expired(request)
        keep_alive(request)
        request.respondent = respondent  # type: ignore[attr-defined]
        return view(request, respondent, *args, **kwargs)

    return wrapper


def session_expired(request: HttpRequest) -> HttpResponse:
    """The session has ended: what the page sent is kept as a draft when its form says whose
    it is (a signed token), and shown back in any case."""
    kept = draft_tokens.keep_posted_drafts(request)
    if request.headers.get("X-Autosave"):
        message = (
            f"Votre session a pris fin après {IDLE_HOURS} heures sans activité. "
            + (
                "Ce que vous avez saisi est gardé en brouillon : "
                if kept
                else "Rien de nouveau n'a été enregistré : "
            )
            + "demandez un nouveau lien de connexion pour reprendre."
        )
        return JsonResponse({"message": message, "drafted": kept}, status=401)
    context = {
        "title": "Session expirée",
        "typed": typed_values(request),
        "kept": kept,
        "idle_hours": IDLE_HOURS,
    }
    return render(request, "www/respond/session_expired.html", context, status=401)


def typed_values(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    return [
        (k, v) for k, values in request.POST.lists() if k not in CONTROL_FIELDS for v in values if v
    ]


@respondent_required
@require_http_methods(["POST"])
def logout(request: HttpRequest, respondent: Respondent) -> HttpResponse:  # noqa: ARG001 - from the decorator
    """End the respondent's session (what a page held was saved before, see ``_save``)."""
    end_session(request)
    return render(request, "www/respond/logged_out.html", {"title": "Vous êtes déconnecté"})


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
        "idle_hours": IDLE_HOURS,
        "reports": published_answered(respondent),
    }
    return render(request, "www/respond/home.html", context)


def published_answered(respondent: Respondent) -> list[Wave]:
    """The published waves in which the authority submitted at least one questionnaire."""
    waves = Response.objects.filter(
        authority_id=respondent.authority_id,
        status=ResponseStatus.SUBMITTED,
        wave__status=WaveStatus.PUBLISHED,
    ).values_list("wave_id", flat=True)
    return list(
        Wave.objects.filter(pk__in=set(waves))
        .select_related("campaign")
        .order_by("-campaign__year", "-number")
    )


def _response(respondent: Respondent, wave_id: int, key: str) -> Response:
    """The authority's response, or 404 — exactly as for a response that does not exist."""
    return get_object_or_404(
        # The YAML source is not needed: the compiled questionnaire is shared by the process.
        Response.objects.select_related("wave__campaign", "version").defer("version__source"),
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
    return redirect(_resume_url(response))


def _resume_url(response: Response) -> str:
    """The first screen not saved yet or holding a draft, or the summary when there is none."""
    questionnaire = response.version.questionnaire
    drafted = set(flows.drafts(response))
    saved = {
        page_id
        for page_id in flows.saved_pages(response)
        if (page := questionnaire.page(page_id)) and not drafted & set(page.question_ids)
    }
    pages = questionnaire.visible_pages(flows.current_values(response))
    args = {"wave_id": response.wave_id, "key": response.questionnaire_key}
    first = next((p for p in pages if p.id not in saved), None)
    if first is None:
        return reverse("respond:summary", kwargs=args)
    return reverse("respond:page", kwargs={**args, "page": first.id})


@respondent_required
@require_http_methods(["GET", "POST"])
def page(
    request: HttpRequest, respondent: Respondent, wave_id: int, key: str, page: str
) -> HttpResponse:
    response = _response(respondent, wave_id, key)
    questionnaire = response.version.questionnaire
    screen = questionnaire.page(page)
    if screen is None:
        raise Http404
    if request.method == "GET":
        return _render_page(request, response, _stored_view(response, screen))
    if request.POST.get("action") == "reprendre":
        return _confirm_carried(request, respondent, response, screen)
    try:
        raw = read_post(screen, questionnaire, request.POST)
        revision = int(request.POST.get("revision", "-1"))
    except (BadPostError, ValueError) as error:
        return _refused(request, str(error), 400)
    return _save(request, respondent, response, screen, raw=raw, revision=revision)


def _confirm_carried(
    request: HttpRequest, respondent: Respondent, response: Response, screen: Page
) -> HttpResponse:
    """« Confirmer les réponses de l'an dernier pour cette section »: the one action that
    copies them in; back to the same screen, where they can still be changed."""
    try:
        revision = int(request.POST.get("revision", "-1"))
        key = request.POST.get("cle", "")[:64] or uuid.uuid4().hex
        flows.confirm_carried(response, screen.id, respondent, key=key, base_revision=revision)
    except ValueError:
        return _refused(request, "Formulaire incomplet : rechargez la page.", 400)
    except ConflictError as error:
        view = _stored_view(response, screen)
        return _render_page(request, response, view, conflict=str(error), status=409)
    except CollectionError as error:
        messages.error(request, str(error))
        return redirect(request.path)
    messages.success(
        request,
        "Les réponses de l'an dernier sont reprises pour cette section : vérifiez-les, "
        "modifiez-les si besoin, puis enregistrez la page.",
    )
    return redirect(request.path)


def _stored_view(response: Response, screen: Page) -> PageView:
    """The screen with the stored answers, and the drafts over them with what is wrong."""
    questionnaire = response.version.questionnaire
    values = flows.current_values(response)
    drafts = flows.drafts(response)
    errors = _draft_errors(questionnaire, screen, values, drafts)
    return build_page(questionnaire, screen, values, errors, drafts=drafts)


def _draft_errors(
    questionnaire: Questionnaire,
    screen: Page,
    values: dict[str, Any],
    drafts: dict[str, object],
) -> tuple[Issue, ...]:
    if not drafts:
        return ()
    checked = validate_answers(questionnaire, {**values, **drafts}, page=screen.section.id)
    return tuple(e for e in checked.errors if e.subject in drafts and e.code != ANSWER_REQUIRED)


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "www/respond/bad_request.html", {"error": message}, status=status)


def _save(
    request: HttpRequest,
    respondent: Respondent,
    response: Response,
    screen: Page,
    *,
    raw: dict[str, object],
    revision: int,
) -> HttpResponse:
    questionnaire = response.version.questionnaire
    action = request.POST.get("action")
    key = request.POST.get("cle", "")[:64] or uuid.uuid4().hex
    if action == "autosave":
        return _autosave(response, respondent, screen, raw=raw, revision=revision, key=key)
    try:
        result = flows.save_page(
            response, screen.id, raw, respondent, key=key, base_revision=revision
        )
    except ConflictError as error:
        return _conflicted(request, response, screen, raw=raw, message=str(error))
    except CollectionError as error:
        return _refused(request, str(error), error.status)
    values = flows.current_values(response)
    if action in {"quitter", "deconnexion"}:
        return _leave(request, action, kept=len(result.drafted))
    if result.errors:
        view = build_page(questionnaire, screen, values, result.errors, typed=raw)
        return _render_page(request, response, view, status=422)
    return redirect(_next_url(response, screen, raw, values))


def _conflicted(
    request: HttpRequest,
    response: Response,
    screen: Page,
    *,
    raw: dict[str, object],
    message: str,
) -> HttpResponse:
    """Someone else saved the page since it was loaded: show both, or when logging out keep
    what was typed as drafts."""
    if request.POST.get("action") == "deconnexion":
        return _leave_with_drafts(request, response, raw, request.respondent)  # type: ignore[attr-defined]
    values = flows.current_values(response)
    view = build_page(response.version.questionnaire, screen, values, typed=raw)
    return _render_page(request, response, view, conflict=message, status=409)


def _drafts_phrase(count: int) -> str:
    if count == 1:
        return "1 saisie à corriger gardée en brouillon"
    return f"{count} saisies à corriger gardées en brouillon"


def _leave(request: HttpRequest, action: str | None, *, kept: int) -> HttpResponse:
    saved = "Vos réponses sont enregistrées"
    if kept:
        saved += f" ; {_drafts_phrase(kept)}"
    if action == "deconnexion":
        end_session(request)
        context = {"title": "Vous êtes déconnecté", "saved": f"{saved}."}
        return render(request, "www/respond/logged_out.html", context)
    messages.success(request, f"{saved}. Vous pourrez reprendre plus tard.")
    return redirect("respond:home")


def _leave_with_drafts(
    request: HttpRequest, response: Response, raw: dict[str, object], respondent: Respondent
) -> HttpResponse:
    """Logging out over a colleague's newer save: what was typed waits as a draft."""
    kept = flows.keep_drafts(response, raw, respondent)
    end_session(request)
    saved = (
        "Un collègue a modifié cette page entre-temps : vos réponses n'ont pas remplacé les "
        f"siennes, vos {kept} saisie{'s' if kept > 1 else ''} sont gardées en brouillon sur la "
        "page, à vérifier à votre retour."
    )
    return render(
        request, "www/respond/logged_out.html", {"title": "Vous êtes déconnecté", "saved": saved}
    )


def _autosave(
    response: Response,
    respondent: Respondent,
    screen: Page,
    *,
    raw: dict[str, object],
    revision: int,
    key: str,
) -> JsonResponse:
    """The background save of a page while the respondent types: JSON, never a redirect.

    The message says what was stored and what was only kept as a draft (and why)."""
    try:
        result = flows.save_page(
            response, screen.id, raw, respondent, key=key, base_revision=revision, autosave=True
        )
    except ConflictError as error:
        flows.keep_drafts(response, raw, respondent)
        message = (
            f"{error} Ce que vous avez saisi n'a pas remplacé ses réponses : il est gardé en "
            "brouillon, rechargez la page pour comparer."
        )
        return JsonResponse({"message": message}, status=error.status)
    except CollectionError as error:
        return JsonResponse({"message": str(error)}, status=error.status)
    saved_at = timezone.localtime().strftime("%H:%M")
    questions = response.version.questionnaire.questions
    problems = [
        f"« {questions[e.subject].label.get('fr')} » ({e.message})"
        for e in result.errors
        if e.subject in result.drafted
    ]
    message = _autosave_message(saved_at, problems)
    return JsonResponse(
        {
            "revision": result.revision,
            "saved_at": saved_at,
            "message": message,
            "drafted": list(result.drafted),
        }
    )


def _autosave_message(saved_at: str, problems: list[str]) -> str:
    if not problems:
        return f"Réponses enregistrées automatiquement à {saved_at}."
    listed = ", ".join(problems)
    if len(problems) == 1:
        what = f"la réponse à {listed} est gardée en brouillon, pas enregistrée"
    else:
        what = f"les réponses à {listed} sont gardées en brouillon, pas enregistrées"
    return (
        f"Enregistrement automatique à {saved_at} : {what} ; vos autres réponses sont enregistrées."
    )


def _next_url(
    response: Response, screen: Page, raw: dict[str, object], values: dict[str, Any]
) -> str:
    """The first screen that applies after those this save covered, or the summary."""
    following = next_page_id(response.version.questionnaire, screen, raw, values)
    args = {"wave_id": response.wave_id, "key": response.questionnaire_key}
    if following is None:
        return reverse("respond:summary", kwargs=args)
    return reverse("respond:page", kwargs={**args, "page": following})


def _render_page(
    request: HttpRequest, response: Response, view: PageView, conflict: str = "", status: int = 200
) -> HttpResponse:
    questionnaire = response.version.questionnaire
    previous = previous_edition(response)
    view = carried.with_previous(view, previous)
    remaining = max(view.total - view.index + 1, 0)
    minutes_left = max(round(questionnaire.estimated_minutes * remaining / max(view.total, 1)), 1)
    context = {
        "title": f"{view.section.title.get('fr')} — {questionnaire.title.get('fr')}",
        "response": response,
        "questionnaire": questionnaire,
        "view": view,
        "revision": flows.page_revision(response, view.page.id),
        "key": uuid.uuid4().hex,
        "carry_key": uuid.uuid4().hex,
        "carry": carried.offer(response, view, previous),
        "conflict": conflict,
        "minutes_left": minutes_left,
        "previous": _previous_page(response, view.page, view.values),
        "skip_data": page_skip_data(questionnaire, view),
        "draft_token": draft_tokens.token(request.respondent, response, view.page),  # type: ignore[attr-defined]
        "idle_hours": IDLE_HOURS,
        "idle_seconds": IDLE_HOURS * 3600,
    }
    return render(request, "www/respond/page.html", context, status=status)


def _previous_page(response: Response, screen: Page, values: dict[str, Any]) -> str | None:
    return previous_page_id(response.version.questionnaire, screen, values)


def _answer_rows(response: Response) -> list[dict[str, Any]]:
    """Every visible question of the response with its answer as a label, page by page, and
    what became of the previous edition's answer (``carried.annotate_rows``)."""
    rows = answer_rows(response.version.questionnaire, flows.current_values(response))
    carried.annotate_rows(response, rows, previous_edition(response))
    return rows


def _carry_summary(response: Response, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """How many answers of the previous edition were confirmed, changed or left."""
    previous = previous_edition(response)
    if previous is None:
        return None
    return {"year": previous.year, **carried.counts(rows)}


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
            rows = _answer_rows(response)
            carry = _carry_summary(response, rows)
            # mailed once the page has gone: a mail relay down or slow never turns a stored
            # submission into an error page (the receipt page is the receipt)
            return after_response(
                redirect("respond:receipt", wave_id=wave_id, key=key),
                [partial(send_receipt, response, rows, respondent, carry=carry)],
            )
    questionnaire = response.version.questionnaire
    rows = _answer_rows(response)
    context = {
        "title": f"Récapitulatif — {questionnaire.title.get('fr')}",
        "response": response,
        "questionnaire": questionnaire,
        "rows": rows,
        "carry": _carry_summary(response, rows),
        "errors": [
            {
                "page": questionnaire.page_of(e.subject).id,
                "label": questionnaire.questions[e.subject].label.get("fr"),
                "message": e.message,
                "id": e.subject,
            }
            for e in errors
            if e.subject in questionnaire.questions
        ],
        "drafts": [
            {
                "page": questionnaire.page_of(qid).id,
                "id": qid,
                "label": questionnaire.questions[qid].label.get("fr"),
            }
            for qid in flows.drafts(response)
            if qid in questionnaire.questions
        ],
    }
    return render(request, "www/respond/summary.html", context, status=422 if errors else 200)


@respondent_required
@require_http_methods(["GET"])
def receipt(request: HttpRequest, respondent: Respondent, wave_id: int, key: str) -> HttpResponse:
    response = _response(respondent, wave_id, key)
    if response.submitted_at is None:
        raise Http404
    rows = _answer_rows(response)
    context = {
        "title": f"Accusé de réception — {response.version.questionnaire.title.get('fr')}",
        "response": response,
        "questionnaire": response.version.questionnaire,
        "rows": rows,
        "carry": _carry_summary(response, rows),
        "card": authority_card(respondent),
        "resubmit": response.status != ResponseStatus.SUBMITTED,
    }
    return render(request, "www/respond/receipt.html", context)
