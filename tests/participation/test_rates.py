"""Rates against the frame on small inline data: the denominator is the frame's cell count."""

from __future__ import annotations

import datetime as dt

import pytest

from barometre.participation.rates import BREAKDOWNS, Cell, by_day, folded, rate_table, total_row

SMALL = Cell("84", "commune", "<500")
BIG = Cell("84", "commune", "3500-9999")
OTHER_REGION = Cell("11", "commune", "<500")

CELLS = {
    "commune:1": SMALL,
    "commune:2": SMALL,
    "commune:3": SMALL,
    "commune:4": SMALL,
    "commune:5": BIG,
    "commune:6": OTHER_REGION,
}


def by_cell(statuses: dict[str, str]) -> dict[Cell, tuple[int, int, int, int]]:
    return {
        row.cell: (row.units, row.invited, row.started, row.submitted)
        for row in rate_table(CELLS, statuses)
    }


def test_every_frame_cell_has_a_row_even_with_no_answer() -> None:
    assert by_cell({}) == {SMALL: (4, 0, 0, 0), BIG: (1, 0, 0, 0), OTHER_REGION: (1, 0, 0, 0)}


def test_counts_are_cumulative_and_rates_divide_by_the_frame_count() -> None:
    statuses = {"commune:1": "invited", "commune:2": "started", "commune:3": "submitted"}
    row = next(r for r in rate_table(CELLS, statuses) if r.cell == SMALL)
    assert (row.units, row.invited, row.started, row.submitted) == (4, 3, 2, 1)
    assert row.invited_rate == pytest.approx(0.75)
    assert row.started_rate == pytest.approx(0.5)
    assert row.submitted_rate == pytest.approx(0.25)


def test_authorities_outside_the_frame_scope_are_ignored() -> None:
    statuses = {"commune:99": "submitted", "commune:5": "submitted"}
    assert by_cell(statuses)[BIG] == (1, 1, 1, 1)
    assert sum(row.submitted for row in rate_table(CELLS, statuses)) == 1


def test_rows_are_sorted_by_region_type_and_stratum() -> None:
    assert [row.cell for row in rate_table(CELLS, {})] == [OTHER_REGION, SMALL, BIG]


def test_strata_follow_their_size_not_the_alphabet() -> None:
    cells = {
        "commune:1": Cell("84", "commune", "1000-3499"),
        "commune:2": Cell("84", "commune", "500-999"),
        "commune:3": Cell("84", "commune", ">=50000"),
        "commune:4": Cell("84", "commune", "<500"),
        "epci:1": Cell("84", "epci", "CA"),
        "epci:2": Cell("84", "epci", "CC"),
    }
    order = [(row.cell.type, row.cell.stratum) for row in rate_table(cells, {})]
    assert order == [
        ("commune", "<500"), ("commune", "500-999"), ("commune", "1000-3499"),
        ("commune", ">=50000"), ("epci", "CC"), ("epci", "CA"),
    ]  # fmt: skip


def test_the_total_row_sums_the_cells() -> None:
    total = total_row(rate_table(CELLS, {"commune:5": "submitted", "commune:6": "started"}))
    assert (total.units, total.invited, total.started, total.submitted) == (6, 2, 2, 1)
    assert total.submitted_rate == pytest.approx(1 / 6)


def test_an_empty_scope_has_no_rate() -> None:
    total = total_row([])
    assert total.units == 0
    assert total.submitted_rate is None


EPCI = Cell("84", "epci", "")
STATUSES = {"commune:1": "submitted", "commune:5": "started", "commune:6": "submitted"}


def test_folding_by_region_type_or_stratum_keeps_every_count() -> None:
    rows = rate_table({**CELLS, "epci:1": EPCI}, STATUSES)
    total = total_row(rows)
    for by in BREAKDOWNS:
        assert total_row(folded(rows, by)) == total
    regions = {row.cell.region: (row.units, row.submitted) for row in folded(rows, "region")}
    assert regions == {"11": (1, 1), "84": (6, 1)}
    types = [(row.cell.type, row.units) for row in folded(rows, "type")]
    assert types == [("commune", 6), ("epci", 1)]
    strata = [(row.cell.type, row.cell.stratum) for row in folded(rows, "stratum")]
    assert strata == [("commune", "<500"), ("commune", "3500-9999"), ("epci", "")]


def test_an_unknown_breakdown_is_refused_in_french() -> None:
    with pytest.raises(ValueError, match="Ventilation inconnue"):
        folded([], "departement")


def test_complete_answers_are_counted_day_by_day_from_the_opening() -> None:
    opened = dt.date(2026, 3, 1)
    days = by_day(
        [dt.date(2026, 2, 27), dt.date(2026, 3, 1), dt.date(2026, 3, 3), dt.date(2026, 3, 9)],
        opened,
        dt.date(2026, 3, 4),
    )
    assert [(d.day.day, d.new, d.cumulative) for d in days] == [
        (1, 2, 2),  # an answer imported before the opening counts on the first day
        (2, 0, 2),
        (3, 1, 3),
        (4, 0, 3),  # the one after « until » is not drawn
    ]
    assert by_day([opened], opened, dt.date(2026, 2, 1)) == []
