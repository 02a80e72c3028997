"""Security headers for every response: a strict Content Security Policy with a per-request
nonce (django-dsfr's script tags read ``request.csp_nonce``), and a restrictive
Permissions-Policy. Django 5.2 has no built-in CSP; this is the whole of it."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.path.startswith("/gestion/"):
            return response  # the Django admin ships inline scripts of its own
        response.headers.setdefault("Content-Security-Policy", POLICY.format(nonce=nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        return response
