"""Proportion intervals at the edges: shares at 0 or 1, SEs that dwarf the share, df = 0."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from barometre import stats
from barometre.stats.proportions import METHODS, interval_for


def share(value: float, se: float, df: float | None = 30.0) -> stats.Estimate:
    return stats.Estimate(value=value, se=se, n=40, df=df)


@pytest.mark.parametrize(("value", "se"), [(1e-12, 0.3), (1 - 1e-15, 0.25), (1e-300, 1e3)])
def test_logit_interval_saturates_instead_of_overflowing(value: float, se: float) -> None:
    low, high = interval_for(share(value, se), nrow=40)(0.95, None)
    assert 0.0 <= low <= value <= high <= 1.0
    assert (low, high) == pytest.approx((0.0, 1.0), abs=1e-6)


@pytest.mark.parametrize("value", [0.0, 1.0])
@pytest.mark.parametrize("method", ["logit", "xlogit", "likelihood", "asin", "wilson"])
def test_a_share_at_the_boundary_has_a_point_interval(value: float, method: str) -> None:
    # R's svyglm at p = 0 or 1 has zero variance: the interval is the point itself.
    interval = interval_for(share(value, 1e-9), nrow=40, method=method)
    assert interval(0.95, None) == (value, value)


@pytest.mark.parametrize("method", METHODS)
def test_no_degrees_of_freedom_gives_an_empty_interval(method: str) -> None:
    low, high = interval_for(share(0.4, 0.1, df=0.0), nrow=40, method=method)(0.95, None)
    assert math.isnan(low)
    assert math.isnan(high)


def test_logit_interval_matches_the_closed_form_in_the_interior() -> None:
    p, se = 0.2, 0.05
    q = 1.959963984540054
    s = se / (p * (1 - p))
    expected = [1 / (1 + math.exp(-(math.log(p / (1 - p)) + k * q * s))) for k in (-1, 1)]
    assert interval_for(share(p, se), nrow=40)(0.95, math.inf) == pytest.approx(expected)


def test_a_domain_where_nobody_says_yes_gets_zero_zero() -> None:
    rng = np.random.default_rng(1)
    data = pd.DataFrame(
        {"g": np.repeat(["a", "b"], 20), "s": np.tile(["x", "y"], 20), "w": rng.uniform(1, 3, 40)}
    )
    data["y"] = np.where(data["g"] == "a", 0.0, (rng.random(40) < 0.5).astype(float))
    design = stats.poststratify(
        stats.Design(data, strata="s", weights="w"), "s", {"x": 50.0, "y": 70.0}
    )
    table = stats.by(design, "g", stats.ciprop, "y")
    assert table["a"].value == 0.0
    assert table["a"].ci(df=table["a"].df) == (0.0, 0.0)


@pytest.mark.parametrize("method", ["likelihood", "wilson", "asin", "mean", "beta"])
def test_a_huge_se_near_zero_never_raises(method: str) -> None:
    low, high = interval_for(share(1e-300, 1e3), nrow=40, method=method)(0.95, None)
    assert not (low > high)
