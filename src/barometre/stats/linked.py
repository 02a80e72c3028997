"""Disclosure control over linked tables: one decision for every published table of a release.

Each published cell counts a set of units (its unweighted base). Tables of the same indicator
are linked: cells holding exactly the same units (région 01 and département 971, type
« département » and stratum « département ») are one cell published twice, and a cell whose
units are exactly those of a few cells of another domain (a région and its départements, the
national total and any breakdown) is their sum. ``linked_suppression`` decides over all of them
at once:

1. primary: every cell whose base is below ``rule.min_base``;
2. twins share one decision (the decision is taken per distinct set of units, across tables);
3. every sum (parent = Σ children) with exactly one hidden term gets a second one: the
   smallest visible term;
4. an exact check: with the published bases as knowns, a hidden cell is recoverable when the
   linear system of the sums determines it (its unit vector lies in the row space of the
   hidden columns), or when the ranges a reader knows (1 to k − 1 for a primary cell, at
   least k for a secondary one), narrowed through the sums, leave it a single value. While
   one is, the smallest visible term of a sum that holds it is hidden (a total only when no
   other term is left). A base pinned by the
   published reasons alone, with no visible term left to hide, is reported (``pinned``).

Hidden bases are thus never recoverable by identity or subtraction, and neither are the raw
counts (share × base) of a share, which add up the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from barometre.stats.disclosure import PRIMARY, SECONDARY, DisclosureRule

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Cell:
    """One published cell: its ``table`` (cells that may add up, e.g. one indicator), its
    ``domain`` (cells of one domain of one table never share a unit) and its units."""

    table: Hashable
    domain: str
    level: str
    units: frozenset[Hashable]


@dataclass(frozen=True)
class Sum:
    """The units of ``parent`` are exactly those of ``children`` (disjoint): parent = Σ."""

    parent: int
    children: tuple[int, ...]

    @property
    def terms(self) -> tuple[int, ...]:
        return (self.parent, *self.children)


def classes(cells: Sequence[Cell]) -> tuple[list[int], list[int]]:
    """The class of each cell (one per distinct set of units) and each class's base."""
    index: dict[frozenset[Hashable], int] = {}
    of_cell = [index.setdefault(cell.units, len(index)) for cell in cells]
    bases = [0] * len(index)
    for units, k in index.items():
        bases[k] = len(units)
    return of_cell, bases


def sums(cells: Sequence[Cell], of_cell: Sequence[int]) -> list[Sum]:
    """Every parent = Σ children found among the domains of each table (twins excluded)."""
    tables: dict[Hashable, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, cell in enumerate(cells):
        tables[cell.table][cell.domain].append(i)
    found: set[Sum] = set()
    for domains in tables.values():
        for parent_domain, parents in domains.items():
            for child_domain, children in domains.items():
                if child_domain != parent_domain:
                    found.update(_nested(cells, of_cell, parents, children))
    return sorted(found, key=lambda s: (s.parent, s.children))


def _nested(
    cells: Sequence[Cell], of_cell: Sequence[int], parents: list[int], children: list[int]
) -> list[Sum]:
    """Parents of one domain that are exactly the union of cells of another domain."""
    owner = {unit: p for p in parents for unit in cells[p].units}
    inside: dict[int, list[int]] = defaultdict(list)
    for c in children:
        units = cells[c].units
        p = owner.get(next(iter(units))) if units else None
        if p is not None and units <= cells[p].units:
            inside[p].append(c)
    found = []
    for p, kids in inside.items():
        if sum(len(cells[c].units) for c in kids) != len(cells[p].units):
            continue
        terms = tuple(sorted({of_cell[c] for c in kids}))
        if terms != (of_cell[p],):
            found.append(Sum(of_cell[p], terms))
    return found


def recoverable(equations: Sequence[Sum], hidden: set[int]) -> set[int]:
    """Hidden classes that the sums determine once every visible class is known."""
    active = [s for s in equations if hidden.intersection(s.terms)]
    if not active:
        return set()
    columns = sorted({k for s in active for k in s.terms if k in hidden})
    position = {k: j for j, k in enumerate(columns)}
    matrix = np.zeros((len(active), len(columns)))
    for row, s in enumerate(active):
        for k, sign in ((s.parent, 1.0), *((c, -1.0) for c in s.children)):
            if k in position:
                matrix[row, position[k]] += sign
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > TOLERANCE).sum())
    null = vt[rank:]
    free = np.abs(null).max(axis=0) > TOLERANCE if null.size else np.zeros(len(columns), bool)
    return {k for k, j in position.items() if not free[j]}


def linked_suppression(cells: Sequence[Cell], rule: DisclosureRule) -> list[str | None]:
    """``None``, ``"primary"`` or ``"secondary"`` for each cell, decided over all tables."""
    return linked_decision(cells, rule).status


