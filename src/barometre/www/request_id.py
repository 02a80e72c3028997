"""A request id per request: made here, returned in the ``X-Request-ID`` header, put on every
log line written while the request runs and shown on the 500 page, so that a user who quotes
it points the team at the right lines."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextvars import ContextVar

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
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response
