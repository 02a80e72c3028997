"""Helpers shared by the dashboard tests: a published wave with a final result set."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultSet
from tests.results.factory import make_wave

DIGIT = re.compile(r"\d")


def publish(frame: Frame) -> tuple[Wave, ResultSet]:
    """A published wave of 30 communes with its final result set."""
    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    return wave, build_result_set(wave, "final", frame=frame)


class Cells(HTMLParser):
    """The data cells (``td``, key-figure text) under each ``data-cell`` element."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, list[str]] = {}
        self._stack: list[tuple[str, str | None]] = []
        self._in_th = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack.append((tag, dict(attrs).get("data-cell")))
        self._in_th += tag in {"th", "h3"}

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            popped, _ = self._stack.pop()
            self._in_th -= popped in {"th", "h3"}
            if popped == tag:
                break

    def handle_data(self, data: str) -> None:
        cell = next((c for _, c in reversed(self._stack) if c), None)
        if cell is not None and not self._in_th:
            self.cells.setdefault(cell, []).append(data)


def rendered_cells(html: str) -> dict[str, str]:
    """``indicator|domain|level`` → the text of its value cells (labels left out)."""
    parser = Cells()
    parser.feed(html)
    return {cell: " ".join(texts) for cell, texts in parser.cells.items()}
