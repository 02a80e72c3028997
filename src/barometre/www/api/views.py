"""/api/v1/: waves, questionnaires, indicators, results by domain, changes since an earlier
edition, participation by région or département.

Read-only, GET only, published waves only, the same disclosure rules as the pages (a suppressed
cell has no number). JSON by default, CSV with ``?format=csv``. Errors are JSON with a French
message and the right status.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt

from barometre.publication.package import csv_cell
from barometre.publication.records_api import (
    CHANGES_ANSWER,
    INDICATORS,
    PARTICIPATION_DOMAINS,
    QUESTIONNAIRES,
    RESULTS_ANSWER,
    WAVES,
    WEIGHTING,
)
from barometre.publication.weighting import open_data, region_names
from barometre.referentiel import load_frame
from barometre.results.comparison import NEW, series, weighted_differently
from barometre.results.queries import Edition
from barometre.www.api import queries
from barometre.www.api.openapi import MAX_ID, document
from barometre.www.api.ratelimit import rate_limited
from barometre.www.api.replies import error_reply, json_reply, read_only

FORMATS = ("json", "csv")
FILTERS = ("indicateur", "domaine", "modalite", "ponderation")
PAGINATION = ("limite", "decalage")
MAX_FILTER_LENGTH = 128
MAX_PAGE = 10_000


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def api_view(
    *parameters: str, paginated: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    """GET only, rate-limited, known parameters only, JSON or CSV, every error as French JSON.

    A view returns either one object or ``{"resultats": [...], ...}``; a paginated list takes
    ``limite`` and ``decalage`` and says its ``total``. Every parameter is checked before the
    view reads anything: a bad one is a 400 whatever the wave.
    """
    known = ("format", *parameters, *(PAGINATION if paginated else ()))

    def decorate(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
        @read_only
        @rate_limited
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                _check_request(request, known)
                limit, offset = _page_asked(request) if paginated else (None, 0)
                data = view(request, *args, **kwargs)
                if paginated:
                    data = _page(data, limit, offset)
            except ApiError as error:
                return error_reply(str(error), error.status)
            if request.GET.get("format", "json") == "csv":
                return _csv(data.get("resultats", [data]))
            return json_reply(data)

        return wrapper

    return decorate


def _check_request(request: HttpRequest, known: tuple[str, ...]) -> None:
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        raise ApiError(
            f"Paramètre inconnu : {', '.join(unknown)} (paramètres possibles : {', '.join(known)})."
        )
    if request.GET.get("format", "json") not in FORMATS:
        raise ApiError("Le paramètre format vaut json ou csv.")


def _whole(request: HttpRequest, name: str, low: int, high: int) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ApiError(f"Le paramètre {name} est un nombre entier de {low} à {high}.")
    return int(raw)


def _page_asked(request: HttpRequest) -> tuple[int | None, int]:
    """``limite`` (none: every row) and ``decalage`` (default 0), checked."""
    return _whole(request, "limite", 1, MAX_PAGE), _whole(request, "decalage", 0, MAX_ID) or 0


def _page(data: dict[str, Any], limit: int | None, offset: int) -> dict[str, Any]:
    rows = data["resultats"]
    end = len(rows) if limit is None else offset + limit
    return {**data, "total": len(rows), "decalage": offset, "limite": limit,
            "resultats": rows[offset:end]}  # fmt: skip


def _cell(value: Any) -> Any:
    """As in the open-data CSV (empty for none, true/false, formulas neutralised); a list
    joined by spaces."""
    return " ".join(map(str, value)) if isinstance(value, list) else csv_cell(value)


def _csv(rows: list[dict[str, Any]]) -> HttpResponse:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")


def _wave(wave_id: int) -> Any:
    wave = queries.published_wave(wave_id) if wave_id <= MAX_ID else None
    if wave is None:
        raise ApiError(f"Aucune vague publiée n'a l'identifiant {wave_id}.", 404)
    return wave


def wave_json(wave: Any) -> dict[str, object]:
    result_set = queries.final_result_set(wave)
    given = {
        "campagne": wave.campaign.name,
        "annee": wave.campaign.year,
        "ouverture": wave.opens_on.isoformat(),
        "cloture": wave.closes_on.isoformat(),
        "questionnaires": [q.id for q in queries.questionnaires(wave)],
        "revision_resultats": result_set.revision if result_set else None,
    }
    return WAVES.read(wave, given)


@api_view(paginated=True)
def waves(_request: HttpRequest) -> dict[str, Any]:
    rows = [wave_json(wave) for wave in queries.published_waves()]
    return {"resultats": rows}


@api_view()
def wave(_request: HttpRequest, wave_id: int) -> dict[str, Any]:
    """One wave: the object itself, not a list of one."""
    return wave_json(_wave(wave_id))


@api_view(paginated=True)
def questionnaires(_request: HttpRequest, wave_id: int) -> dict[str, Any]:
    rows = [
        QUESTIONNAIRES.read(q, {"titre": q.title.get("fr"), "questions": len(q.questions)})
        for q in queries.questionnaires(_wave(wave_id))
    ]
    return {"resultats": rows}


@api_view(paginated=True)
def indicators(_request: HttpRequest, wave_id: int) -> dict[str, Any]:
    rows = [
        INDICATORS.read(
            indicator,
            {
                "questionnaire": questionnaire.id,
                "libelle": indicator.label.get("fr"),
                "sensibilite": indicator.sensitivity.value,
                "numerateur": indicator.numerator.source,
                "base": indicator.base.source,
            },
        )
        for questionnaire in queries.questionnaires(_wave(wave_id))
        for indicator in questionnaire.indicators
    ]
    return {"resultats": rows}


def _filters(request: HttpRequest, names: tuple[str, ...]) -> dict[str, str]:
    filters = {key: request.GET[key] for key in names if key in request.GET}
    if any(len(value) > MAX_FILTER_LENGTH for value in filters.values()):
        raise ApiError("Filtre trop long.")
    if filters.get("domaine", "ensemble") not in queries.DOMAINS:
        raise ApiError(f"Domaine inconnu : choisissez parmi {', '.join(queries.DOMAINS)}.")
    if filters.get("ponderation", "brut") not in ("brut", "pondere"):
        raise ApiError("La pondération vaut brut ou pondere.")
    return filters


@api_view(*FILTERS, paginated=True)
def results(request: HttpRequest, wave_id: int) -> dict[str, Any]:
    wave_ = _wave(wave_id)
    result_set = queries.final_result_set(wave_)
    if result_set is None:
        raise ApiError("Cette vague n'a pas encore de résultats définitifs.", 404)
    filters = _filters(request, FILTERS)
    _known_indicator(filters, result_set.indicators)
    header = RESULTS_ANSWER.row(
        {
            "vague": wave_.pk,
            "revision": result_set.revision,
            "construit_le": result_set.built_at.isoformat(),
            "calage": _weighting(result_set),
        }
    )
    return {**header, "resultats": queries.estimate_rows(result_set, filters)}


def _weighting(result_set: Any) -> dict[str, Any]:
    """Each questionnaire's weighting: margins met or dropped, régions pooled, convergence."""
    names = region_names(load_frame().of_type("region"))
    return {
        key: WEIGHTING.row(open_data(report, names)) for key, report in result_set.weighting.items()
    }


