"""How every address under /api/ answers: JSON with French text (never ``\\u00e9``), an error as
``{"erreur": …}`` with its status, and any method but GET or HEAD as a JSON 405, before the
CSRF check (nothing under /api/ takes a form, so a POST never meets Django's HTML 403 page)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

METHODS = ("GET", "HEAD")
READ_ONLY = "Méthode non autorisée : l'API est en lecture seule (GET)."


def json_reply(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error_reply(message: str, status: int) -> JsonResponse:
    reply = json_reply({"erreur": message}, status)
    if status == 405:  # noqa: PLR2004 - HTTP status
        reply["Allow"] = ", ".join(METHODS)
    return reply


def read_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD reach ``view``; any other method is a JSON 405 that says why."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in METHODS:
            return error_reply(READ_ONLY, 405)
        return view(request, *args, **kwargs)

    return wrapper
