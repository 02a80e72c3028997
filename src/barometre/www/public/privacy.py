"""« Données personnelles »: who processes what, why, for how long (read from the settings)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

DAYS_IN_A_YEAR = 365
DAYS_IN_A_MONTH = 30


def duration(days: int) -> str:
    """« 3 ans », « 6 mois », « 30 jours »: the period as a person says it."""
    if days % DAYS_IN_A_YEAR == 0:
        years = days // DAYS_IN_A_YEAR
        return f"{years} an{'s' if years > 1 else ''}"
    if days % DAYS_IN_A_MONTH == 0 and days > 2 * DAYS_IN_A_MONTH:
        return f"{days // DAYS_IN_A_MONTH} mois"
    return f"{days} jour{'s' if days > 1 else ''}"


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    retention = settings.RETENTION
    periods = {
        name: duration(getattr(retention, name))
        for name in ("contacts", "respondents", "login_links", "access_requests", "logs")
    }
    context = {
        "title": "Données personnelles",
        "periods": periods,
        "contact": settings.PRIVACY_CONTACT,
    }
    return render(request, "www/public/privacy.html", context)
