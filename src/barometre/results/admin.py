"""Staff back office: result sets are read-only; building one is an action (a new revision)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from barometre.campaigns.models import Wave
from barometre.results.build import build_result_set, check_buildable
from barometre.results.errors import ResultsError
from barometre.results.models import Kind, ResultSet


class BuildForm(forms.ModelForm):
    """« Ajouter » a result set means: build a new revision for this wave."""

    class Meta:
        model = ResultSet
        fields = ("wave", "kind")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wave: Wave | None = data.get("wave")
        if wave is not None:
            try:
                check_buildable(wave, data.get("kind", ""))
            except ResultsError as error:
                raise forms.ValidationError(str(error)) from None
        return data


@admin.register(ResultSet)
class ResultSetAdmin(admin.ModelAdmin):
    form = BuildForm
    list_display = ("wave", "kind", "revision", "responses", "built_at", "built_by")
    list_filter = ("kind", "wave")
    actions = ("rebuild",)
    readonly_fields = (
        "wave", "kind", "revision", "supersedes", "built_at", "built_by", "responses",
        "provenance", "weighting", "answer_tables_summary",
    )  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ("wave", "kind")

    @admin.display(description="réponses figées avec le jeu")
    def answer_tables_summary(self, obj: ResultSet) -> str:
        tables = obj.answer_tables.only("questionnaire_key", "rows", "sha256")
        found = [f"{t.questionnaire_key} : {t.rows} réponses (SHA-256 {t.sha256})" for t in tables]
        return " ; ".join(found) or "aucune (jeu construit avant le gel des réponses)"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        built = _build(request, obj.wave, obj.kind)
        for field in ResultSet._meta.concrete_fields:  # noqa: SLF001 - Django's public _meta API
            setattr(obj, field.attname, getattr(built, field.attname))
        obj._state.adding = False  # noqa: SLF001 - the row exists: it was built above

    @admin.action(description="Reconstruire (nouvelle révision, même nature)")
    def rebuild(self, request: HttpRequest, queryset: QuerySet[ResultSet]) -> None:
        for wave_id, kind in sorted(set(queryset.values_list("wave_id", "kind"))):
            try:
                built = _build(request, Wave.objects.get(pk=wave_id), kind)
            except ResultsError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.message_user(request, f"{built} construit.", messages.SUCCESS)


def _build(request: HttpRequest, wave: Wave, kind: str) -> ResultSet:
    return build_result_set(wave, kind, request.user)


__all__ = ["Kind", "ResultSetAdmin"]
