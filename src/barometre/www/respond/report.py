"""« Votre restitution »: the authority's report for a published wave it answered."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from barometre.collection.models import Respondent
from barometre.reports.build import build_report
from barometre.reports.errors import ReportError
from barometre.reports.render import report_context
from barometre.www.respond.views import respondent_required


@respondent_required
@require_http_methods(["GET", "HEAD"])
def report(request: HttpRequest, respondent: Respondent, wave_id: int) -> HttpResponse:
    try:
        built = build_report(
            wave_id,
            respondent.authority_id,
            peers_minimum=settings.RESTITUTION_PEERS_MINIMUM,
        )
    except ReportError as error:
        refused = {"title": "Restitution indisponible", "error": error.message}
        return render(request, "www/respond/report_refused.html", refused, status=error.status)
    context: dict[str, object] = {
        "title": f"Votre restitution — {built.source.wave}",
        **report_context(built),
    }
    return render(request, "www/respond/report.html", context)
