"""One-time staff links, like the respondents' (www/public/login.py): a button first, so mail
scanners spend nothing, and no live token in a URL that a log keeps.

GET /equipe/connexion/lien/<uid>/<token>/ checks the link, keeps it in the session (stored on
the server) and redirects to /equipe/connexion/lien/, without token, which shows the button;
its POST logs in. A POST to the link's own URL logs in directly. A link opened but not used
expires a day later (accounts.links.staff_link_user)."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometre.accounts.links import staff_link_user
from barometre.audit.log import record

TEMPLATE = "www/staff/link_login.html"
SESSION_LINK = "barometre_staff_link"
TITLE = "Connexion de l'équipe"
INVALID = "Ce lien de connexion n'est pas valide, a expiré ou a déjà servi."


def _refused(request: HttpRequest, message: str = INVALID) -> HttpResponse:
    return render(request, TEMPLATE, {"title": TITLE, "error": message}, status=410)


def _log_in(request: HttpRequest, user: User) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record("staff_login", None, user, method="lien")
    return redirect("staff:home")


@never_cache
@require_http_methods(["GET", "POST"])
def login_with_staff_link(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    parts = [uidb64[:64], token[:128]]
    user = staff_link_user(*parts, opening=request.method == "GET")
    if user is None:
        return _refused(request)
    if request.method == "POST":
        return _log_in(request, user)
    request.session[SESSION_LINK] = parts
    return redirect("staff:link_login_confirm")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_staff_link(request: HttpRequest) -> HttpResponse:
    parts = request.session.get(SESSION_LINK)
    user = staff_link_user(*parts) if isinstance(parts, list) and len(parts) == 2 else None  # noqa: PLR2004 - (uid, token)
    if user is None:
        return _refused(request)
    if request.method == "GET":
        return render(request, TEMPLATE, {"title": TITLE})
    del request.session[SESSION_LINK]
    return _log_in(request, user)
