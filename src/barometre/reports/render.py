"""The report as HTML (a page's content, or a whole file for the CLI) and as JSON."""

from __future__ import annotations

import json

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from barometre.reports.display import report_view
from barometre.reports.report import Report


def scoring_url(*, absolute: bool) -> str:
    path = reverse("public:scoring")
    return settings.SITE_URL.rstrip("/") + path if absolute else path


def report_context(report: Report, *, absolute: bool = False) -> dict[str, object]:
    return {**report_view(report), "scoring_url": scoring_url(absolute=absolute)}


def render_file(report: Report) -> str:
    """A whole HTML document, readable without the site (links are absolute)."""
    return render_to_string("reports/standalone.html", report_context(report, absolute=True))


def render_json(report: Report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
