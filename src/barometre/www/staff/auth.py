"""Staff log in with a username and password (Django's form), and log out with a POST."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse

from barometre.accounts.login_limits import is_locked, record_failure
from barometre.audit.log import record


class StaffLoginView(LoginView):
    template_name = "www/staff/login.html"
    next_page = "staff:home"
    extra_context = {"title": "Connexion de l'équipe"}  # noqa: RUF012 - Django reads it, never mutates it

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_locked(request.POST.get("username", "")):
            context = self.get_context_data(form=self.get_form(), locked=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        record("staff_login", None, form.get_user())
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        record_failure(self.request.POST.get("username", ""))
        return super().form_invalid(form)


class StaffLogoutView(LogoutView):
    next_page = "staff:login"
