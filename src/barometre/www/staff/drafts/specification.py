"""The printable specification of a draft for the partners' review: HTML page and PDF.

The content is ``questionnaire.specification`` (every question, choice, condition in words,
constraint, sensitivity, scoring). The PDF is the same body set by WeasyPrint in Marianne,
the faces embedded as for the infographic (www/public/infographic.py), tagged PDF/UA-1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from barometre.accounts.models import StaffProfile
from barometre.authoring.models import QuestionnaireDraft
from barometre.questionnaire.specification import Specification, specification
from barometre.www.context import SITE
from barometre.www.dashboard.infographic import PDF_VARIANT, _font_faces
from barometre.www.staff.drafts.views import draft_or_404, operators_only

STYLESHEET = "www/specification.css"


def _specification(draft: QuestionnaireDraft) -> Specification:
    questionnaire = draft.questionnaire
    if questionnaire is None:
        raise Http404(
            "Ce brouillon ne se compile pas : corrigez le fichier pour en avoir la spécification."
        )
    return specification(questionnaire)


def _context(draft: QuestionnaireDraft) -> dict[str, Any]:
    spec = _specification(draft)
    return {
        "SITE_CONFIG": SITE,
        "title": f"Spécification — {spec.title}",
        "draft": draft,
        "spec": spec,
        "at": timezone.now(),
    }


@operators_only
@require_GET
def specification_page(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    context = {**_context(draft_or_404(draft_id)), "profile": profile, "current": "drafts"}
    return render(request, "www/staff/drafts/specification.html", context)


def _stylesheet() -> str:
    found = finders.find(STYLESHEET)
    if not found:  # pragma: no cover - shipped with the app
        raise FileNotFoundError(STYLESHEET)
    return _font_faces() + Path(str(found)).read_text(encoding="utf-8")


def render_pdf(draft: QuestionnaireDraft, **options: Any) -> bytes:
    """The specification as a tagged PDF (as many A4 pages as it takes)."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 - heavy, only for the PDF
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    fonts = FontConfiguration()
    html = render_to_string("www/staff/drafts/specification_pdf.html", _context(draft))
    stylesheet = CSS(string=_stylesheet(), font_config=fonts)
    document = HTML(string=html).render(
        stylesheets=[stylesheet], pdf_variant=PDF_VARIANT, font_config=fonts
    )
    return cast(bytes, document.write_pdf(pdf_variant=PDF_VARIANT, **options))


@operators_only
@require_GET
def specification_pdf(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:  # noqa: ARG001 - operators only
    draft = draft_or_404(draft_id)
    body = render_pdf(draft)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"specification-{draft.questionnaire_key}-brouillon-{draft.pk}-r{draft.revision}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
