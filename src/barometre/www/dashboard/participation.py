"""Participation in a wave on a map of France, by région or by département, and its table.

Authorities with at least one submitted response against the units of the frame: the same
numbers as the API's participation. A count of responding authorities discloses no answer, so
nothing here is under secret; a rate over fewer than ``MIN_RELIABLE_BASE`` units is flagged
« fragile » (one response more or less moves it by more than three points). The
``<map-chart>`` only decorates (``aria-hidden``): the table is the source and the alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from barometre.campaigns.models import Wave
from barometre.www.api.queries import participation_by_departement, participation_by_region
from barometre.www.dashboard.figures import MIN_RELIABLE_BASE, percent, whole
from barometre.www.dashboard.forms import UNKNOWN, renamed
from barometre.www.dashboard.map_areas import chart_data
from barometre.www.dashboard.maps import CHART_LEVELS, LEVELS, WORDS
from barometre.www.dashboard.query import published_wave
from barometre.www.dashboard.views import _common

#: Each level's rows, as the API serves them (the code under the level's own key).
QUERIES: Final[dict[str, Callable[[Wave], list[dict[str, Any]]]]] = {
    "region": participation_by_region,
    "departement": participation_by_departement,
}
NO_RATE: Final = "sans objet"


class ParticipationForm(forms.Form):
    """Which level: région (the default) or département."""

    ventilation = forms.ChoiceField(
        label="Découpage",
        required=False,
        choices=list(LEVELS.items()),
        error_messages={"invalid_choice": UNKNOWN},
    )

    def __init__(self, data: Mapping[str, str]) -> None:
        # The default is bound too, so that the select shows what the map draws.
        super().__init__({"ventilation": "region", **renamed(data)})

    def level(self) -> str:
        return self.cleaned_data.get("ventilation") or "region"


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    units: str
    responded: str
    rate: str
    fragile: bool


@dataclass(frozen=True)
class Participation:
    """``<map-chart>`` data (rate in % by area of the map) and the rows of its table."""

    level: str
    header: str
    noun: str
    chart_level: str
    data: str
    value: str
    rows: tuple[Row, ...]
    total: Row
    fragile: int


def _rate(responded: int, units: int) -> str:
    return percent(responded / units) if units else NO_RATE


def row(code: str, name: str, units: int, responded: int) -> Row:
    fragile = 0 < units < MIN_RELIABLE_BASE
    return Row(code, name, whole(units), whole(responded), _rate(responded, units), fragile)


def participation(wave: Wave, level: str) -> Participation:
    """Every région or every département of the frame, and the whole of France."""
    found = QUERIES[level](wave)
    data = {r[level]: round(100 * r["taux"], 1) for r in found if r["taux"] is not None}
    units = sum(r["collectivites"] for r in found)
    responded = sum(r["repondantes"] for r in found)
    rows = tuple(row(r[level], r["nom"], r["collectivites"], r["repondantes"]) for r in found)
    header, noun, _agreed = WORDS[level]
    return Participation(
        level=level,
        header=header,
        noun=noun,
        chart_level=CHART_LEVELS[level],
        data=chart_data(level, data),
        value=f"{100 * responded / units:.1f}" if units else "0",
        rows=rows,
        total=row("", "France entière", units, responded),
        fragile=sum(1 for r in rows if r.fragile),
    )


@require_safe
def participation_page(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Response rate against the frame, by région or by département, on a map and in a table."""
    item = published_wave(wave_id)
    form = ParticipationForm(request.GET.dict())
    valid = form.is_valid()
    title = f"Participation à la vague {item.wave.number}"
    context = _common(item, title)
    context.update({"form": form, "participation": None, "min_units": MIN_RELIABLE_BASE})
    if valid:
        chosen = participation(item.wave, form.level())
        context["participation"] = chosen
        context["title"] = f"Participation par {chosen.header.lower()} — vague {item.wave.number}"
    template = "www/dashboard/participation.html"
    return render(request, template, context, status=200 if valid else 400)
