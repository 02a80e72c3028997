"""Changes between two published editions: every comparable indicator, and whether it moved.

Weighted estimates only. A change is printed only when both cells are published (see
``results.comparison``); the tables stay server-rendered and readable without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django import forms
from django.http import QueryDict

from barometre.results.comparison import (
    BREAK,
    NEW,
    RECODED,
    Cell,
    CellChange,
    changes,
    comparable,
    references,
    series,
)
from barometre.www.dashboard.figures import (
    DIMENSIONS,
    OVERALL,
    ChangeFigure,
    Figure,
    Places,
    change_figure,
    figure,
    level_name,
)
from barometre.www.dashboard.forms import UNKNOWN
from barometre.www.dashboard.query import Published, Theme, themes
from barometre.www.dashboard.tables import level_order

NOTHING: Final = CellChange(None, None, None)


def edition_label(item: Published) -> str:
    """« 2025, vague 1 »: short enough for a column heading."""
    return f"{item.wave.campaign.year}, vague {item.wave.number}"


def edition_name(item: Published) -> str:
    """« Baromètre 2025, vague 1 », and the wave's title when it says more than its number."""
    return str(item.wave.label)


class ChangeForm(forms.Form):
    """Which earlier edition to compare with, and an optional breakdown."""

    depuis = forms.TypedChoiceField(
        label="Comparer avec", coerce=int, error_messages={"invalid_choice": UNKNOWN}
    )
    ventilation = forms.ChoiceField(
        label="Ventiler par",
        required=False,
        choices=[("", "Ensemble des collectivités seulement"), *DIMENSIONS.items()],
        error_messages={"invalid_choice": UNKNOWN},
    )

    theme = forms.ChoiceField(
        label="Thème",
        required=False,
        error_messages={"invalid_choice": UNKNOWN},
        help_text="Avec une ventilation, un thème à la fois par défaut (tableaux plus courts).",
    )

    def __init__(self, data: QueryDict, candidates: list[Published], choices: list[Theme]) -> None:
        chosen = data.copy()
        if not chosen.get("depuis") and candidates:
            chosen["depuis"] = str(candidates[0].wave.pk)
        if chosen.get("ventilation") and "theme" not in chosen and choices:
            chosen["theme"] = choices[0].key
        super().__init__(chosen)
        self.fields["depuis"].choices = [  # type: ignore[attr-defined]  # ChoiceFields
            (c.wave.pk, edition_name(c)) for c in candidates
        ]
        self.fields["theme"].choices = [("", "Tous les thèmes")] + [  # type: ignore[attr-defined]
            (t.key, t.title) for t in choices
        ]


@dataclass(frozen=True)
class ChangeRow:
    cell: str  # the current edition's "indicator|domain|level"
    label: str
    before: Figure
    after: Figure
    change: ChangeFigure
    recoded: bool = False  # the previous value was recomputed from recoded answers


@dataclass(frozen=True)
class ChangeTable:
    caption: str
    heading: str  # what the row headers name: « Indicateur » or the breakdown
    rows: tuple[ChangeRow, ...]


def _row(found: dict[Cell, CellChange], cell: Cell, label: str) -> ChangeRow:
    pair = found.get(cell, NOTHING)
    return ChangeRow(
        "|".join(cell),
        label,
        figure(pair.before),
        figure(pair.after),
        change_figure(pair.change),
        recoded=pair.standing == RECODED,
    )


def _levels(found: dict[Cell, CellChange], indicator: str, domain: str) -> list[str]:
    return sorted({lv for (i, d, lv) in found if i == indicator and d == domain and lv})


def theme_tables(
    theme: Theme,
    found: dict[Cell, CellChange],
    compared: list[str],
    breakdown: tuple[str, Places] | None,
) -> list[ChangeTable]:
    """One table of the theme's indicators, or one per indicator when broken down."""
    indicators = [(i, label) for i, label in theme.indicators if i in compared]
    if breakdown is None:
        rows = tuple(_row(found, (i, OVERALL, ""), label) for i, label in indicators)
        return [ChangeTable(f"{theme.title} : ensemble des collectivités", "Indicateur", rows)]
    domain, places = breakdown
    tables = []
    for indicator, label in indicators:
        ordered = level_order(domain, _levels(found, indicator, domain), places)
        rows = (
            _row(found, (indicator, OVERALL, ""), level_name(OVERALL, "", places)),
            *(
                _row(found, (indicator, domain, lv), level_name(domain, lv, places))
                for lv in ordered
            ),
        )
        tables.append(ChangeTable(f"{label} : par {DIMENSIONS[domain].lower()}", "Groupe", rows))
    return tables


def comparison(
    pair: tuple[Published, Published], domain: str, theme: str, places: Places
) -> list[tuple[Theme, list[ChangeTable]]]:
    """The tables of every theme (or of ``theme``), overall or broken down by ``domain``."""
    before, after = pair
    shown = [t for t in themes(after) if not theme or t.key == theme]
    wanted = {i for t in shown for i, _label in t.indicators}
    compared = [i for i in comparable(before.result_set, after.result_set) if i in wanted]
    domains = [OVERALL, domain] if domain else [OVERALL]
    found = changes(before.result_set, after.result_set, domains, compared)
    breakdown = (domain, places) if domain else None
    return [
        (t, theme_tables(t, found, compared, breakdown))
        for t in shown
        if any(i in compared for i, _label in t.indicators)
    ]


@dataclass(frozen=True)
class LeftOut:
    """An indicator of the current edition that is not compared, and why (in French)."""

    indicator: str
    label: str
    reasons: tuple[str, ...]


def left_out(before: Published, after: Published) -> dict[str, list[LeftOut]]:
    """Indicators of the current edition that are not compared: series breaks (« rupture de
    série », with their reasons) and indicators the reference did not measure; and those
    compared after recoding, with what was recoded."""
    names = after.result_set.indicators
    found: dict[str, list[LeftOut]] = {"breaks": [], "new": [], "recoded": []}
    groups = {BREAK: "breaks", NEW: "new", RECODED: "recoded"}
    for indicator, standing in series(before.result_set, after.result_set).items():
        if standing.standing in groups:
            item = LeftOut(indicator, names[indicator]["libelle"], standing.reasons)
            found[groups[standing.standing]].append(item)
    return found


def overall_changes(before: Published, after: Published) -> dict[str, ChangeFigure]:
    """The change of every comparable indicator over all authorities."""
    compared = comparable(before.result_set, after.result_set)
    found = changes(before.result_set, after.result_set, [OVERALL], compared)
    return {i: change_figure(found.get((i, OVERALL, ""), NOTHING).change) for i in compared}


def key_changes(
    item: Published, editions: list[Published]
) -> tuple[Published | None, dict[str, ChangeFigure]]:
    """The best earlier edition to compare ``item`` with, and each indicator's overall change."""
    reference = next(iter(references(item, editions)), None)
    return reference, overall_changes(reference, item) if reference else {}
