"""Dates as French prose writes them: « 1er juin 2026 », « 12 juin 2026 à 14:05 ».

Registered as a template builtin (config/settings/base.py), so every template of the project,
pages and e-mails alike, writes ``{{ value|date_fr }}`` or ``{{ value|date_fr:"heure" }}``.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import dateformat, timezone

register = template.Library()


@register.filter
def date_fr(value: dt.date | None, precision: str = "") -> str:
    """« 1er juin 2026 » (the ordinal on the first of the month); with ``"heure"``, the time too."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {dateformat.format(value, 'F Y')}"
    if precision == "heure" and isinstance(value, dt.datetime):
        text += f" à {value:%H:%M}"
    return text
