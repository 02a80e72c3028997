"""A refused form (expired or missing CSRF token) never swallows what was typed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from barometre.www.respond.views import typed_values


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:  # noqa: ARG001 - Django's signature
    context = {"title": "Formulaire expiré", "typed": typed_values(request)}
    return render(request, "www/respond/csrf_failure.html", context, status=403)
