"""Helpers shared by the dashboard tests: a published wave with a final result set."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import Client

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


OVERSEAS_REGIONS = {"01", "02", "03", "04", "06"}
OVERSEAS_DEPARTEMENTS = {"971", "972", "973", "974", "976"}
#: INSEE code of each région → its area on ``<map-chart level="reg">`` of @gouvfr/dsfr-chart
#: 2.0.4, read in its source: three letters in metropolitan France (Corse « 20R »), the code
#: of the only département overseas. Written here, not imported, so that a test can catch a
#: wrong name in the code.
MAP_REGIONS = {
    "84": "ARA",
    "27": "BFC",
    "53": "BRE",
    "24": "CVL",
    "94": "20R",
    "44": "GES",
    "32": "HDF",
    "11": "IDF",
    "28": "NOR",
    "75": "NAQ",
    "76": "OCC",
    "52": "PDL",
    "93": "PAC",
    "01": "971",
    "02": "972",
    "03": "973",
    "04": "974",
    "06": "976",
}


def map_area(level: str, code: str) -> str:
    """The key of the ``<map-chart>`` data for a région or département (INSEE code)."""
    return MAP_REGIONS[code] if level == "region" else code


def get(client: Client, url: str, status: int = 200) -> str:
    """The page's HTML, after checking its status."""
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


class MapPage(HTMLParser):
    """The ``<map-chart>`` (and its wrapper's attributes) and the text of each table row."""

    def __init__(self) -> None:
        super().__init__()
        self.maps: list[dict[str, str]] = []
        self.wrappers: list[dict[str, str]] = []
        self.rows: dict[str, list[str]] = {}
        self._unit: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "data-map" in found:
            self.wrappers.append(found)
        elif tag == "map-chart":
            self.maps.append(found)
        elif tag == "tr" and "data-unit" in found:
            self._unit = found["data-unit"]
            self.rows[self._unit] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._unit = None

    def handle_data(self, data: str) -> None:
        if self._unit is not None and data.strip():
            self.rows[self._unit].append(data.strip())


def parse_map(html: str) -> MapPage:
    page = MapPage()
    page.feed(html)
    return page
