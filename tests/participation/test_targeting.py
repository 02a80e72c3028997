"""The reminder ranking on plain cells (pure): the order, the gains, attrition by hand."""

from __future__ import annotations

import math

import pytest

from barometre.participation.rates import Cell
from barometre.participation.targeting import attrition, rank
from tests.participation.test_live import LARGE, NAMES, SMALL, scope

MEDIUM = Cell("84", "commune", "3500-9999")


def test_the_under_represented_group_comes_first_with_its_exact_gain() -> None:
    # <500: 30 units, 3 answered; 3 500–9 999: 20 units, 4 answered; ≥ 50 000: 10 units,
    # 5 answered. One stratum variable: R = 1 − 2 S over the three rates.
    cells, statuses = scope((SMALL, 30, 3), (MEDIUM, 20, 4), (LARGE, 10, 5))
    waiting = [a for a in cells if a not in statuses or statuses[a] != "submitted"]
    ranking = rank(cells, statuses, waiting, NAMES)

    def r(small: int, medium: int, large: int) -> float:
        rates = [(30, small / 30), (20, medium / 20), (10, large / 10)]
        mean = (small + medium + large) / 60
        return 1 - 2 * math.sqrt(sum(n * (p - mean) ** 2 for n, p in rates) / 59)

    assert ranking.r_now == pytest.approx(r(3, 4, 5))
    first, second, third = ranking.groups
    assert first.cell == SMALL  # 10 % against 20 % overall: under-represented
    assert first.under == ("Communes de moins de 500 hab.",)
    assert first.more == 10
    assert first.r_after == pytest.approx(r(13, 4, 5))
    assert second.cell == MEDIUM
    assert second.r_after == pytest.approx(r(3, 14, 5))
    assert third.cell == LARGE  # over-represented: its answers lower R
    assert third.under == ()
    assert third.more == 5  # only five left to remind there
    assert third.r_after == pytest.approx(r(3, 4, 10))
    assert third.r_after < ranking.r_now
    assert first.width_after is not None
    assert ranking.width_now is not None
    assert first.width_after < ranking.width_now


def test_without_respondent_the_groups_come_by_size_and_say_why() -> None:
    cells, statuses = scope((SMALL, 30, 0), (LARGE, 10, 0))
    ranking = rank(cells, statuses, list(cells), NAMES)
    assert ranking.reason.startswith("Pas de gain calculé, les groupes sont rangés par taille.")
    assert [g.cell for g in ranking.groups] == [SMALL, LARGE]
    assert all(g.r_after is None for g in ranking.groups)
    assert rank({}, {}, [], NAMES).reason.startswith("Aucune collectivité du référentiel")


def test_attrition_rate_per_cell() -> None:
    cells, statuses = scope((SMALL, 30, 3), (LARGE, 10, 5))
    small = [a for a, c in cells.items() if c == SMALL]
    large = [a for a, c in cells.items() if c == LARGE]
    before = frozenset(small[:4] + large[:2] + ["commune:hors-perimetre"])
    rows = attrition(cells, statuses, before, NAMES)
    # small: 4 answered before, 3 of them again (the first three): 1 lost; large: 2, 0 lost
    assert [(r.previous, r.lost, r.rate) for r in rows] == [(4, 1, 0.25), (2, 0, 0.0)]
