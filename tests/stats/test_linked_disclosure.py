"""Disclosure over linked tables: twins share a decision, no hidden base is recoverable."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from barometre import stats
from barometre.stats.linked import (
    Cell,
    classes,
    linked_decision,
    linked_suppression,
    recoverable,
    sums,
)

RULE = stats.DisclosureRule()


def units(prefix: str, n: int) -> frozenset[str]:
    return frozenset(f"{prefix}{i}" for i in range(n))


def overseas_release() -> list[Cell]:
    """A Guadeloupe-like région of one département, a Mayotte-like one of two authorities."""
    regions = {
        "01": {"971": 5},
        "06": {"976": 2},
        "11": {"75": 40, "92": 30},
        "84": {"42": 25, "69": 35},
        "24": {"18": 4, "36": 30},
    }
    cells, everyone = [], set()
    for region, departements in regions.items():
        members: set[str] = set()
        for departement, n in departements.items():
            dept_units = units(f"d{departement}-", n)
            members |= dept_units
            cells.append(Cell("lieux", "departement", departement, dept_units))
        cells.append(Cell("lieux", "region", region, frozenset(members)))
        everyone |= members
    return [Cell("lieux", "ensemble", "", frozenset(everyone)), *cells]


def status_of(cells: list[Cell], status: list[str | None]) -> dict[tuple[str, str], str | None]:
    return {(c.domain, c.level): s for c, s in zip(cells, status, strict=True)}


def published(cells: list[Cell], status: list[str | None]) -> dict[tuple[str, str], int]:
    return {(c.domain, c.level): len(c.units) for c, s in zip(cells, status, strict=True) if not s}


def test_mayotte_cannot_be_recovered_through_its_twin_region() -> None:
    cells = overseas_release()
    decision = status_of(cells, linked_suppression(cells, RULE))
    assert decision[("departement", "976")] == "primary"
    assert decision[("region", "06")] == "primary"  # its twin: the same two authorities
    assert decision[("region", "01")] == decision[("departement", "971")] == "secondary"
    assert decision[("departement", "18")] == "primary"
    assert decision[("departement", "36")] == "secondary"  # else région 24 minus 36 gives 18
    shown = published(cells, linked_suppression(cells, RULE))
    total = shown[("ensemble", "")]
    others = sum(n for (domain, _), n in shown.items() if domain == "region")
    assert total - others == 7  # Guadeloupe and Mayotte together, never Mayotte alone


def _cell(cells: list[Cell], domain: str, level: str) -> Cell:
    return next(c for c in cells if (c.domain, c.level) == (domain, level))


def test_per_table_suppression_let_the_twin_give_mayotte_away() -> None:
    """What the table-by-table rule published: the région table hid 01 to protect 06, the
    département table had two small cells (976, 18) and hid nothing more, so 971 shown
    (n = 5) gives 01, and the national total minus the régions gives Mayotte."""
    cells = overseas_release()
    by_table: list[str | None] = [None] * len(cells)
    for domain in ("region", "departement"):
        rows = [i for i, c in enumerate(cells) if c.domain == domain]
        table = stats.EstimateTable(
            (domain,),
            tuple(((cells[i].level,), stats.Estimate(0.5, 0.1, len(cells[i].units))) for i in rows),
        )
        for i, e in zip(rows, RULE.apply(table).estimates, strict=True):
            by_table[i] = e.suppressed
    assert (by_table[cells.index(_cell(cells, "region", "01"))]) == "secondary"
    assert (by_table[cells.index(_cell(cells, "departement", "971"))]) is None
    of_cell, _ = classes(cells)
    shown = {of_cell[i] for i, s in enumerate(by_table) if not s}
    hidden = {k for k in of_cell if k not in shown}
    mayotte = of_cell[next(i for i, c in enumerate(cells) if c.level == "976")]
    assert mayotte in recoverable(sums(cells, of_cell), hidden)


def test_identical_domains_of_different_tables_share_one_decision() -> None:
    departements = units("dep", 3)
    communes = units("com", 200)
    cells = [
        Cell("t", "ensemble", "", departements | communes),
        Cell("t", "type", "departement", departements),
        Cell("t", "type", "commune", communes),
        Cell("t", "stratum", "departement", departements),
        Cell("t", "stratum", "petite", frozenset(list(communes)[:120])),
        Cell("t", "stratum", "grande", frozenset(list(communes)[120:])),
    ]
    decision = linked_suppression(cells, RULE)
    assert decision[1] == decision[3] == "primary"
    assert decision[2] == "secondary"  # else the national total minus it gives 3
    assert decision[5] == "secondary"  # the smaller stratum (80) protects « département »
    assert decision[0] is None
    assert decision[4] is None


def test_a_hidden_parent_with_every_child_published_is_protected() -> None:
    small = units("a", 3)
    cells = [
        Cell("t", "region", "r1", units("b", 2) | units("c", 2)),
        Cell("t", "departement", "d1", units("b", 2)),
        Cell("t", "departement", "d2", units("c", 2)),
        Cell("t", "region", "r2", units("x", 30)),
        Cell("t", "departement", "d3", units("x", 30)),
        Cell("t", "region", "r3", small),
    ]
    decision = linked_suppression(cells, RULE)
    assert decision[0] == "primary"  # 4 < 5, and its two children are hidden too (2 each)
    assert decision[1] == decision[2] == "primary"


def test_a_base_fixed_by_the_published_reasons_alone_is_reported() -> None:
    """Four primary cells of one authority under a primary parent of 4: the parent holds at
    least 4 (four cells of at least 1) and at most 4 (primary), whatever else is hidden."""
    everyone = units("u", 4)
    cells = [
        Cell("t", "ensemble", "", everyone),
        *(Cell("t", "departement", f"d{i}", frozenset({f"u{i}"})) for i in range(4)),
    ]
    decision = linked_decision(cells, RULE)
    assert decision.status == ["primary"] * 5
    assert decision.pinned == [0, 1, 2, 3, 4]


def test_a_base_the_reasons_fix_does_not_cost_the_national_total() -> None:
    """Région A (4, primary) of four départements of 1 is fixed by the reasons alone; région C
    (3) stays protected by hiding région B, never the national total."""
    small = [Cell("t", "departement", f"d{i}", frozenset({f"a{i}"})) for i in range(4)]
    b1, b2 = units("b", 13), frozenset(units("b", 26) - units("b", 13))
    cells = [
        Cell("t", "ensemble", "", units("a", 4) | units("b", 26) | units("c", 3)),
        Cell("t", "region", "A", units("a", 4)),
        *small,
        Cell("t", "region", "C", units("c", 3)),
        Cell("t", "departement", "dC", units("c", 3)),
        Cell("t", "region", "B", b1 | b2),
        Cell("t", "departement", "dB1", b1),
        Cell("t", "departement", "dB2", b2),
    ]
    decision = linked_decision(cells, RULE)
    assert decision.status[0] is None  # the national figure stays published
    assert decision.status[1:8] == ["primary"] * 7
    assert decision.status[8] == "secondary"  # région B: else 33 − 26 − 4 gives C = 3
    assert set(decision.pinned) == {1, 2, 3, 4, 5}


def test_the_national_total_goes_only_when_nothing_else_can_protect() -> None:
    """12 respondents in three régions of 4 (primary, so at most 4): publishing 12 says 4."""
    regions = [Cell("t", "region", r, units(f"{r}-", 4)) for r in "ABC"]
    everyone = frozenset().union(*(c.units for c in regions))
    decision = linked_decision([Cell("t", "ensemble", "", everyone), *regions], RULE)
    assert decision.status == ["secondary", "primary", "primary", "primary"]
    assert decision.pinned == []


def test_national_total_below_the_minimum_hides_everything() -> None:
    cells = [
        Cell("t", "ensemble", "", units("u", 4)),
        Cell("t", "role", "agent", units("u", 4)),
    ]
    assert linked_suppression(cells, RULE) == ["primary", "primary"]


def _release(sizes: list[list[int]], roles: int) -> list[Cell]:
    """A national total, régions made of départements, and a role split across them."""
    cells: list[Cell] = []
    everyone: list[str] = []
    for r, departements in enumerate(sizes):
        members: set[str] = set()
        for d, n in enumerate(departements):
            dept = units(f"r{r}d{d}-", n)
            members |= dept
            cells.append(Cell("t", "departement", f"{r}-{d}", dept))
        cells.append(Cell("t", "region", str(r), frozenset(members)))
        everyone.extend(sorted(members))
    agents = frozenset(everyone[: roles % (len(everyone) + 1)])
    cells.append(Cell("t", "role", "agent", agents))
    cells.append(Cell("t", "role", "elu", frozenset(everyone) - agents))
    cells.append(Cell("t", "ensemble", "", frozenset(everyone)))
    return [c for c in cells if c.units]


def _determined(cells: list[Cell], status: list[str | None]) -> set[int]:
    """Brute force, independent of the rule: the hidden cells whose base is the same in every
    solution of the sums near the true one (±2 per cell) that a reader cannot rule out (a
    primary cell holds 1 to 4 units, a secondary one at least 5)."""
    of_cell, bases = classes(cells)
    hidden = sorted({of_cell[i] for i, s in enumerate(status) if s})
    equations = sums(cells, of_cell)
    truth = np.array(bases, dtype=float)
    matrix = np.zeros((len(equations), len(bases)))
    for row, s in enumerate(equations):
        matrix[row, s.parent] += 1
        for c in s.children:
            matrix[row, c] -= 1
    alternatives: dict[int, set[int]] = {k: set() for k in hidden}
    for shift in itertools.product((-2, -1, 0, 1, 2), repeat=len(hidden)):
        candidate = truth.copy()
        candidate[hidden] += shift
        if _possible(candidate, status, of_cell) and not np.abs(matrix @ candidate).any():
            for k, value in zip(hidden, candidate[hidden], strict=True):
                alternatives[k].add(int(value))
    return {k for k, seen in alternatives.items() if len(seen) == 1}


def _possible(candidate: np.ndarray, status: list[str | None], of_cell: list[int]) -> bool:
    for i, s in enumerate(status):
        value = candidate[of_cell[i]]
        if (s == "primary" and not 1 <= value <= 4) or (s == "secondary" and value < 5):
            return False
    return True


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 12), min_size=1, max_size=3), min_size=2, max_size=4),
    st.integers(0, 60),
)
def test_no_hidden_base_is_determined_by_the_published_ones(
    sizes: list[list[int]], roles: int
) -> None:
    cells = _release(sizes, roles)
    status = linked_suppression(cells, RULE)
    of_cell, _ = classes(cells)
    assert all(s is not None for c, s in zip(cells, status, strict=True) if len(c.units) < 5)
    twins: dict[int, set[str | None]] = {}
    for i, s in enumerate(status):
        twins.setdefault(of_cell[i], set()).add(s)
    assert all(len(decisions) == 1 for decisions in twins.values())
    hidden = {of_cell[i] for i, s in enumerate(status) if s}
    reported = {of_cell[i] for i in linked_decision(cells, RULE).pinned}
    if len(hidden) <= 7:  # the brute force tries 5^hidden candidates
        assert _determined(cells, status) <= reported
    assert not recoverable(sums(cells, of_cell), hidden)
    for k in reported:  # reported only when no published cell is left in its sums
        assert all(t in hidden for s in sums(cells, of_cell) if k in s.terms for t in s.terms)
