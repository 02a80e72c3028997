"""Error pages that never read the request again: no form, no cookie, no session, no database.

A refused request (``request_checks``) or a server error must not fail a second time while its
page is drawn; the 500 page gives the request id so that a user can quote it to the team."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from barometre.www.context import SITE
from barometre.www.request_id import current_request_id

GENERIC_400 = "La demande reçue est mal formée."
logger = logging.getLogger("barometre.requests")


def _page(template: str, request: HttpRequest, status: int, **context: object) -> HttpResponse:
    # Rendered without the request's context processors (session, user, CSRF cookie): the
    # templates see only the CSP nonce (as ``request.csp_nonce``) and the request id.
    seen = {"csp_nonce": getattr(request, "csp_nonce", "")}
    html = loader.render_to_string(
        template,
        {**context, "request": seen, "request_id": current_request_id(), "SITE_CONFIG": SITE},
    )
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def bad_request_page(request: HttpRequest, reason: str = GENERIC_400) -> HttpResponse:
    if request.path.startswith("/api/"):  # the API answers in JSON, errors included
        body = {"erreur": f"{reason} Rien n’a été lu.", "reference": current_request_id()}
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    return _page("400.html", request, 400, reason=reason)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _database_away(exception):
        # The view ran (a save may be stored) and the database went away before the session
        # was written: not a malformed request, a server fault that the respondent must hear of
        # as one (retrying the same form replays the save, it is never stored twice).
        logger.error("Session non enregistrée : base de données injoignable", exc_info=exception)
        return _page("500.html", request, 503)
    return bad_request_page(request)


def _database_away(exception: Exception) -> bool:
    """Django's session middleware turns a failed session write into « session interrupted »
    (a 400), whether the session was deleted meanwhile or PostgreSQL is unreachable."""
    cause = exception.__context__
    return (
        isinstance(exception, SessionInterrupted)
        and isinstance(cause, UpdateError)
        and isinstance(cause.__context__, OperationalError | InterfaceError)
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page("500.html", request, 500)


def method_not_allowed_page(request: HttpRequest, allowed: str) -> HttpResponse:
    """A page sent a method it does not take (a POST to a page that only shows): in French."""
    page = _page("405.html", request, 405, method=request.method, allowed=allowed)
    page["Allow"] = allowed
    return page


class MethodNotAllowedMiddleware:
    """Django answers a method a view does not take with an empty 405: give it the French page
    (the API's 405 already says why in JSON, and is left as it is)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:  # noqa: PLR2004
            return response
        if request.path.startswith("/api/"):
            return response
        return method_not_allowed_page(request, response.get("Allow", ""))
