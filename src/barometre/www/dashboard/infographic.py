"""/resultats/<vague>/infographie/ and its PDF: the key figures of a published wave on one page.

The figures are the dashboard's own (``dashboard.tables.key_figures``: weighted, with their
95 % interval and base, « secret statistique » for a suppressed cell). The PDF is the same sheet
rendered by WeasyPrint as a tagged PDF/UA-1 document (French ``lang``, title in the metadata),
generated once per result set revision into ``OPENDATA_ROOT/infographies/`` through a temporary
file renamed into place, so a reader never gets half a file.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from barometre.results.comparison import references
from barometre.www.context import SITE
from barometre.www.dashboard.changes import edition_label, key_changes
from barometre.www.dashboard.query import Published, published, published_wave, themes
from barometre.www.dashboard.tables import KEY_FIGURES, KeyFigure, key_figures, source
from barometre.www.dashboard.weighting import short_line, warnings, weighting

LOGGER = logging.getLogger(__name__)
STYLESHEET = "www/infographic.css"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF (structure tree, /Lang, /MarkInfo), PDF 1.7
#: Beyond this many themes the printed sheet uses its compact two-column layout.
ROOMY_THEMES = 3
MARIANNE = "dsfr/dist/fonts/Marianne-{}.woff2"
MARIANNE_FACES = (
    ("Regular", 400, "normal"),
    ("Regular_Italic", 400, "italic"),
    ("Bold", 700, "normal"),
    ("Bold_Italic", 700, "italic"),
)
COMPACT = ('class="infographie"', 'class="infographie infographie--serree"')


@dataclass(frozen=True)
class Reading:
    label: str
    value: str
    interval: str
    base: str


def _reading(figures: list[tuple[Any, list[KeyFigure]]]) -> Reading | None:
    """The first published key figure, to explain how to read one."""
    for _theme, items in figures:
        for item in items:
            if not item.weighted.secret:
                w = item.weighted
                return Reading(item.label, w.value, w.interval, w.base)
    return None


def _context(item: Published) -> dict[str, Any]:
    wave = item.wave
    reference, moves = key_changes(item, published())
    figures = key_figures(item, themes(item), moves)
    weighted = weighting(item, themes(item))
    return {
        "weighting_line": short_line(weighted),
        "weighting_warnings": warnings(weighted),
        "reference_label": edition_label(reference) if reference else "",
        "SITE_CONFIG": SITE,
        "title": f"Infographie — {wave.campaign.name}, vague {wave.number}",
        "wave": wave,
        "result_set": item.result_set,
        "source": source(item),
        "themes": figures,
        "reading": _reading(figures),
        "key_count": KEY_FIGURES,
        "compact": len(figures) > ROOMY_THEMES,
    }


@require_safe
def infographic(request: HttpRequest, wave_id: int) -> HttpResponse:
    """The printable page (its print stylesheet fits one A4 sheet)."""
    item = published_wave(wave_id)
    context = _context(item)
    context["skiplinks"] = [{"link": "#content", "label": "Contenu"}]
    return render(request, "www/dashboard/infographic.html", context)


def pdf_path(item: Published) -> Path:
    """One file per result set, and per result set of the edition its changes compare with."""
    root = Path(settings.OPENDATA_ROOT) / "infographies"
    reference = next(iter(references(item, published())), None)
    compared = f"-depuis-{reference.result_set.pk}" if reference else ""
    name = f"vague-{item.wave.pk}-r{item.result_set.revision}-{item.result_set.pk}{compared}.pdf"
    return root / name


def _static(name: str) -> Path:
    found = finders.find(name)
    if not found:  # pragma: no cover - shipped with the app or with django-dsfr
        raise FileNotFoundError(name)
    return Path(str(found))


def _font_faces() -> str:
    """Marianne, the State's typeface, from django-dsfr's static files: the sheet is set in
    the same letters on every machine, whatever fonts the system has."""
    return "".join(
        f"@font-face {{ font-family: Marianne; font-weight: {weight}; font-style: {style}; "
        f'src: url("{_static(MARIANNE.format(name)).as_uri()}") format("woff2"); }}\n'
        for name, weight, style in MARIANNE_FACES
    )


def _stylesheet() -> str:
    """The print stylesheet, read from the static files, after the faces of Marianne."""
    return _font_faces() + _static(STYLESHEET).read_text(encoding="utf-8")


def render_pdf(item: Published, **options: Any) -> bytes:
    """The infographic as a tagged one-page PDF (WeasyPrint is imported only when needed).

    Beyond ``ROOMY_THEMES`` themes the sheet is compact from the start; should it still
    overflow, the compact layout is forced, and only its first page is kept (the web page stays
    complete).
    """
    from weasyprint import CSS, HTML  # noqa: PLC0415 - heavy, only for the PDF
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    fonts = FontConfiguration()
    html = render_to_string("www/dashboard/infographic_pdf.html", _context(item))
    stylesheet = CSS(string=_stylesheet(), font_config=fonts)
    layout = {"stylesheets": [stylesheet], "pdf_variant": PDF_VARIANT, "font_config": fonts}
    document = HTML(string=html).render(**layout)
    compact = html.replace(COMPACT[0], COMPACT[1], 1)
    if len(document.pages) > 1 and compact != html:
        document = HTML(string=compact).render(**layout)
    if len(document.pages) > 1:
        LOGGER.warning(
            "Infographie de la vague %s : %d pages, seule la première est gardée.",
            item.wave.pk,
            len(document.pages),
        )
        del document.pages[1:]
    return cast(bytes, document.write_pdf(pdf_variant=PDF_VARIANT, **options))


def cached_pdf(item: Published) -> Path:
    """The wave's PDF for its current revision, generated on first request."""
    path = pdf_path(item)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix="infographie-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(render_pdf(item))
            Path(temporary).replace(path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    return path


@require_safe
def infographic_pdf(_request: HttpRequest, wave_id: int) -> FileResponse:
    item = published_wave(wave_id)
    path = cached_pdf(item)
    name = f"infographie-vague-{item.wave.number}-{item.wave.campaign.year}.pdf"
    return FileResponse(
        path.open("rb"), as_attachment=False, filename=name, content_type="application/pdf"
    )
