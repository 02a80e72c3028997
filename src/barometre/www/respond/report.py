"""« Votre restitution »: the authority's report for a published wave it answered, as a page
and as a tagged PDF to download."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from barometre.collection.models import Respondent
from barometre.reports.build import build_report
from barometre.reports.errors import ReportError
from barometre.reports.files import pdf_path, stored
from barometre.reports.pdf import render_pdf
from barometre.reports.render import report_context
from barometre.reports.report import Report
from barometre.www.respond.views import respondent_required


def _refused(request: HttpRequest, error: ReportError) -> HttpResponse:
    refused = {"title": "Restitution indisponible", "error": error.message}
    return render(request, "www/respond/report_refused.html", refused, status=error.status)


def _build(respondent: Respondent, wave_id: int) -> Report:
    return build_report(
        wave_id, respondent.authority_id, peers_minimum=settings.RESTITUTION_PEERS_MINIMUM
    )


@respondent_required
@require_http_methods(["GET", "HEAD"])
def report(request: HttpRequest, respondent: Respondent, wave_id: int) -> HttpResponse:
    try:
        built = _build(respondent, wave_id)
    except ReportError as error:
        return _refused(request, error)
    context: dict[str, object] = {
        "title": f"Votre restitution — {built.source.wave}",
        **report_context(built),
    }
    return render(request, "www/respond/report.html", context)


@respondent_required
@require_http_methods(["GET", "HEAD"])
def report_pdf(request: HttpRequest, respondent: Respondent, wave_id: int) -> HttpResponse:
    """The same report as a PDF: the file the batch built, or built now and kept."""
    try:
        built = _build(respondent, wave_id)
    except ReportError as error:
        return _refused(request, error)
    path = stored(pdf_path(built.source, built.authority.id), lambda: render_pdf(built))
    code = built.authority.id.replace(":", "-")
    name = f"restitution-{code}-vague-{built.source.wave_id}.pdf"
    response = HttpResponse(path.read_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
