"""The colours the maps draw, in headless Chromium, on the demo's published waves.

Each page's table is the source: every région (or département) with a figure in it must be
filled with the colour of that figure on the legend's scale (the component's gradient from the
legend's minimum to its maximum), and its tooltip names it and gives the same figure; an area
without a figure (secret statistique, aucune réponse) is grey, outside the scale. The areas are
told apart by the classes of @gouvfr/dsfr-chart 2.0.4 (``FR-`` and its own name of the area),
written in the tests from its source rather than taken from the code under test, and checked
against the name the component's tooltip gives each région.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

import pytest

from barometre.demo.load import SLUG, load_demo
from barometre.results.models import Kind, ResultSet
from tests.www.test_dashboard_helpers import MAP_REGIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The région paths of ``<map-chart level="reg">`` (class ``FR-`` and the component's name of
#: the area) and the INSEE code of each.
REGION_PATHS: Final = {f"FR-{area}": code for code, area in MAP_REGIONS.items()}
GREY: Final = (229, 229, 229)
RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)")
FIGURE = re.compile(r"^(\d+(?:,\d+)?)\u202f%")

#: What the page shows: the table's figures, the legend, and each path of the map.
READ_PAGE: Final = """(header) => {
  const table = document.querySelector('[data-table] table');
  const column = [...table.querySelectorAll('thead th')].findIndex(th => th.textContent === header);
  const rows = [...table.querySelectorAll('tbody tr')].map(tr => ({
    code: tr.dataset.unit || tr.dataset.region,
    name: tr.querySelector('th').textContent,
    text: tr.children[column].textContent.trim(),
  }));
  const chart = document.querySelector('map-chart');
  const paths = [...chart.querySelectorAll('svg path')].map(p => {
    const box = p.getBoundingClientRect();
    return {area: p.getAttribute('class'), filled: p.hasAttribute('fill'),
            fill: getComputedStyle(p).fill, shown: box.width > 0 && box.height > 0};
  });
  return {
    rows, paths,
    gradient: getComputedStyle(chart.querySelector('.scale_container')).backgroundImage,
    min: chart.querySelector('.scale_values .min').textContent,
    max: chart.querySelector('.scale_values .max').textContent,
  };
}"""
#: Two frames later, the component has coloured its paths and written its legend.
SETTLED: Final = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
#: The component's tooltip over one area: its name and figure, as a mouse pointer shows them.
TOOLTIP: Final = """(area) => {
  const chart = document.querySelector('map-chart');
  const path = chart.querySelector('svg path.' + area);
  path.dispatchEvent(new MouseEvent('mouseenter'));
  return new Promise(resolve => requestAnimationFrame(() => {
    const tip = chart.querySelector('.map_tooltip');
    const seen = [tip.querySelector('.tooltip_header').textContent,
                  tip.querySelector('.tooltip_value').textContent];
    path.dispatchEvent(new MouseEvent('mouseleave'));
    resolve(seen);
  }));
}"""


@pytest.fixture
def demo() -> ResultSet:
    """The demo's published waves; the first wave of 2026 publishes some régions, not all."""
    load_demo(progress=lambda _: None, sizes={1: 600, 2: 12, 3: 12})
    return ResultSet.objects.get(wave__campaign__slug=SLUG, wave__number=1)


def rgb(text: str) -> tuple[int, int, int]:
    found = RGB.search(text)
    assert found, text
    red, green, blue = (int(part) for part in found.groups())
    return red, green, blue


