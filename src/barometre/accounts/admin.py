"""StaffProfile in the Django admin (the territories are checked against the frame)."""

from __future__ import annotations

from django.contrib import admin

from barometre.accounts.models import StaffProfile


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "territories", "active")
    list_filter = ("role", "active")
    search_fields = ("user__username", "user__email", "organisation", "territories")
    autocomplete_fields = ("user",)
