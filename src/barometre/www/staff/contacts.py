"""/equipe/contacts/: operators check a contact list (dry run), then import it all or nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required
from barometre.collection.contacts import (
    MAX_BYTES,
    ContactReport,
    ImportOutcome,
    check_contacts,
    import_contacts,
)
from barometre.collection.errors import CollectionError
from barometre.collection.links import issue_link
from barometre.collection.notify import send_login_link

TEMPLATE = "www/staff/contacts.html"


class ContactFileForm(forms.Form):
    file = forms.FileField(
        label="Fichier de contacts (CSV ou XLSX)",
        error_messages={
            "required": "Choisissez un fichier.",
            "empty": "Le fichier est vide.",
            "invalid": "Ce fichier n'a pas pu être lu.",
        },
    )
    invite = forms.BooleanField(
        label="Envoyer une invitation aux nouveaux contacts", required=False
    )


def _read_upload(form: ContactFileForm) -> tuple[bytes, str]:
    """At most one byte past the cap, so that a huge upload is refused without reading it all."""
    upload = form.cleaned_data["file"]
    return upload.read(MAX_BYTES + 1), upload.name or ""


def _invite(request: HttpRequest, outcome: ImportOutcome) -> int:
    for respondent in outcome.created:
        token = issue_link(respondent, "invitation")
        url = request.build_absolute_uri(reverse("public:login", args=[token]))
        send_login_link(respondent, url, "invitation")
    return len(outcome.created)


def _run(request: HttpRequest, form: ContactFileForm, context: dict[str, Any]) -> int:
    data, name = _read_upload(form)
    try:
        report: ContactReport = check_contacts(data, name)
    except CollectionError as error:
        context["error"] = str(error)
        return error.status
    context["report"] = report
    if report.problems:
        return 422
    if request.POST.get("action") != "import":
        return 200
    try:
        outcome = import_contacts(report, request.user)  # type: ignore[arg-type]
    except CollectionError as error:
        context["error"] = str(error)
        return error.status
    context["outcome"] = outcome
    if form.cleaned_data["invite"]:
        context["invited"] = _invite(request, outcome)
    return 200


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    form = ContactFileForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"title": "Importer des contacts", "form": form, "profile": profile}
    status = 200
    if request.method == "POST":
        status = _run(request, form, context) if form.is_valid() else 400
    return render(request, TEMPLATE, context, status=status)
