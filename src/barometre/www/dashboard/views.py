"""The public dashboard: key figures of a published wave, one page per theme, the note.

Only published waves with a final result set are shown; suppressed cells read « secret
statistique » (see ``dashboard.figures``). Server-rendered tables, no JavaScript needed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from barometre.publication.note import render_note
from barometre.referentiel import load_frame
from barometre.results.comparison import references
from barometre.www.dashboard.cache import remember, result_key
from barometre.www.dashboard.changes import (
    ChangeForm,
    comparison,
    edition_label,
    edition_name,
    key_changes,
    left_out,
)
from barometre.www.dashboard.charts import bar_charts, participation_map
from barometre.www.dashboard.figures import (
    DIMENSIONS,
    MAX_CV,
    MIN_RELIABLE_BASE,
    OVERALL,
    Places,
)
from barometre.www.dashboard.figures import level_name as _name
from barometre.www.dashboard.forms import FilterForm
from barometre.www.dashboard.query import (
    Published,
    Theme,
    estimates,
    levels,
    published,
    published_wave,
    theme_or_404,
    themes,
)
from barometre.www.dashboard.tables import KEY_FIGURES, key_figures, level_order, source
from barometre.www.dashboard.tables import tables as indicator_tables
from barometre.www.dashboard.weighting import differences, warnings, weighting


def _places() -> Places:
    frame = load_frame()
    return {
        domain: {unit.code: unit.name for unit in frame.of_type(domain)}
        for domain in ("region", "departement")
    }


def _opendata_url(item: Published) -> str | None:
    """The open-data download of the wave, once the site serves one."""
    try:
        return reverse("public:opendata", args=[item.wave.pk])
    except NoReverseMatch:
        return None


def _common(item: Published, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "wave": item.wave,
        "result_set": item.result_set,
        "source": source(item),
        "opendata_url": _opendata_url(item),
        "max_cv": round(100 * MAX_CV),
        "min_base": MIN_RELIABLE_BASE,
        "skiplinks": [
            {"link": "#content", "label": "Contenu"},
            {"link": "#footer", "label": "Pied de page"},
        ],
    }


@require_safe
def results_home(request: HttpRequest) -> HttpResponse:
    """The latest published wave's key figures, and the other published waves."""
    items = published()
    if not items:
        context = {"title": "Résultats", "others": []}
        return render(request, "www/dashboard/empty.html", context)
    return _wave_page(request, items[0], items[1:])


@require_safe
def wave_results(request: HttpRequest, wave_id: int) -> HttpResponse:
    item = published_wave(wave_id)
    return _wave_page(request, item, [i for i in published() if i.wave.pk != wave_id])


def _wave_page(request: HttpRequest, item: Published, others: list[Published]) -> HttpResponse:
    context = _common(item, f"Résultats — {item.wave.campaign.name}, vague {item.wave.number}")
    reference, moves = key_changes(item, others)
    weighted = weighting(item, themes(item))
    context.update(
        {
            "weighting": weighted,
            "weighting_warnings": warnings(weighted),
            "themes": key_figures(item, themes(item), moves),
            "reference": reference,
            "reference_label": edition_label(reference) if reference else "",
            "others": others,
            "key_count": KEY_FIGURES,
            "participation": participation_map(item.wave),
        }
    )
    return render(request, "www/dashboard/wave.html", context)


@require_safe
def changes(request: HttpRequest, wave_id: int) -> HttpResponse:
    """The wave's weighted indicators against an earlier edition: change and significance."""
    item = published_wave(wave_id)
    candidates = references(item, published())
    form = ChangeForm(request.GET, candidates, themes(item))
    title = f"Évolutions — {item.wave.campaign.name}, vague {item.wave.number}"
    context = _common(item, title) | {"form": form, "candidates": candidates, "sections": []}
    valid = not candidates or form.is_valid()
    if candidates and valid:
        before = next(c for c in candidates if c.wave.pk == form.cleaned_data["depuis"])
        domain = form.cleaned_data["ventilation"]
        context |= {
            "before": before,
            "before_label": edition_label(before),
            "before_name": edition_name(before),
            "after_label": edition_label(item),
            "breakdown": DIMENSIONS.get(domain, ""),
            "sections": comparison((before, item), domain, form.cleaned_data["theme"], _places()),
            "left_out": left_out(before, item),
            "weighted_differently": differences(before, item),
        }
    return render(request, "www/dashboard/changes.html", context, status=200 if valid else 400)


@require_safe
def theme_results(request: HttpRequest, wave_id: int, theme: str) -> HttpResponse:
    """Every indicator of a theme: the whole and the chosen groups, raw and weighted."""
    item = published_wave(wave_id)
    chosen = theme_or_404(item, theme)
    places = _places()
    found = functools.cache(lambda: estimates(item.result_set, chosen.key, [OVERALL, *DIMENSIONS]))
    choices = remember(
        result_key(item.result_set, "choices", chosen.key),
        lambda: {
            d: level_order(d, [lv for lv in levels(found(), d) if lv], places) for d in DIMENSIONS
        },
    )
    form = FilterForm(request.GET, choices, lambda d, lv: _name(d, lv, places))
    valid = form.is_valid()
    context = _common(item, f"{chosen.title} — résultats de la vague {item.wave.number}")
    reference = next(iter(references(item, published())), None)
    context.update(
        {
            "reference_name": edition_name(reference) if reference else "",
            "theme": chosen,
            "form": form,
            "tables_html": _theme_tables(item, chosen, form, (found, places)) if valid else "",
        }
    )
    return render(request, "www/dashboard/theme.html", context, status=200 if valid else 400)


def _theme_tables(
    item: Published, chosen: Theme, form: FilterForm, data: tuple[Callable[[], Any], Places]
) -> str:
    """The tables and charts of a theme for valid filters, rendered once per result set."""
    found, places = data
    breakdown, selected = form.breakdown(), form.selected()

    def build() -> str:
        ordered = level_order(breakdown, levels(found(), breakdown), places)
        groups = selected or [(breakdown, lv) for lv in ordered]
        tables = indicator_tables(chosen, found(), groups, places)
        charts = bar_charts(chosen, found(), groups, places)
        context = {
            "wave": item.wave,
            "theme": chosen,
            "filtered": bool(selected),
            "breakdown": DIMENSIONS[breakdown],
            "tables": tables,
            "panels": list(zip(tables, charts, strict=True)),
        }
        return render_to_string("www/dashboard/theme_tables.html", context)

    key = result_key(item.result_set, "tables", chosen.key, breakdown, tuple(selected))
    # Rendered by our own template, with autoescaping on.
    return mark_safe(remember(key, build))  # noqa: S308


def _note_body(html: str) -> str:
    """The inside of the note's ``<main>``: its own page carries a style our CSP refuses."""
    inside = html.partition("<main>")[2].partition("</main>")[0]
    return inside.strip()


@require_safe
def methodology(request: HttpRequest, wave_id: int) -> HttpResponse:
    """The methodology note of the wave's final result set, rendered by ``publication``."""
    item = published_wave(wave_id)
    _markdown, html = render_note(item.result_set)
    context = _common(item, f"Note méthodologique — {item.wave.campaign.name}")
    # The note is rendered by publication's own templates, with autoescaping on.
    context["note"] = mark_safe(_note_body(html))  # noqa: S308
    return render(request, "www/dashboard/methodology.html", context)
