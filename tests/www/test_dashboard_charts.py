"""Chart and map data of the dashboard: suppressed cells never reach a chart, every bar is the
published weighted estimate, and the participation map and its table carry the same numbers."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from barometre.collection.models import Response, ResponseStatus
from barometre.referentiel import Frame
from barometre.results.models import ResultSet
from barometre.www.dashboard.charts import BAR_ASSETS, MAP_ASSETS
from tests.www.test_dashboard_disclosure import dashboard_urls, published_cells, suppressed_cells
from tests.www.test_dashboard_helpers import MAP_REGIONS, publish

pytestmark = pytest.mark.django_db


class Charts(HTMLParser):
    """Each ``[data-chart]`` wrapper's cells, and the attributes of the component inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict[str, str]] = []
        self.maps: list[dict[str, str]] = []
        self.regions: dict[str, list[str]] = {}
        self._cells: str | None = None
        self._region: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "data-chart" in found:
            assert found.get("aria-hidden") == "true"
            self._cells = found["data-cells"]
        elif tag == "bar-chart":
            assert self._cells is not None, "a chart outside its wrapper"
            self.charts.append({**found, "cells": self._cells})
            self._cells = None
        elif tag == "map-chart":
            self.maps.append(found)
        elif tag == "tr" and "data-region" in found:
            self._region = found["data-region"]
            self.regions[self._region] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._region = None

    def handle_data(self, data: str) -> None:
        if self._region is not None and data.strip():
            self.regions[self._region].append(data.strip())


def parse(html: str) -> Charts:
    parser = Charts()
    parser.feed(html)
    return parser


def weighted(result_set: ResultSet) -> dict[str, float]:
    rows = result_set.estimates.filter(weighting="pondere", suppressed="")
    return {f"{e.indicator_id}|{e.domain}|{e.level}": e.value for e in rows}


def test_no_chart_under_any_filter_holds_a_suppressed_cell(client: Client, frame: Frame) -> None:
    wave, result_set = publish(frame)
    secret, public = suppressed_cells(result_set), published_cells(result_set)
    values = weighted(result_set)
    assert secret, "the test wave must have suppressed cells"
    charted: set[str] = set()
    for url in dashboard_urls(wave, result_set):
        for chart in parse(client.get(url).content.decode()).charts:
            cells = json.loads(chart["cells"])
            (labels,), (bars,) = json.loads(chart["x"]), json.loads(chart["y"])
            assert len(cells) == len(labels) == len(bars), (url, chart)
            assert not set(cells) & secret, (url, set(cells) & secret)
            assert set(cells) <= public, url
            for cell, bar in zip(cells, bars, strict=True):
                assert bar == round(100 * values[cell], 1), (url, cell, bar)
            charted.update(cells)
    assert charted, "no chart was drawn at all"


def test_a_theme_page_has_one_chart_after_each_table_with_a_published_value(
    client: Client, frame: Frame
) -> None:
    wave, result_set = publish(frame)
    theme = min({e["questionnaire"] for e in result_set.indicators.values()})
    html = client.get(f"/resultats/{wave.pk}/{theme}/?ventilation=region").content.decode()
    charts = parse(html).charts
    assert charts
    for chart in charts:
        assert chart["horizontal"] == "true"
        assert json.loads(chart["x"])[0][0] == "Ensemble"
    for asset in BAR_ASSETS:
        assert asset in html
    assert 'type="module"' in html
    assert "MapChart" not in html


def test_the_participation_map_and_its_table_show_the_same_rates(
    client: Client, frame: Frame
) -> None:
    wave, _result_set = publish(frame)
    html = client.get(f"/resultats/{wave.pk}/").content.decode()
    for asset in MAP_ASSETS:
        assert asset in html
    page = parse(html)
    (chart,) = page.maps
    data = json.loads(chart["data"])
    regions = {unit.code for unit in frame.of_type("region")}
    assert set(data) == {MAP_REGIONS[code] for code in regions}  # overseas included
    assert set(page.regions) == regions
    units = Counter(unit.region for unit in frame.units if unit.region)
    answered = set(
        Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED).values_list(
            "authority_id", flat=True
        )
    )
    responded = Counter(frame.get(uid).region for uid in answered)
    assert sum(responded.values()) > 0
    for code in regions:
        rate = responded[code] / units[code]
        assert data[MAP_REGIONS[code]] == round(100 * rate, 1), code
        name, frame_units, responding, shown = page.regions[code]
        assert frame_units.replace("\u202f", "") == str(units[code])
        assert responding.replace("\u202f", "") == str(responded[code])
        assert shown == f"{100 * rate:.1f}\u202f%".replace(".", ","), (code, name)


def test_the_chart_library_is_served_from_node_modules() -> None:
    dist = Path(settings.BASE_DIR) / "node_modules" / "@gouvfr" / "dsfr-chart" / "dist"
    assert dist.is_dir(), "npm ci n'a pas été lancé : node_modules/@gouvfr/dsfr-chart manque"
    for name in (*BAR_ASSETS, *MAP_ASSETS):
        assert finders.find(name), name
