"""/equipe/connexion/lien/<uid>/<token>/: a button first, so mail scanners spend nothing."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometre.accounts.links import staff_user_for
from barometre.audit.log import record

TEMPLATE = "www/staff/link_login.html"


@never_cache
@require_http_methods(["GET", "POST"])
def login_with_staff_link(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = staff_user_for(uidb64[:64], token[:128])
    if user is None:
        error = "Ce lien de connexion n'est pas valide, a expiré ou a déjà servi."
        return render(
            request, TEMPLATE, {"title": "Connexion de l'équipe", "error": error}, status=410
        )
    if request.method == "GET":
        return render(request, TEMPLATE, {"title": "Connexion de l'équipe"})
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record("staff_login", None, user, method="lien")
    return redirect("staff:home")
