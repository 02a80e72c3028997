"""An earlier edition: the same calibrated plans, moved along their gradients."""

from __future__ import annotations

import polars as pl
import pytest

from barometre.synth import synthesize, wave_figures
from barometre.synth.plans import YES, Percent, Picks, Shares, advanced


def figures(table: pl.DataFrame) -> dict[str, float]:
    return {f.id: f.value for f in wave_figures(table, 1) if f.value is not None}


def test_no_shift_is_the_calibrated_draw() -> None:
    assert synthesize(1, n=200, seed=4).equals(synthesize(1, n=200, seed=4, shift=0.0))


def test_an_earlier_edition_is_less_digital_and_keeps_its_weaknesses() -> None:
    now = figures(synthesize(1, n=1500, seed=4))
    before = figures(synthesize(1, n=1500, seed=4, shift=-0.3))
    assert before["communication.site_internet"] < now["communication.site_internet"] - 0.03
    assert before["communication.rgaa.rien"] > now["communication.rgaa.rien"] + 0.03
    assert before["cyber.sans_rssi"] > now["cyber.sans_rssi"]


def test_shares_move_on_the_logit_scale_and_still_sum_to_at_most_one() -> None:
    plan = Shares({"oui": 0.6, "nsp": 0.03}, {"oui": YES})
    moved = advanced(plan, -0.3)
    assert isinstance(moved, Shares)
    assert moved.shares["oui"] == pytest.approx(0.5413, abs=1e-4)
    assert moved.shares["nsp"] == 0.03  # no gradient, no move
    crowded = advanced(Shares({"a": 0.6, "b": 0.39}, {"a": 2.0, "b": 2.0}), 1.0)
    assert isinstance(crowded, Shares)
    assert sum(crowded.shares.values()) == pytest.approx(1.0)


def test_exclusive_none_of_a_multiple_choice_moves_against_the_practices() -> None:
    moved = advanced(Picks({"site": 0.5, "aucun": 0.2}, slope=0.5), -0.5, frozenset({"aucun"}))
    assert isinstance(moved, Picks)
    assert moved.shares["site"] < 0.5 < 0.2 + 0.5
    assert moved.shares["aucun"] > 0.2


def test_percentages_and_the_identity() -> None:
    plan = Percent(0.3, 30.0)
    earlier = advanced(plan, -0.3)
    assert isinstance(earlier, Percent)
    assert earlier.zero_share > 0.3
    assert earlier.mean < 30.0
    assert advanced(plan, 0.0) is plan
