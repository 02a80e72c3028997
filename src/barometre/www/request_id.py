"""A request id per request: made here, returned in the ``X-Request-ID`` header, put on every
log line written while the request runs and shown on the 500 page, so that a user who quotes
it points the team at the right lines."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextvars import ContextVar

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_current: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    """The id of the request being served in this thread, ``""`` outside a request."""
    return _current.get()


def new_request_id() -> str:
    return secrets.token_hex(6)  # 12 hex digits: short enough to read out on the phone


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget(**_: object) -> None:
    """Once the response is sent: Django logs a 4xx after the middlewares have returned, and
    the mails sent after the response (www/after_response.py) log as part of the request."""
    _current.set("")


request_finished.connect(_forget, dispatch_uid="barometre.www.request_id")
