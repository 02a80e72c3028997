"""Reminders where they count (PURE): the groups of non-responding authorities, ranked.

A group is a région × type × strate cell of the frame. Its weight on the imbalance is the gain
in R-indicator if ``GAIN`` more of its authorities answered (at most as many as can be
reminded in it), refitting the propensity model (``stats.representativeness.gains``);
ties are broken by the gain in precision (the projected half-width of a share, nationally).
Groups with an under-represented category come first, then by gain in R (answers from
over-represented groups, or too many from a small one, lower R). The precision gain compares
half-widths over the same covered strata: a group whose stratum has no respondent yet would
bring that stratum in instead, and is said so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from barometre import vocabulary
from barometre.participation.live import (
    Counts,
    category_label,
    counts,
    model_key,
    national_counts,
    post_stratum,
    scope_representativeness,
    scope_variables,
)
from barometre.participation.rates import Cell
from barometre.stats.representativeness import (
    CategoryIndicator,
    Representativeness,
    RepresentativenessError,
    gains,
    projected_half_width,
)

#: « If this many of the group answered »: the expected gain shown for each group.
GAIN: Final = 10


@dataclass(frozen=True, slots=True)
class Group:
    cell: Cell
    label: str
    units: int
    respondents: int
    members: tuple[str, ...]  # the authorities that can be reminded, in the filters
    more: int = 0  # min(GAIN, len(members))
    r_after: float | None = None
    width_after: float | None = None
    under: tuple[str, ...] = ()  # its categories that are under-represented
    covered: bool = True  # its post-stratum (type × strate) has respondents already


@dataclass(frozen=True)
class Ranking:
    """Groups ranked (``reason``: why no gain could be computed; then by frame size)."""

    reason: str
    r_now: float | None
    width_now: float | None
    groups: tuple[Group, ...]
    omitted: tuple[str, ...] = ()


def cell_label(cell: Cell, region_names: Mapping[str, str]) -> str:
    region = region_names.get(cell.region, cell.region or "sans région")
    return f"{region} — {vocabulary.stratum_label(cell.stratum)}"


def rank(
    cells: Mapping[str, Cell],
    statuses: Mapping[str, str],
    candidates: Sequence[str],
    region_names: Mapping[str, str],
) -> Ranking:
    """Rank the cells that hold ``candidates`` (authorities that can be reminded)."""
    if not cells:
        return Ranking(
            "Aucune collectivité du référentiel dans ce périmètre : rien à classer.", None, None, ()
        )
    members: dict[Cell, list[str]] = {}
    for authority in candidates:
        members.setdefault(cells[authority], []).append(authority)
    scope = counts(cells, statuses)
    units, got = scope.units, scope.got
    kept, omitted = scope_variables(scope)
    result = _fit(scope, kept)
    if isinstance(result, str):
        plain = [
            Group(cell, cell_label(cell, region_names), units[cell], got[cell], tuple(ids))
            for cell, ids in members.items()
        ]
        plain.sort(key=lambda g: (-g.units, g.label))
        return Ranking(
            f"Pas de gain calculé, les groupes sont rangés par taille. {result}",
            None,
            None,
            tuple(plain),
            omitted,
        )
    return _ranked(result, scope, members, region_names=region_names, omitted=omitted)


def _fit(scope: Counts, kept: tuple[str, ...]) -> Representativeness | str:
    """The indicators, or why they cannot be computed."""
    if not kept:
        return "Le périmètre ne compte qu'une région, un type et une strate : rien à comparer."
    try:
        return scope_representativeness(scope, kept)
    except RepresentativenessError as error:
        return str(error)


def _ranked(
    result: Representativeness,
    scope: Counts,
    members: dict[Cell, list[str]],
    *,
    region_names: Mapping[str, str],
    omitted: tuple[str, ...],
) -> Ranking:
    units, got = scope.units, scope.got
    index = {result.cells.key(c): c for c in range(len(result.cells.units))}
    variables = result.cells.variables
    more = {cell: min(GAIN, len(ids)) for cell, ids in members.items()}
    after = gains(result, {index[model_key(cell, variables)]: more[cell] for cell in members})
    post_units, post_got = national_counts(scope)
    now = projected_half_width(post_units, post_got).half_width
    categories = {(c.variable, c.category): c for v in result.variables for c in v.categories}
    groups = []
    for cell, ids in members.items():
        stratum = post_stratum(cell)
        widened = {**post_got, stratum: post_got.get(stratum, 0) + more[cell]}
        groups.append(
            Group(
                cell,
                cell_label(cell, region_names),
                units[cell],
                got[cell],
                tuple(ids),
                more[cell],
                after[index[model_key(cell, variables)]],
                projected_half_width(post_units, widened).half_width,
                _under(cell, variables, categories, region_names),
                post_got.get(stratum, 0) > 0,
            )
        )
    r_now = result.r.value
    groups.sort(
        key=lambda g: (
            not g.under,
            -_delta(g.r_after, r_now),
            -_delta(now, g.width_after) if g.covered else 0.0,
            g.label,
        )
    )
    return Ranking("", r_now, now, tuple(groups), omitted)


def _delta(high: float | None, low: float | None) -> float:
    return 0.0 if high is None or low is None else high - low


def _under(
    cell: Cell,
    variables: tuple[str, ...],
    categories: Mapping[tuple[str, str], CategoryIndicator],
    region_names: Mapping[str, str],
) -> tuple[str, ...]:
    found = []
    for variable, category in zip(variables, model_key(cell, variables), strict=True):
        indicator = categories.get((variable, category))
        if indicator is not None and indicator.unconditional < 0:
            found.append(category_label(variable, category, region_names))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class AttritionRow:
    """A cell's authorities that answered before, and how many have not answered this time."""

    label: str
    previous: int
    lost: int

    @property
    def rate(self) -> float:
        return self.lost / self.previous


def attrition(
    cells: Mapping[str, Cell],
    statuses: Mapping[str, str],
    previous: frozenset[str],
    region_names: Mapping[str, str],
) -> list[AttritionRow]:
    """Per cell with earlier respondents: those, and those not (yet) back; highest rate first."""
    before: Counter[Cell] = Counter()
    lost: Counter[Cell] = Counter()
    for authority in previous:
        cell = cells.get(authority)
        if cell is None:
            continue
        before[cell] += 1
        if statuses.get(authority) != "submitted":
            lost[cell] += 1
    rows = [AttritionRow(cell_label(c, region_names), n, lost[c]) for c, n in before.items()]
    return sorted(rows, key=lambda row: (-row.rate, -row.previous, row.label))