def number(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\xa0", "").replace(",", "."))


def figure(text: str) -> float | None:
    """The figure of a table cell (« 12,5 % », maybe « fragile »); None for a cell without."""
    found = FIGURE.match(text)
    return number(found.group(1)) if found else None


def plain(name: str) -> str:
    """A name without accents, apostrophes or hyphens, to compare two spellings of it."""
    letters = unicodedata.normalize("NFD", name.casefold())
    return "".join(c if c.isalnum() else " " for c in letters if not unicodedata.combining(c))


def on_scale(value: float, low: float, high: float, scale: list[tuple[int, ...]]) -> list[int]:
    """The colour of ``value`` on the legend: its place between the minimum and the maximum."""
    share = (value - low) / (high - low) if high > low else 0.5
    start, end = scale
    return [round(a + share * (b - a)) for a, b in zip(start, end, strict=True)]


def area_code(area: str, level: str) -> str:
    return REGION_PATHS[area] if level == "reg" else area.removeprefix("FR-")


def check_map(page: Any, url: str, header: str) -> tuple[int, int]:
    """Open ``url``; every area is coloured as its figure in the table says. (coloured, grey)."""
    page.goto(url)
    page.wait_for_selector("map-chart svg path", timeout=10_000)
    page.evaluate(SETTLED)
    level = page.get_attribute("map-chart", "level")
    seen = page.evaluate(READ_PAGE, header)
    figures = {row["code"]: figure(row["text"]) for row in seen["rows"]}
    names = {row["code"]: row["name"] for row in seen["rows"]}
    published = [value for value in figures.values() if value is not None]
    low, high = number(seen["min"]), number(seen["max"])
    assert (low, high) == (min(published), max(published)), url
    scale = [tuple(int(part) for part in found) for found in RGB.findall(seen["gradient"])]
    assert len(scale) == 2, seen["gradient"]
    drawn = {area_code(path["area"], level): path for path in seen["paths"]}
    assert set(drawn) == set(figures), url  # every area of the table is on the map, no other
    for code, path in drawn.items():
        assert path["shown"], (url, code)
        check_area(url, code, path, figures[code], (low, high, scale))
    if level == "reg":
        check_tooltips(page, url, names, figures)
    coloured = sum(1 for value in figures.values() if value is not None)
    return coloured, len(figures) - coloured


def check_area(url: str, code: str, path: dict[str, Any], value: float | None, legend: Any) -> None:
    fill = rgb(path["fill"])
    if value is None:
        assert not path["filled"], (url, code)
        assert fill == GREY, (url, code, path["fill"])
        return
    low, high, scale = legend
    assert path["filled"], (url, code, value)
    expected = on_scale(value, low, high, scale)
    assert max(abs(a - b) for a, b in zip(fill, expected, strict=True)) <= 1, (
        url,
        code,
        value,
        path["fill"],
        expected,
    )
    assert fill != GREY, (url, code)


def check_tooltips(
    page: Any, url: str, names: dict[str, str], figures: dict[str, float | None]
) -> None:
    """Over each région, the component's tooltip names the row of the table and its figure."""
    for area, code in REGION_PATHS.items():
        place, shown = page.evaluate(TOOLTIP, area)
        assert plain(place) == plain(names[code]), (url, area, place, names[code])
        value = figures[code]
        assert (number(shown) if shown.strip() else None) == value, (url, area, shown, value)


def test_the_wave_pages_colour_every_region_by_its_response_rate(
    page: Any, live_server: Any, demo: ResultSet
) -> None:
    """/resultats/ (the latest wave) and each published wave: all 18 régions have a rate."""
    waves = ResultSet.objects.filter(kind=Kind.FINAL).values_list("wave_id", flat=True)
    for path in ["/resultats/", *(f"/resultats/{wave}/" for wave in waves)]:
        coloured, grey = check_map(page, live_server.url + path, "Taux de réponse")
        assert (coloured, grey) == (18, 0), path


def test_the_participation_maps_colour_every_region_and_every_departement(
    page: Any, live_server: Any, demo: ResultSet
) -> None:
    base = f"{live_server.url}/resultats/{demo.wave_id}/participation/"
    assert check_map(page, base, "Taux de réponse") == (18, 0)
    assert check_map(page, f"{base}?ventilation=departement", "Taux de réponse") == (101, 0)


def indicator_maps(demo: ResultSet, level: str) -> list[str]:
    """The map page of every indicator of every theme of the wave, at one level."""
    return [
        f"/resultats/{demo.wave_id}/{meta['questionnaire']}/carte/"
        f"?indicateur={indicator}&ventilation={level}"
        for indicator, meta in sorted(demo.indicators.items())
        if demo.estimates.filter(
            indicator_id=indicator, domain=level, weighting="pondere", suppressed=""
        ).exists()
    ]


@pytest.mark.parametrize("level", ["region", "departement"])
def test_every_indicator_map_colours_the_areas_with_a_published_figure(
    page: Any, live_server: Any, demo: ResultSet, level: str
) -> None:
    pages = indicator_maps(demo, level)
    assert len(pages) >= 10, "the demo wave must publish indicators at this level"
    totals = [check_map(page, live_server.url + path, "Pondéré") for path in pages]
    coloured = [c for c, _grey in totals]
    assert min(coloured) >= 1
    assert any(grey for _coloured, grey in totals), "the demo must leave some areas without"
