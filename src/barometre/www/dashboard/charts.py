"""Chart and map data for the dashboard (``@gouvfr/dsfr-chart`` web components).

The charts only enhance the server-rendered tables, which stay the source of truth and the
accessible alternative: a suppressed or missing estimate is left out of the chart data, never
turned into a number, and without JavaScript the custom elements render nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from barometre.campaigns.models import Wave
from barometre.www.api.queries import participation_by_region
from barometre.www.dashboard.figures import OVERALL, Places, level_name, percent, whole
from barometre.www.dashboard.map_areas import chart_data
from barometre.www.dashboard.query import Key, Theme

WEIGHTED: Final = "pondere"
#: Where ``STATICFILES_DIRS`` serves the library (see config/settings/base.py). The whole
#: library, not one component's bundle: in @gouvfr/dsfr-chart 2.0.4 the per-component bundles
#: pass ``shadowRoot: false`` to ``customElements.define`` (which ignores it), so they render in
#: an unstyled shadow root; the full bundle gives it to Vue and renders in the page, styled by
#: the DSFR and its own stylesheet (tests/www/test_dashboard_charts_browser.py checks it).
CHART_ASSETS: Final = (
    "vendor/dsfr-chart/DSFRChart/DSFRChart.js",
    "vendor/dsfr-chart/DSFRChart/DSFRChart.css",
)
BAR_ASSETS: Final = CHART_ASSETS
MAP_ASSETS: Final = CHART_ASSETS


@dataclass(frozen=True)
class BarChart:
    """The attributes of one ``<bar-chart>``: JSON strings, escaped by the template."""

    x: str
    y: str
    name: str
    cells: str  # "indicator|domain|level" of each bar, as the tables' ``data-cell``


def _published(estimate: Any | None) -> float | None:
    if estimate is None or estimate.suppressed or estimate.value is None:
        return None
    return round(100 * float(estimate.value), 1)


def bar_chart(
    indicator: str, found: dict[Key, Any], groups: list[tuple[str, str]], places: Places
) -> BarChart | None:
    """Weighted values (in %) of the whole and of each group; ``None`` when none is published."""
    labels: list[str] = []
    values: list[float] = []
    cells: list[str] = []
    for domain, level in [(OVERALL, ""), *groups]:
        value = _published(found.get((indicator, domain, level, WEIGHTED)))
        if value is None:
            continue  # secret statistique: absent from the chart, shown as such in the table
        labels.append("Ensemble" if domain == OVERALL else level_name(domain, level, places))
        values.append(value)
        cells.append(f"{indicator}|{domain}|{level}")
    if not values:
        return None
    return BarChart(
        x=json.dumps([labels], ensure_ascii=False),
        y=json.dumps([values]),
        name=json.dumps(["Pondéré (%)"], ensure_ascii=False),
        cells=json.dumps(cells, ensure_ascii=False),
    )


def bar_charts(
    theme: Theme, found: dict[Key, Any], groups: list[tuple[str, str]], places: Places
) -> list[BarChart | None]:
    """One chart per indicator of the theme, in the order of its tables."""
    return [bar_chart(indicator, found, groups, places) for indicator, _label in theme.indicators]


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    units: str
    responded: str
    rate: str


@dataclass(frozen=True)
class ParticipationMap:
    """``<map-chart level="reg">`` data (rate in % by area of the map) and its table."""

    data: str
    value: str
    rows: tuple[RegionRow, ...]
    total: RegionRow


def participation_map(wave: Wave) -> ParticipationMap:
    """Authorities with a submitted response ÷ frame units, per région (overseas included).

    The same numbers as the API's participation; a count of responding authorities discloses
    no answer, so nothing here is under secret.
    """
    rows = participation_by_region(wave)
    data = {r["region"]: round(100 * r["taux"], 1) for r in rows if r["taux"] is not None}
    units = sum(r["collectivites"] for r in rows)
    responded = sum(r["repondantes"] for r in rows)
    overall = responded / units if units else None
    table = tuple(
        RegionRow(
            r["region"],
            r["nom"],
            whole(r["collectivites"]),
            whole(r["repondantes"]),
            percent(r["taux"]) if r["taux"] is not None else "sans objet",
        )
        for r in rows
    )
    total = RegionRow(
        "",
        "France entière",
        whole(units),
        whole(responded),
        percent(overall) if overall is not None else "sans objet",
    )
    return ParticipationMap(
        data=chart_data("region", data),
        value=f"{100 * overall:.1f}" if overall is not None else "0",
        rows=table,
        total=total,
    )
