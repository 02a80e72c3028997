"""Indicator tables of a theme page and key figures of a results page (plain data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.utils import timezone

from barometre import vocabulary
from barometre.results.models import ResultEstimate
from barometre.www.dashboard.figures import (
    OVERALL,
    ChangeFigure,
    Figure,
    Places,
    figure,
    gap,
    level_name,
)
from barometre.www.dashboard.query import Key, Published, Theme
from barometre.www.templatetags.french import date_fr

RAW: Final = "brut"
WEIGHTED: Final = "pondere"
#: The key figures of a theme are its first indicators, in the questionnaire's order.
KEY_FIGURES: Final = 4


@dataclass(frozen=True)
class Row:
    cell: str  # "indicator|domain|level": lets tests find every rendered cell
    label: str
    raw: Figure
    weighted: Figure
    gap: str


@dataclass(frozen=True)
class Table:
    indicator: str
    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class KeyFigure:
    cell: str
    label: str
    weighted: Figure
    change: ChangeFigure | None = None  # against the reference edition, when there is one


def level_order(domain: str, levels: list[str], places: Places) -> list[str]:
    """Places by name (a reader looks a région up by name); types, strata (by size) and roles
    in the vocabulary's order."""
    if domain in places:
        return sorted(levels, key=lambda level: level_name(domain, level, places))
    return vocabulary.ordered(domain, levels)


def _row(found: dict[Key, Any], indicator: str, group: tuple[str, str], name: str) -> Row:
    domain, level = group
    raw = found.get((indicator, domain, level, RAW))
    weighted = found.get((indicator, domain, level, WEIGHTED))
    return Row(
        f"{indicator}|{domain}|{level}", name, figure(raw), figure(weighted), gap(raw, weighted)
    )


def tables(
    theme: Theme, found: dict[Key, Any], groups: list[tuple[str, str]], places: Places
) -> list[Table]:
    """One table per indicator: the whole, then each group, raw and weighted side by side."""
    every = [(OVERALL, ""), *groups]
    return [
        Table(
            indicator,
            label,
            tuple(_row(found, indicator, g, level_name(*g, places)) for g in every),
        )
        for indicator, label in theme.indicators
    ]


def key_figures(
    item: Published, themes: list[Theme], changes: dict[str, ChangeFigure] | None = None
) -> list[tuple[Theme, list[KeyFigure]]]:
    """The weighted overall figure of the first indicators of each theme (and its change)."""
    changes = changes or {}
    overall = ResultEstimate.objects.filter(
        result_set=item.result_set, domain=OVERALL, weighting=WEIGHTED
    )
    by_id = {e.indicator_id: e for e in overall}
    return [
        (
            theme,
            [
                KeyFigure(f"{i}|{OVERALL}|", label, figure(by_id.get(i)), changes.get(i))
                for i, label in theme.indicators[:KEY_FIGURES]
            ],
        )
        for theme in themes
    ]


def source(item: Published) -> str:
    """« Source : … » of every figure: wave, result set revision and date, responses."""
    wave, result_set = item.wave, item.result_set
    built = timezone.localtime(result_set.built_at)
    return (
        f"{wave.label} ; jeu de résultats "
        f"{result_set.get_kind_display()}, révision {result_set.revision}, "
        f"construit le {date_fr(built)} ; {result_set.responses} réponses soumises."
    )
