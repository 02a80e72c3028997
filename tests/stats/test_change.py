"""The change between two editions: agrees with a design-based test on the stacked samples."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from barometre import stats


def stacked(apiclus1: pd.DataFrame) -> pd.DataFrame:
    """Two independent « editions »: api99 then api00, clusters renamed so none is shared."""
    before = apiclus1.assign(
        y=apiclus1["api99"], edition="a", psu="a" + apiclus1["dnum"].astype(str)
    )
    after = apiclus1.assign(
        y=apiclus1["api00"], edition="b", psu="b" + apiclus1["dnum"].astype(str)
    )
    return pd.concat([before, after], ignore_index=True)


def test_the_change_is_the_stratified_design_difference_of_r_svyttest(
    apiclus1: pd.DataFrame,
) -> None:
    """svyttest(y ~ edition, svydesign(ids=~psu, strata=~edition, weights=~pw)) in R."""
    data = stacked(apiclus1)
    one = {
        name: stats.mean(stats.Design(part, ids="psu", weights="pw"), "y")
        for name, part in data.groupby("edition")
    }
    result = stats.change(one["a"].value, one["a"].se, one["b"].value, one["b"].se)
    combined = stats.ttest(
        stats.Design(data, ids="psu", strata="edition", weights="pw"), "y", "edition"
    )
    assert result.difference == pytest.approx(combined.estimate, rel=1e-12)
    assert result.se == pytest.approx(combined.se, rel=1e-9)
    assert result.low < result.difference < result.high
    assert result.significant() == (combined.p_value < 0.05)


def test_a_known_change_by_hand() -> None:
    result = stats.change(0.40, 0.03, 0.44, 0.04)
    assert result.difference == pytest.approx(0.04)
    assert result.se == pytest.approx(0.05)
    assert result.statistic == pytest.approx(0.8)
    assert result.p_value == pytest.approx(0.4237, abs=1e-4)
    assert (result.low, result.high) == pytest.approx(
        (0.04 - 1.959964 * 0.05, 0.04 + 1.959964 * 0.05)
    )
    assert not result.significant()
    assert result.direction == 1


def test_without_sampling_variance_any_difference_is_real() -> None:
    assert stats.change(0.0, 0.0, 0.0, 0.0).p_value == 1.0
    fell = stats.change(1.0, 0.0, 0.0, 0.0)
    assert fell.significant()
    assert fell.direction == -1
    assert fell.statistic is None


@pytest.mark.parametrize("bad", [math.nan, math.inf, -0.1])
def test_bad_inputs_are_refused_in_french(bad: float) -> None:
    with pytest.raises(ValueError, match=r"Erreur type|non finie"):
        stats.change(0.5, bad, 0.5, 0.1)


@given(
    st.floats(0, 1),
    st.floats(0.001, 0.2),
    st.floats(0, 1),
    st.floats(0.001, 0.2),
)
def test_the_interval_excludes_zero_exactly_when_the_change_is_significant(
    a: float, sa: float, b: float, sb: float
) -> None:
    result = stats.change(a, sa, b, sb)
    excludes_zero = result.low > 0 or result.high < 0
    assume_away_the_boundary = abs(result.p_value - 0.05) > 1e-9
    if assume_away_the_boundary:
        assert excludes_zero == result.significant()
    swapped = stats.change(b, sb, a, sa)
    assert swapped.p_value == pytest.approx(result.p_value)
    assert swapped.difference == pytest.approx(-result.difference)
