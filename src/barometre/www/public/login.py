"""/connexion/<token>/: a page with a button, so that mail scanners opening links spend nothing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometre.collection.errors import LinkError
from barometre.collection.links import consume_link
from barometre.www.respond.session import login_respondent

MAX_TOKEN_LENGTH = 128


@never_cache
@require_http_methods(["GET", "POST"])
def login_with_link(request: HttpRequest, token: str) -> HttpResponse:
    if len(token) > MAX_TOKEN_LENGTH:
        return render(
            request, "www/public/login.html", {"error": "Ce lien n'est pas valide."}, status=400
        )
    if request.method == "GET":
        return render(request, "www/public/login.html", {"title": "Connexion"})
    try:
        respondent = consume_link(token)
    except LinkError as error:
        context = {"title": "Connexion", "error": str(error)}
        return render(request, "www/public/login.html", context, status=error.status)
    login_respondent(request, respondent)
    return redirect("respond:home")
