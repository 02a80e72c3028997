"""Public pages that exist before any wave: the home page with the frame and its search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from barometre.operations.readiness import check_readiness
from barometre.referentiel import FrameError, load_frame, summarize

MAX_QUERY_LENGTH = 100


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Home: what the barometer is, the frame in figures, and a no-JavaScript authority search."""
    frame = load_frame()
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    hits, error = [], ""
    if "q" in request.GET:
        try:
            hits = frame.search(query, limit=20)
        except FrameError as problem:
            error = str(problem)
    summary = summarize(frame)
    strata = [
        {"label": summary["stratum_labels"][code], "count": n}
        for code, n in summary["communes_by_stratum"].items()
    ]
    departements = {unit.code: unit.name for unit in frame.of_type("departement")}
    results = [
        {
            "hit": hit,
            "departement": departements.get(hit.unit.departement or "", ""),
        }
        for hit in hits
    ]
    context = {
        "title": "Accueil",
        "query": query,
        "searched": "q" in request.GET,
        "results": results,
        "error": error,
        "summary": summary,
        "strata": strata,
        "skiplinks": [
            {"link": "#content", "label": "Contenu"},
            {"link": "#recherche", "label": "Rechercher une collectivité"},
            {"link": "#footer", "label": "Pied de page"},
        ],
    }
    return render(request, "www/public/home.html", context)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The (draft) accessibility statement required by article 47 of the 2005-102 law."""
    return render(
        request, "www/public/accessibility.html", {"title": "Déclaration d'accessibilité"}
    )


def health(request: HttpRequest) -> HttpResponse:  # noqa: ARG001 - Django's signature
    """Liveness probe for the load balancer: no database, no template (the bare-view ceiling)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def readiness(request: HttpRequest) -> HttpResponse:  # noqa: ARG001 - Django's signature
    """Readiness probe: 200 when the database answers and every migration is applied, else 503
    with what is not ready, in French (docs/operations.md, « Santé et disponibilité »)."""
    found = check_readiness()
    return JsonResponse(
        found.as_json(),
        status=200 if found.ready else 503,
        json_dumps_params={"ensure_ascii": False},
    )
