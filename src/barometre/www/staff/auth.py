"""Staff log in with a username and password (Django's form), and log out with a POST."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpResponse

from barometre.audit.log import record


class StaffLoginView(LoginView):
    template_name = "www/staff/login.html"
    next_page = "staff:home"
    extra_context: ClassVar[dict[str, str]] = {"title": "Connexion de l'équipe"}

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        record("staff_login", None, form.get_user())
        return response


class StaffLogoutView(LogoutView):
    next_page = "staff:login"
