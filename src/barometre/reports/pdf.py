"""The report as a tagged PDF/UA-1 document: the page's content, printed by WeasyPrint.

The HTML is the report's own (``reports/body.html``, in ``reports/pdf.html``) with its links made
absolute; the stylesheet is ``reports/report_pdf.css`` after the faces of Marianne, taken from
django-dsfr's static files and embedded, as the infographic does. WeasyPrint tags the document
(structure tree, tables with their header cells, the chart as a figure whose alternative is the
SVG's ``<title>``), gives it the page's ``lang`` (fr) and puts the ``<title>`` in its metadata.

Printing itself (``reports/printing.py``) needs no Django: the batch's worker processes run it.
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from barometre.reports.printing import Printer
from barometre.reports.render import report_context
from barometre.reports.report import Report

STYLESHEET = "reports/report_pdf.css"
MARIANNE = "dsfr/dist/fonts/Marianne-{}.woff2"
MARIANNE_FACES = (
    ("Regular", 400, "normal"),
    ("Regular_Italic", 400, "italic"),
    ("Bold", 700, "normal"),
    ("Bold_Italic", 700, "italic"),
)


def static_file(name: str) -> Path:
    found = finders.find(name)
    if not found:  # pragma: no cover - shipped with the app or with django-dsfr
        raise FileNotFoundError(name)
    return Path(str(found))


def font_faces() -> str:
    """Marianne, the State's typeface, from django-dsfr: the same letters on every machine."""
    return "".join(
        f"@font-face {{ font-family: Marianne; font-weight: {weight}; font-style: {style}; "
        f'src: url("{static_file(MARIANNE.format(name)).as_uri()}") format("woff2"); }}\n'
        for name, weight, style in MARIANNE_FACES
    )


def stylesheet_text() -> str:
    """The faces of Marianne, then the report's print stylesheet."""
    return font_faces() + static_file(STYLESHEET).read_text(encoding="utf-8")


def pdf_html(report: Report) -> str:
    """The whole HTML document the PDF prints (links absolute: the file leaves the site)."""
    return render_to_string("reports/pdf.html", report_context(report, absolute=True))


_PRINTER: Printer | None = None


def printer() -> Printer:
    """This process's printer (the stylesheet is parsed once)."""
    global _PRINTER  # noqa: PLW0603 - one per process, built on first use
    if _PRINTER is None:
        _PRINTER = Printer(stylesheet_text())
        atexit.register(_forget_printer)
    return _PRINTER


def _forget_printer() -> None:
    """Drop the printer before the interpreter's teardown, while its fonts can still be removed."""
    global _PRINTER  # noqa: PLW0603
    _PRINTER = None


def render_pdf(report: Report, **options: Any) -> bytes:
    """The report as a tagged PDF (``options`` go to WeasyPrint's ``write_pdf``)."""
    return printer().print(pdf_html(report), **options)