@dataclass(frozen=True)
class Decision:
    """Each cell's status, and the hidden cells whose base stays known whatever is hidden."""

    status: list[str | None]
    pinned: list[int]


def linked_decision(cells: Sequence[Cell], rule: DisclosureRule) -> Decision:
    """The decision over all tables. A hidden base can be pinned by the published reasons
    alone (under a primary parent of 4, four primary cells hold 1 each): hiding more would not
    change it, so such cells (indices into ``cells``) are listed in ``pinned`` rather than
    silently accepted, and cost no other cell."""
    of_cell, bases = classes(cells)
    equations = sums(cells, of_cell)
    status: list[str | None] = [None if n >= rule.min_base else PRIMARY for n in bases]
    everything_hidden = [s or SECONDARY for s in status]
    stuck = pinned(equations, everything_hidden, bases, rule)  # hiding more never helps them
    while True:
        _close(equations, status, bases)
        hidden = {k for k, s in enumerate(status) if s is not None}
        found = recoverable(equations, hidden) | pinned(equations, status, bases, rule)
        if not found - stuck:
            break
        k = min(found - stuck)
        if not _hide_next_to(k, equations, status, bases):
            stuck.add(k)
    stuck &= found
    return Decision([status[k] for k in of_cell], [i for i, k in enumerate(of_cell) if k in stuck])


def known_range(status: str | None, base: int, rule: DisclosureRule) -> tuple[float, float]:
    """What a reader knows of a base: itself when published; 1 to k − 1 when hidden as
    primary; at least k when hidden as secondary (the reason is published)."""
    if status is None:
        return (base, base)
    if status == PRIMARY:
        return (1, rule.min_base - 1)
    return (rule.min_base, math.inf)


def pinned(
    equations: Sequence[Sum],
    status: Sequence[str | None],
    bases: Sequence[int],
    rule: DisclosureRule,
) -> set[int]:
    """Hidden classes whose range, narrowed through the sums, holds a single value (a
    published 3 over a hidden région and two hidden départements of at least 1 each)."""
    ranges = [known_range(s, n, rule) for s, n in zip(status, bases, strict=True)]
    active = [s for s in equations if any(status[k] is not None for k in s.terms)]
    changed = True
    while changed:
        changed = False
        for s in active:
            changed |= _narrow(s, ranges)
    return {k for k, (low, high) in enumerate(ranges) if status[k] is not None and low == high}


def _narrow(s: Sum, ranges: list[tuple[float, float]]) -> bool:
    """Narrow each term's range by parent = Σ children; whether any range moved."""
    low_sum = sum(ranges[c][0] for c in s.children)
    finite = [ranges[c][1] for c in s.children if math.isfinite(ranges[c][1])]
    unbounded = len(s.children) - len(finite)
    high_sum = sum(finite) if not unbounded else math.inf
    low_p, high_p = ranges[s.parent]
    updates = {s.parent: (max(low_p, low_sum), min(high_p, high_sum))}
    for c in s.children:
        low_c, high_c = ranges[c]
        others_unbounded = unbounded - (not math.isfinite(high_c))
        rest_high = sum(finite) - (high_c if math.isfinite(high_c) else 0)
        low = low_p - rest_high if not others_unbounded else -math.inf
        updates[c] = (max(low_c, low), min(high_c, high_p - (low_sum - low_c)))
    moved = False
    for k, narrowed in updates.items():
        if narrowed != ranges[k] and narrowed[0] <= narrowed[1]:
            ranges[k] = narrowed
            moved = True
    return moved


def _close(equations: Sequence[Sum], status: list[str | None], bases: Sequence[int]) -> None:
    """Until no sum has exactly one hidden term, hide the smallest visible term of each."""
    changed = True
    while changed:
        changed = False
        for s in equations:
            visible = [k for k in s.terms if status[k] is None]
            if len(s.terms) - len(visible) == 1 and visible:
                status[min(visible, key=lambda k: (bases[k], k))] = SECONDARY
                changed = True


def _hide_next_to(
    k: int, equations: Sequence[Sum], status: list[str | None], bases: Sequence[int]
) -> bool:
    """Hide the smallest visible term of the sums nearest to class ``k`` (its own sums, then
    the sums reached through their terms), a total (a parent never a child: the national
    figure) only when no other term is left; ``False`` when every term is hidden."""
    children = {c for s in equations for c in s.children}
    reached, frontier = {k}, {k}
    totals: set[int] = set()
    while frontier:
        near = [s for s in equations if frontier.intersection(s.terms)]
        visible = {t for s in near for t in s.terms if status[t] is None}
        totals |= visible - children
        if visible & children:
            status[min(visible & children, key=lambda t: (bases[t], t))] = SECONDARY
            return True
        frontier = {t for s in near for t in s.terms} - reached
        reached |= frontier
    if totals:
        status[min(totals, key=lambda t: (bases[t], t))] = SECONDARY
        return True
    return False
