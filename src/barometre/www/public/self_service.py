"""/je-reponds/: « Je réponds pour ma collectivité » — find the authority, say who you are.

Without JavaScript: a search form (GET) lists matching authorities as radio buttons in the
request form (POST). With JavaScript, ``self_service.js`` turns the search box into a combobox
fed by ``/api/collectivites``. Whatever the outcome, the requester reads the same message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from barometre.audit.log import record
from barometre.collection.access import Outcome, ask_access
from barometre.collection.errors import CollectionError
from barometre.collection.models import Respondent, Role
from barometre.collection.notify import send_login_link
from barometre.collection.oidc import SESSION_OUTCOME
from barometre.referentiel import FrameError, load_frame
from barometre.referentiel.units import Unit
from barometre.www.after_response import after_response
from barometre.www.client import client_address
from barometre.www.public.api import MAX_QUERY_LENGTH, departement_names
from barometre.www.respond.session import login_respondent

TEMPLATE = "www/public/self_service.html"
MAX_RESULTS = 10


class SelfServiceForm(forms.Form):
    authority = forms.CharField(
        label="Votre collectivité",
        max_length=40,
        error_messages={"required": "Choisissez votre collectivité dans la liste."},
    )
    role = forms.ChoiceField(
        label="Vous répondez en tant que",
        choices=[(Role.AGENT, "Agent ou agente"), (Role.ELU, "Élu ou élue")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Indiquez si vous êtes agent ou élu.",
            "invalid_choice": "Choisissez agent ou élu.",
        },
    )
    function = forms.CharField(label="Votre fonction", max_length=120, required=False)
    email = forms.EmailField(
        label="Votre adresse électronique professionnelle",
        max_length=150,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@mairie.fr.",
            "max_length": "L'adresse dépasse 150 caractères.",
        },
    )

    def clean_authority(self) -> str:
        value: str = self.cleaned_data["authority"]
        try:
            return load_frame().get(value).id
        except FrameError:
            raise forms.ValidationError("Choisissez votre collectivité dans la liste.") from None


def _choices(query: str, chosen: str) -> tuple[list[dict[str, Any]], str]:
    """The authorities to offer as radio buttons: the search hits, and the chosen one first."""
    units: list[Unit] = []
    error = ""
    if query:
        try:
            units = [hit.unit for hit in load_frame().search(query, limit=MAX_RESULTS)]
        except FrameError as problem:
            error = str(problem)
    if chosen:
        try:
            unit = load_frame().get(chosen)
        except FrameError:
            pass
        else:
            units = [unit, *[other for other in units if other.id != unit.id]]
    names = departement_names()
    rows = [
        {
            "unit": unit,
            "departement": names.get(unit.departement or "", ""),
            "checked": unit.id == chosen,
        }
        for unit in units
    ]
    return rows, error


def _ask(request: HttpRequest, form: SelfServiceForm) -> list[Callable[[], None]]:
    """Record the request; the e-mail to send after the response, if the address is known."""
    data = form.cleaned_data
    answer = ask_access(
        data["authority"],
        data["email"],
        data["role"],
        data["function"],
        client=client_address(request),
    )
    if answer.outcome is not Outcome.LINK or answer.respondent is None:
        return []
    url = request.build_absolute_uri(reverse("public:login", args=[answer.token]))
    return [functools.partial(send_login_link, answer.respondent, url, answer.purpose)]


@require_http_methods(["GET", "POST"])
def self_service(request: HttpRequest) -> HttpResponse:
    form = SelfServiceForm(request.POST or None)
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[:MAX_QUERY_LENGTH]
    chosen = source.get("authority", "")[:40]
    choices, search_error = _choices(query, chosen)
    context: dict[str, Any] = {
        "title": "Je réponds pour ma collectivité",
        "form": form,
        "query": query,
        "searched": "q" in source,
        "choices": choices,
        "search_error": search_error,
        "proconnect": getattr(settings, "PROCONNECT_ENABLED", False),
    }
    status = 200
    mails: list[Callable[[], None]] = []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                mails = _ask(request, form)
            except CollectionError as error:
                context["error"] = str(error)
                status = error.status
            else:
                context["sent"] = True
                status = 200
    response = render(request, TEMPLATE, context, status=status)
    return after_response(response, mails)  # known or not, the page comes back as fast


# --- ProConnect ---------------------------------------------------------------------------


def _require_proconnect() -> None:
    if not getattr(settings, "PROCONNECT_ENABLED", False):
        raise Http404


@require_GET
def proconnect_start(request: HttpRequest) -> HttpResponse:
    """Off unless configured; then the redirect to the provider (state, nonce, PKCE)."""
    _require_proconnect()
    return cast(HttpResponse, OIDCAuthenticationRequestView.as_view()(request))


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self) -> str:
        return reverse("public:proconnect_failed")

    @property
    def success_url(self) -> str:
        return reverse("public:proconnect_choose")


@require_GET
def proconnect_callback(request: HttpRequest) -> HttpResponse:
    _require_proconnect()
    return cast(HttpResponse, ProConnectCallbackView.as_view()(request))


def _enter(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    login_respondent(request, respondent)
    request.session.pop(SESSION_OUTCOME, None)
    record("login", respondent, respondent.user, purpose="proconnect")
    return redirect("respond:home")


@never_cache
@require_http_methods(["GET", "POST"])
def proconnect_choose(request: HttpRequest) -> HttpResponse:
    """After ProConnect: the authority to answer for, asked only when there are several."""
    if not request.user.is_authenticated or request.session.get(SESSION_OUTCOME) != "known":
        return redirect("public:self_service")
    respondents = list(Respondent.objects.filter(user=request.user).order_by("authority_id"))
    if len(respondents) == 1:
        return _enter(request, respondents[0])
    chosen = request.POST.get("respondent", "")
    for respondent in respondents:
        if request.method == "POST" and str(respondent.pk) == chosen:
            return _enter(request, respondent)
    frame = load_frame()
    rows = [{"respondent": item, "unit": frame.get(item.authority_id)} for item in respondents]
    context = {"title": "Pour quelle collectivité répondez-vous ?", "rows": rows}
    if request.method == "POST":
        context["error"] = "Choisissez une collectivité dans la liste."
    status = 400 if request.method == "POST" else 200
    return render(request, "www/public/self_service_choose.html", context, status=status)


@never_cache
@require_GET
def proconnect_failed(request: HttpRequest) -> HttpResponse:
    """One neutral page for an unknown address, a queued request or a refused login."""
    request.session.pop(SESSION_OUTCOME, None)
    context = {"title": "Connexion avec ProConnect"}
    return render(request, "www/public/self_service_proconnect.html", context)
