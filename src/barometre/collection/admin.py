"""Back office for who answers: respondents, access requests and allowed e-mail domains.

Answers themselves are not editable here: every write to a response goes through flows.py.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from barometre.collection.errors import CollectionError
from barometre.collection.links import canonical_authority
from barometre.collection.models import AccessRequest, AllowedDomain, Respondent, Response


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ("user", "authority_id", "role", "function", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "authority_id")
    readonly_fields = ("user", "authority_id", "created_at")


DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class AllowedDomainForm(forms.ModelForm):
    class Meta:
        model = AllowedDomain
        fields = ("authority_id", "domain")

    def clean_authority_id(self) -> str:
        try:
            return canonical_authority(self.cleaned_data["authority_id"])
        except CollectionError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_domain(self) -> str:
        domain: str = self.cleaned_data["domain"].strip().lower().removeprefix("@")
        if not DOMAIN.match(domain):
            raise forms.ValidationError(f"« {domain} » n'est pas un nom de domaine.")
        return domain


@admin.register(AllowedDomain)
class AllowedDomainAdmin(admin.ModelAdmin):
    form = AllowedDomainForm
    list_display = ("domain", "authority_id", "added_by", "added_at")
    search_fields = ("domain", "authority_id")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ("__str__",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # decided on /equipe/demandes/, which enrols and sends the link


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("authority_id", "questionnaire_key", "wave", "status", "submitted_at")
    list_filter = ("status", "wave", "questionnaire_key")
    search_fields = ("authority_id", "receipt_number")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
