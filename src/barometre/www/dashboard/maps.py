"""A map of France for one indicator of a theme: its weighted estimate by région or département.

The ``<map-chart>`` of ``@gouvfr/dsfr-chart`` only decorates (``aria-hidden``): the table under
it is the source and the accessible alternative. A suppressed or missing estimate never reaches
the template as a number (``dashboard.figures.figure``) and is left out of the map data. A unit
where no authority submitted the theme's questionnaire reads « aucune réponse »; any other
missing estimate reads « secret statistique ».
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from barometre.collection.models import Response, ResponseStatus
from barometre.referentiel import Frame, FrameError, Unit, load_frame
from barometre.www.dashboard.charts import WEIGHTED
from barometre.www.dashboard.charts import _published as map_value
from barometre.www.dashboard.figures import OVERALL, Figure, figure
from barometre.www.dashboard.forms import UNKNOWN, renamed
from barometre.www.dashboard.map_areas import chart_data
from barometre.www.dashboard.query import (
    Key,
    Published,
    Theme,
    estimates,
    published_wave,
    theme_or_404,
)
from barometre.www.dashboard.views import _common

LEVELS: Final = {"region": "Par région", "departement": "Par département"}
#: The ``level`` attribute of ``<map-chart>`` for each level of the form.
CHART_LEVELS: Final = {"region": "reg", "departement": "dep"}
#: Column header, plural noun, and the agreement of « publié » (région is feminine).
WORDS: Final = {
    "region": ("Région", "régions", "publiées"),
    "departement": ("Département", "départements", "publiés"),
}


class MapForm(forms.Form):
    """Which indicator of the theme, and which level; both default (first indicator, région)."""

    ventilation = forms.ChoiceField(
        label="Découpage",
        required=False,
        choices=list(LEVELS.items()),
        error_messages={"invalid_choice": UNKNOWN},
    )

    def __init__(self, data: Mapping[str, str], indicators: tuple[tuple[str, str], ...]) -> None:
        # The defaults are bound too, so that the select shows what the map draws.
        super().__init__({"indicateur": indicators[0][0], "ventilation": "region", **renamed(data)})
        self.fields["indicateur"] = forms.ChoiceField(
            label="Indicateur",
            required=False,
            choices=list(indicators),
            error_messages={"invalid_choice": UNKNOWN},
        )
        self.order_fields(["indicateur", "ventilation"])
        self._first = indicators[0][0]

    def indicator(self) -> str:
        return self.cleaned_data.get("indicateur") or self._first

    def level(self) -> str:
        return self.cleaned_data.get("ventilation") or "region"


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    cell: str  # "indicator|domain|level", as the theme tables' ``data-cell``
    weighted: Figure | None  # None: no authority of the unit answered the theme


@dataclass(frozen=True)
class Coverage:
    """How many units of a level have a published, a secret or no estimate at all."""

    noun: str
    agreed: str
    total: int
    published: int
    secret: int
    silent: int


@dataclass(frozen=True)
class IndicatorMap:
    indicator: str
    label: str
    header: str
    chart_level: str
    data: str  # JSON: area of the map (dashboard.map_areas) → weighted value in %, published only
    cells: str  # JSON: the "indicator|domain|level" of each value of ``data``
    value: str  # the whole of France, for the map's side panel
    name: str
    rows: tuple[MapRow, ...]
    overall: MapRow

    @property
    def drawn(self) -> bool:
        """Whether any cell is published: a map with no value at all is not drawn."""
        return self.data != "{}"


def answered(item: Published, theme: str, frame: Frame) -> dict[str, set[str]]:
    """Régions and départements with an authority that submitted the theme's questionnaire.

    A count of responding authorities discloses no answer (the wave page shows it by région).
    """
    ids = (
        Response.objects.filter(
            wave=item.wave, questionnaire_key=theme, status=ResponseStatus.SUBMITTED
        )
        .values_list("authority_id", flat=True)
        .distinct()
    )
    found: dict[str, set[str]] = {domain: set() for domain in LEVELS}
    for authority in ids:
        try:
            unit = frame.get(authority)
        except FrameError:
            continue  # an authority the frame no longer knows
        for domain in LEVELS:
            code = getattr(unit, domain)
            if code:
                found[domain].add(code)
    return found


def map_row(
    found: dict[Key, Any], indicator: str, domain: str, unit: Unit, seen: set[str]
) -> MapRow:
    estimate = found.get((indicator, domain, unit.code, WEIGHTED))
    weighted = None if estimate is None and unit.code not in seen else figure(estimate)
    return MapRow(unit.code, unit.name, f"{indicator}|{domain}|{unit.code}", weighted)


def coverage(domain: str, rows: tuple[MapRow, ...]) -> Coverage:
    _header, noun, agreed = WORDS[domain]
    secret = sum(1 for r in rows if r.weighted is not None and r.weighted.secret)
    silent = sum(1 for r in rows if r.weighted is None)
    return Coverage(noun, agreed, len(rows), len(rows) - secret - silent, secret, silent)


def build_map(
    found: dict[Key, Any], indicator: tuple[str, str], domain: str, rows: tuple[MapRow, ...]
) -> IndicatorMap:
    """The map's data (published cells only, in %) and the rows of its table."""
    key, label = indicator
    values = {r.code: map_value(found.get((key, domain, r.code, WEIGHTED))) for r in rows}
    data = {code: value for code, value in values.items() if value is not None}
    whole = found.get((key, OVERALL, "", WEIGHTED))
    national = map_value(whole)
    return IndicatorMap(
        indicator=key,
        label=label,
        header=WORDS[domain][0],
        chart_level=CHART_LEVELS[domain],
        data=chart_data(domain, data),
        cells=json.dumps([f"{key}|{domain}|{code}" for code in data], ensure_ascii=False),
        value="secret statistique" if national is None else f"{national}",
        name=f"{label} (pondéré, %)",
        rows=rows,
        overall=MapRow("", "France entière", f"{key}|{OVERALL}|", figure(whole)),
    )


def _context(item: Published, theme: Theme, form: MapForm) -> dict[str, Any]:
    """The map, its table and the coverage of both levels, for a valid form."""
    frame = load_frame()
    found = estimates(item.result_set, theme.key, [OVERALL, *LEVELS])
    seen = answered(item, theme.key, frame)
    key, level = form.indicator(), form.level()
    rows = {
        domain: tuple(
            map_row(found, key, domain, u, seen[domain])
            for u in frame.of_type(domain)  # type: ignore[arg-type]  # LEVELS are unit types
        )
        for domain in LEVELS
    }
    chosen = (key, dict(theme.indicators)[key])
    return {
        "map": build_map(found, chosen, level, rows[level]),
        "coverage": [coverage(domain, rows[domain]) for domain in LEVELS],
    }


@require_safe
def indicator_map(request: HttpRequest, wave_id: int, theme: str) -> HttpResponse:
    """One indicator of a theme on a map of France, by région or by département, and its table."""
    item = published_wave(wave_id)
    chosen = theme_or_404(item, theme)
    form = MapForm(request.GET.dict(), chosen.indicators)
    valid = form.is_valid()
    context = _common(item, f"Carte : {chosen.title} — résultats de la vague {item.wave.number}")
    context.update({"theme": chosen, "form": form, "map": None, "coverage": []})
    if valid:
        context.update(_context(item, chosen, form))
        context["title"] = f"Carte : {context['map'].label} — vague {item.wave.number}"
    template = "www/dashboard/map.html"
    return render(request, template, context, status=200 if valid else 400)
