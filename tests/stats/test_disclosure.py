"""Disclosure control: minimum base, and no suppressed cell recoverable from its margins."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from barometre import stats
from barometre.stats.disclosure import margin_groups


def table(bases: list[int], keys: tuple[str, ...] = ("region",)) -> stats.EstimateTable:
    rows = tuple(((f"r{i}",), stats.Estimate(0.5, 0.1, n)) for i, n in enumerate(bases))
    return stats.EstimateTable(keys, rows)


def grid(bases: list[list[int]]) -> stats.EstimateTable:
    rows = tuple(
        ((f"r{i}", f"c{j}"), stats.Estimate(0.5, 0.1, n))
        for i, line in enumerate(bases)
        for j, n in enumerate(line)
    )
    return stats.EstimateTable(("row", "col"), rows)


def test_default_minimum_base_is_five() -> None:
    rule = stats.DisclosureRule()
    assert [rule.publishable(stats.Estimate(0.5, 0.1, n)) for n in (4, 5)] == [False, True]


def test_a_single_small_cell_drags_the_next_smallest_with_it() -> None:
    result = stats.DisclosureRule().apply(table([3, 40, 12, 90]))
    assert [e.suppressed for e in result.estimates] == ["primary", None, "secondary", None]


def test_two_small_cells_need_no_secondary_suppression() -> None:
    result = stats.DisclosureRule().apply(table([3, 40, 2, 90]))
    assert [e.suppressed for e in result.estimates] == ["primary", None, "primary", None]


def test_minimum_base_is_configurable() -> None:
    result = stats.DisclosureRule(min_base=10).apply(table([9, 40, 12, 90]))
    assert result.estimates[0].suppressed == "primary"


@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=5), min_size=2, max_size=5))
def test_no_margin_group_is_left_with_one_hidden_cell(bases: list[list[int]]) -> None:
    width = min(len(line) for line in bases)
    result = stats.DisclosureRule().apply(grid([line[:width] for line in bases]))
    status = [e.suppressed for e in result.estimates]
    for group in margin_groups(result):
        assert sum(status[i] is not None for i in group) != 1


@given(st.lists(st.integers(0, 30), min_size=1, max_size=20))
def test_every_small_base_is_suppressed(bases: list[int]) -> None:
    result = stats.DisclosureRule().apply(table(bases))
    assert all(e.suppressed is not None for e in result.estimates if e.n < 5)