def _known_indicator(filters: dict[str, str], indicators: Any) -> None:
    """An unknown indicator is a 404 with its name, never an empty list read as « no data »."""
    wanted = filters.get("indicateur")
    if wanted is not None and wanted not in indicators:
        raise ApiError("Indicateur inconnu pour cette vague : voir la liste de /indicateurs.", 404)


def _reference(request: HttpRequest, current: Edition) -> Edition:
    candidates = queries.reference_editions(current)
    if not candidates:
        raise ApiError("Aucune vague publiée antérieure ne mesure les mêmes indicateurs.", 404)
    wanted = request.GET.get("depuis")
    if wanted is None:
        return candidates[0]
    if not wanted.isascii() or not wanted.isdigit() or len(wanted) > MAX_FILTER_LENGTH:
        raise ApiError("Le paramètre depuis est l'identifiant d'une vague (nombre entier).")
    chosen = next((c for c in candidates if c.wave.pk == int(wanted)), None)
    if chosen is None:
        possible = ", ".join(str(c.wave.pk) for c in candidates)
        raise ApiError(f"Vague de référence impossible : choisissez depuis parmi {possible}.", 404)
    return chosen


@api_view("indicateur", "domaine", "modalite", "depuis", paginated=True)
def changes(request: HttpRequest, wave_id: int) -> dict[str, Any]:
    """Weighted changes since an earlier edition (``depuis``, default: the best one)."""
    wave_ = _wave(wave_id)
    result_set = queries.final_result_set(wave_)
    if result_set is None:
        raise ApiError("Cette vague n'a pas encore de résultats définitifs.", 404)
    filters = _filters(request, ("indicateur", "domaine", "modalite"))
    _known_indicator(filters, result_set.indicators)
    current = Edition(wave_, result_set)
    before = _reference(request, current)
    measured = {i: s for i, s in series(before.result_set, result_set).items() if s.standing != NEW}
    if "indicateur" in filters and filters["indicateur"] not in measured:
        raise ApiError("Cet indicateur n'est pas mesuré dans la vague de référence.", 404)
    header = CHANGES_ANSWER.row(
        {
            "vague": wave_.pk,
            "revision": result_set.revision,
            "vague_reference": before.wave.pk,
            "revision_reference": before.result_set.revision,
            "ponderations_differentes": weighted_differently(before.result_set, result_set),
        }
    )
    return {**header, "resultats": queries.change_rows(before, current, filters)}


@api_view("domaine", paginated=True)
def participation(request: HttpRequest, wave_id: int) -> dict[str, Any]:
    """By région (the default) or by département (``?domaine=departement``)."""
    wave_ = _wave(wave_id)
    domain = request.GET.get("domaine", "region")
    if domain not in PARTICIPATION_DOMAINS:
        raise ApiError("Domaine inconnu : choisissez region ou departement.")
    return {"resultats": queries.participation(wave_, domain)}


@read_only
def openapi(request: HttpRequest) -> JsonResponse:
    return json_reply(document(request.build_absolute_uri("/api")))


@csrf_exempt  # an unknown address is a 404 whatever the method, never the CSRF page
def unknown(request: HttpRequest, **_path: str) -> JsonResponse:
    """Any other address under /api/: a JSON 404 that says where to look (never an HTML page)."""
    path = request.path
    trimmed = path.rstrip("/")
    if trimmed != path and trimmed and _resolves(trimmed):
        message = f"Adresse inconnue : {path} (sans barre oblique finale : {trimmed})."
    else:
        message = f"Adresse inconnue : {path}. La documentation de l'API est sur /api/."
    return error_reply(message, 404)


def _resolves(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func is not unknown
