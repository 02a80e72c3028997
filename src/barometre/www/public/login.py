"""Login by link, with a button first so that mail scanners opening links spend nothing, and no
live token in a URL that a log keeps.

- GET /connexion/<token>/ (the mailed link) checks the token without spending it, keeps its
  hash in the session and redirects to /connexion/, a URL without token; a link opened but not
  used expires a day later at the latest (``collection.links.see_link``);
- GET /connexion/ shows the button; POST /connexion/ spends the link the session holds;
- POST /connexion/<token>/ spends the token directly (the token dies with that request).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometre.collection.errors import LinkError
from barometre.collection.links import consume_hashed, consume_link, see_link
from barometre.collection.models import Respondent
from barometre.www.respond.session import login_respondent

MAX_TOKEN_LENGTH = 128
TEMPLATE = "www/public/login.html"
SESSION_LINK = "barometre_login_link"
NO_LINK = (
    "Aucun lien de connexion n'est en attente dans ce navigateur : ouvrez le lien reçu par "
    "courriel, ou demandez-en un nouveau."
)


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, TEMPLATE, {"title": "Connexion", "error": message}, status=status)


def _spend(request: HttpRequest, spend: Callable[[], Respondent]) -> HttpResponse:
    try:
        respondent = spend()
    except LinkError as error:
        return _refused(request, str(error), error.status)
    login_respondent(request, respondent)
    return redirect("respond:home")


@never_cache
@require_http_methods(["GET", "POST"])
def login_with_link(request: HttpRequest, token: str) -> HttpResponse:
    if len(token) > MAX_TOKEN_LENGTH:
        return _refused(request, "Ce lien n'est pas valide.", 400)
    if request.method == "POST":
        return _spend(request, lambda: consume_link(token))
    try:
        request.session[SESSION_LINK] = see_link(token)
    except LinkError as error:
        return _refused(request, str(error), error.status)
    return redirect("public:login_confirm")


@never_cache
@require_http_methods(["GET", "POST"])
def login_confirm(request: HttpRequest) -> HttpResponse:
    hashed = request.session.get(SESSION_LINK)
    if not isinstance(hashed, str):
        return _refused(request, NO_LINK, 400 if request.method == "POST" else 200)
    if request.method == "GET":
        return render(request, TEMPLATE, {"title": "Connexion"})
    del request.session[SESSION_LINK]
    return _spend(request, lambda: consume_hashed(hashed))
