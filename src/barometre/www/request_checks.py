"""Every request is checked once, before any view or middleware reads it: a path, query string,
form field, cookie or header that is not UTF-8 or holds a control character (a NUL byte, which
PostgreSQL refuses in text), or a form that declares another charset than UTF-8, gets a French
400 page. Nothing behind this middleware sees such a request, and the 400 page never reads it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict

from barometre.www.errors import bad_request_page

logger = logging.getLogger("barometre.requests")

# C0 controls but tab, line feed and carriage return (a textarea sends CR LF), and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
ENCODING = "L’adresse de la page contient un caractère refusé ou n’est pas encodée en UTF-8."
QUERY = "Un paramètre de l’adresse contient un caractère refusé (octet nul ou de contrôle)."
CHARSET = "Le formulaire doit être envoyé en UTF-8 (jeu de caractères reçu : « {} »)."
FIELD = "Un champ du formulaire contient un caractère refusé (octet nul ou de contrôle)."
BODY = "Le formulaire reçu est illisible ou trop volumineux."
COOKIE = "Un cookie envoyé par le navigateur contient un caractère refusé."
HEADER = "Un en-tête de la demande contient un caractère refusé."


class RefusedRequestError(Exception):
    """The French reason a request is refused."""


def _clean(values: Iterable[str], message: str) -> None:
    for value in values:
        if CONTROL.search(value):
            raise RefusedRequestError(message)


def _check_url(request: HttpRequest) -> None:
    raw_query = request.META.get("QUERY_STRING", "")
    for raw in (request.META.get("PATH_INFO", ""), raw_query):
        try:
            # WSGI hands the bytes over as latin-1; they must be UTF-8 once percent-decoded.
            unquote_to_bytes(raw.encode("latin-1")).decode("utf-8")
        except UnicodeError:
            raise RefusedRequestError(ENCODING) from None
    _clean([request.path], ENCODING)
    _clean((text for key, values in request.GET.lists() for text in (key, *values)), QUERY)


def _check_headers(request: HttpRequest) -> None:
    _clean((value for key, value in request.META.items() if key.startswith("HTTP_")), HEADER)
    _clean((text for pair in request.COOKIES.items() for text in pair), COOKIE)


def _check_form(request: HttpRequest) -> None:
    if request.method != "POST" or request.content_type not in FORMS:
        return
    charset = (request.content_params or {}).get("charset", "utf-8")
    if charset.strip().lower().replace("_", "-") not in {"utf-8", "utf8"}:
        raise RefusedRequestError(CHARSET.format(charset[:40]))
    try:
        fields = [text for key, values in request.POST.lists() for text in (key, *values)]
        names = [f.name or "" for key in request.FILES for f in request.FILES.getlist(key)]
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        # Malformed, truncated, too many fields or too big (RequestDataTooBig is suspicious too).
        raise RefusedRequestError(BODY) from None
    _clean(fields, FIELD)
    _clean(names, FIELD)


def refusal(request: HttpRequest) -> str | None:
    """Why this request is refused, in French, or ``None`` when it may go on."""
    try:
        _check_url(request)
        _check_headers(request)
        _check_form(request)
    except RefusedRequestError as error:
        return str(error)
    return None


class RequestChecksMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = refusal(request)
        if reason is None:
            return self.get_response(request)
        # The form is never read again: no view, middleware or error page parses it.
        request._post, request._files = QueryDict(), MultiValueDict()  # type: ignore[attr-defined]  # noqa: SLF001
        logger.warning("Demande refusée : %s", reason, extra={"status_code": 400})
        return bad_request_page(request, reason)
