"""HTML → tagged PDF/UA-1 with WeasyPrint, without Django: what a batch worker process runs.

:class:`Printer` holds one parsed stylesheet and one font configuration, so a process that
prints many reports parses them once. WeasyPrint tags the document (structure tree, tables
with their header cells, an SVG chart as a figure whose alternative is its ``<title>``), gives
it the page's ``lang`` and puts the HTML ``<title>`` in the document's metadata.

Printing one report allocates some hundred thousand short-lived objects (boxes, styles, text
runs); with Python's default thresholds the cycle collector then runs a full pass over the
whole heap several times per document, a sixth of the printing time. :func:`fewer_collections`
raises the youngest generation's threshold while a document prints, and a worker process
freezes what it keeps for its whole life (fonts, stylesheet, modules) so that no pass walks it.
"""

from __future__ import annotations

import atexit
import gc
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

PDF_VARIANT = "pdf/ua-1"  # tagged PDF (structure tree, /Lang, /MarkInfo), PDF 1.7
#: Allocations between two collections of the youngest generation while a document prints
#: (Python's default is 700): the older generations' thresholds are kept.
PRINTING_GC_THRESHOLD = 50_000

_gc_lock = threading.Lock()
_gc_printing = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cycles less often while the block runs (threads printing at once share it)."""
    global _gc_printing, _gc_saved  # noqa: PLW0603 - the interpreter's one collector
    with _gc_lock:
        if _gc_printing == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(PRINTING_GC_THRESHOLD, *_gc_saved[1:])
        _gc_printing += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_printing -= 1
            if _gc_printing == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)


class Printer:
    """Print HTML documents with ``stylesheet`` (CSS text, its font faces first)."""

    def __init__(self, stylesheet: str) -> None:
        from weasyprint import CSS  # noqa: PLC0415 - heavy, only where a PDF is printed
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        self.fonts = FontConfiguration()
        self.stylesheet = CSS(string=stylesheet, font_config=self.fonts)

    def print(self, html: str, **options: Any) -> bytes:
        with fewer_collections():
            document = self.lay_out(html)
            return cast(bytes, document.write_pdf(pdf_variant=PDF_VARIANT, **options))

    def lay_out(self, html: str) -> Any:
        """WeasyPrint's laid out document (its pages of boxes), before it is written."""
        from weasyprint import HTML  # noqa: PLC0415

        with fewer_collections():
            return HTML(string=html).render(
                stylesheets=[self.stylesheet], pdf_variant=PDF_VARIANT, font_config=self.fonts
            )


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
    """A worker process's initializer: its one printer, then what it keeps frozen for the GC."""
    global _WORKER  # noqa: PLW0603 - one printer per worker process
    _WORKER = Printer(stylesheet)
    atexit.register(_forget_worker)
    gc.collect()
    gc.freeze()


def _forget_worker() -> None:
    """Drop the printer before the interpreter's teardown, while its fonts can still be removed."""
    global _WORKER  # noqa: PLW0603
    _WORKER = None


def print_one(html: str, path: str) -> None:
    """In a worker process: print ``html`` and write the file ``path``."""
    if _WORKER is None:  # pragma: no cover - set by the pool's initializer
        raise RuntimeError("Processus d'impression sans initialisation.")
    write_whole(Path(path), _WORKER.print(html))
