"""Opt out of reminders from the link in a reminder: no login, a signed token, a POST to act."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometre.participation.optout import (
    BadOptOutTokenError,
    has_opted_out,
    opt_out,
    user_of_token,
)


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    context: dict[str, object] = {"title": "Ne plus recevoir de relances"}
    try:
        user = user_of_token(token)
    except BadOptOutTokenError as error:
        context["error"] = str(error)
        return render(request, "www/staff/unsubscribe.html", context, status=400)
    if request.method == "POST":
        opt_out(user)
    context["done"] = has_opted_out(user)
    return render(request, "www/staff/unsubscribe.html", context)
