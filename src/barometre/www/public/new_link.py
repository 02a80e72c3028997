"""« Recevoir un nouveau lien »: the same answer whether or not the address is known."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from barometre.collection.errors import CollectionError
from barometre.collection.links import request_new_links
from barometre.collection.notify import send_login_link
from barometre.www.after_response import after_response
from barometre.www.client import client_address


class NewLinkForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique professionnelle",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@mairie.fr.",
        },
    )


@require_http_methods(["GET", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    form = NewLinkForm(request.POST or None)
    context: dict[str, object] = {"title": "Recevoir un nouveau lien", "form": form}
    mails: list[Callable[[], None]] = []
    if request.method == "POST" and form.is_valid():
        client = client_address(request)
        try:
            links = request_new_links(form.cleaned_data["email"], client)
        except CollectionError as error:
            context["error"] = str(error)
            return render(request, "www/public/new_link.html", context, status=429)
        for respondent, token in links:
            url = request.build_absolute_uri(reverse("public:login", args=[token]))
            mails.append(functools.partial(send_login_link, respondent, url, "relogin"))
        context["sent"] = True
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    response = render(request, "www/public/new_link.html", context, status=status)
    return after_response(response, mails)  # known or not, the page comes back as fast
