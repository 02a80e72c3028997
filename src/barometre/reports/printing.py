"""HTML → tagged PDF/UA-1 with WeasyPrint, without Django: what a batch worker process runs.

:class:`Printer` holds one parsed stylesheet and one font configuration, so a process that
prints many reports parses them once. WeasyPrint tags the document (structure tree, tables
with their header cells, an SVG chart as a figure whose alternative is its ``<title>``), gives
it the page's ``lang`` and puts the HTML ``<title>`` in the document's metadata.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path
from typing import Any, cast

PDF_VARIANT = "pdf/ua-1"  # tagged PDF (structure tree, /Lang, /MarkInfo), PDF 1.7


class Printer:
    """Print HTML documents with ``stylesheet`` (CSS text, its font faces first)."""

    def __init__(self, stylesheet: str) -> None:
        from weasyprint import CSS  # noqa: PLC0415 - heavy, only where a PDF is printed
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        self.fonts = FontConfiguration()
        self.stylesheet = CSS(string=stylesheet, font_config=self.fonts)

    def print(self, html: str, **options: Any) -> bytes:
        from weasyprint import HTML  # noqa: PLC0415

        document = HTML(string=html).render(
            stylesheets=[self.stylesheet], pdf_variant=PDF_VARIANT, font_config=self.fonts
        )
        return cast(bytes, document.write_pdf(pdf_variant=PDF_VARIANT, **options))


def write_whole(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".restitution-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)


_WORKER: Printer | None = None


def start_worker(stylesheet: str) -> None:
    """A worker process's initializer: its one printer."""
    global _WORKER  # noqa: PLW0603 - one printer per worker process
    _WORKER = Printer(stylesheet)
    atexit.register(_forget_worker)


def _forget_worker() -> None:
    """Drop the printer before the interpreter's teardown, while its fonts can still be removed."""
    global _WORKER  # noqa: PLW0603
    _WORKER = None


def print_one(html: str, path: str) -> None:
    """In a worker process: print ``html`` and write the file ``path``."""
    if _WORKER is None:  # pragma: no cover - set by the pool's initializer
        raise RuntimeError("Processus d'impression sans initialisation.")
    write_whole(Path(path), _WORKER.print(html))
