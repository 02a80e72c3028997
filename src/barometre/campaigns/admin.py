"""Staff back office for campaigns and waves; every change goes through campaigns.flows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from barometre.campaigns import flows
from barometre.campaigns.models import (
    Campaign,
    QuestionnaireVersion,
    Wave,
    WaveQuestionnaire,
    WaveStatus,
    WaveTransition,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WaveQuestionnaireInline(ReadOnlyInline):
    model = WaveQuestionnaire
    fields = ("position", "questionnaire_key", "version")


class WaveTransitionInline(ReadOnlyInline):
    model = WaveTransition
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields


class WaveInline(ReadOnlyInline):
    model = Wave
    fields = ("number", "title", "opens_on", "closes_on", "status")
    show_change_link = True


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (WaveInline,)


def _move(request: HttpRequest, waves: QuerySet[Wave], to_status: str) -> None:
    for wave in waves:
        try:
            flows.transition(wave, to_status, actor=request.user)
        except flows.CampaignError as error:
            messages.error(request, f"{wave} : {error}")
        else:
            label = WaveStatus(to_status).label
            messages.success(request, f"{wave.campaign} — vague {wave.number} : {label}.")


@admin.action(description="Ouvrir les vagues sélectionnées")
def open_waves(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Wave]) -> None:
    _move(request, queryset, WaveStatus.OPEN)


@admin.action(description="Clore les vagues sélectionnées")
def close_waves(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Wave]) -> None:
    _move(request, queryset, WaveStatus.CLOSED)


@admin.action(description="Publier les vagues sélectionnées")
def publish_waves(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Wave]) -> None:
    _move(request, queryset, WaveStatus.PUBLISHED)


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ("campaign", "number", "title", "opens_on", "closes_on", "status")
    list_filter = ("status", "campaign")
    readonly_fields = ("status",)
    inlines = (WaveQuestionnaireInline, WaveTransitionInline)
    actions = (open_waves, close_waves, publish_waves)


class VersionForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireVersion
        fields = ("source", "origin")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            self.registered = flows.register_version(
                cleaned.get("source", ""), cleaned.get("origin", "")
            )
        except flows.CampaignError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ("title", "questionnaire_key", "version_label", "short_hash", "registered_at")
    list_filter = ("questionnaire_key",)
    form = VersionForm

    @admin.display(description="empreinte")
    def short_hash(self, obj: QuestionnaireVersion) -> str:
        return obj.version_hash[:12]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("questionnaire_key", "version_hash", "version_label", "title", "source", "origin")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        form.instance = form.registered  # stored by flows.register_version, idempotent

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
