"""Opt-outs and the reminder log in the Django admin (read-only log)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from barometre.participation.models import OptOut, ReminderLog


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("at", "wave", "authority_id", "respondent", "outcome", "reason", "by")
    list_filter = ("outcome", "wave")
    search_fields = ("authority_id", "respondent__user__email", "batch")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "at")
    search_fields = ("user__email",)
