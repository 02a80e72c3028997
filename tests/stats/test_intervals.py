"""Proportion intervals at the edges: shares at 0 or 1, SEs that dwarf the share, df = 0."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from barometre import stats
from barometre.stats.proportions import METHODS, interval_for, mean_interval


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


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_a_share_of_0_or_100_percent_gets_a_korn_graubard_interval_wider_than_zero(
    value: float,
) -> None:
    # Five rows, three degrees of freedom: deff is 0/0, taken as 1 (n_eff = 5), then R's
    # df adjustment (t_4 / t_3)²; Clopper–Pearson at 0 of 5 is [0, 1 − 0.025^(1/n_eff)].
    n_eff = 5 * (sps.t.ppf(0.025, 4) / sps.t.ppf(0.025, 3)) ** 2
    far = 1 - 0.025 ** (1 / n_eff)
    estimate = stats.Estimate(value, 0.0, 5, df=3.0)
    low, high = interval_for(estimate, nrow=5, method="beta")(0.95, None)
    assert (low, high) == pytest.approx((0.0, far) if value == 0 else (1 - far, 1.0))
    assert value in {low, high}
    assert high - low > 0.5  # five answers, all the same: far from certain


def test_a_share_whose_variance_is_rounding_noise_is_not_a_point() -> None:
    # 40 % in a domain whose sampled strata are each constant: SE 1e-17, no information on
    # the spread; n_eff = p(1 − p)/se² would be 10³², deff is taken as 1 instead.
    noisy = interval_for(stats.Estimate(0.4, 1e-17, 10, df=8.0), nrow=10, method="beta")
    exact = interval_for(stats.Estimate(0.4, 0.0, 10, df=8.0), nrow=10, method="beta")
    assert noisy(0.95, None) == exact(0.95, None)
    low, high = noisy(0.95, None)
    assert low < 0.2
    assert high > 0.6


def test_a_mean_without_variance_has_no_interval_rather_than_a_point() -> None:
    interval = mean_interval(stats.Estimate(0.0, 0.0, 12, df=10.0))
    assert all(math.isnan(bound) for bound in interval(0.95, 10.0))
    low, high = mean_interval(stats.Estimate(3.0, 0.5, 12, df=10.0))(0.95, 10.0)
    assert (low, high) == pytest.approx(
        (3 - 0.5 * sps.t.ppf(0.975, 10), 3 + 0.5 * sps.t.ppf(0.975, 10))
    )


def missing_in_one_psu() -> stats.Design:
    """Two strata of three PSUs; every answer of PSU c is missing."""
    data = pd.DataFrame(
        {"s": ["h"] * 6 + ["k"] * 6, "psu": np.repeat(list("abcdef"), 2),
         "w": 2.0, "y": [1, 0, 1, 1, np.nan, np.nan, 0, 0, 1, 0, 1, 1.0],
         "x": [3, 5, 4, 6, np.nan, np.nan, 2, 7, 1, 8, 4, 4.0]}
    )  # fmt: skip
    return stats.Design(data, ids="psu", strata="s", weights="w")


def test_degrees_of_freedom_count_the_psus_that_answered() -> None:
    # docs/methodology.md: PSUs minus strata among the rows of the domain, the missing
    # answers removed (na_rm excludes them from the domain): 5 − 2 = 3, not 6 − 2 = 4.
    design = missing_in_one_psu()
    assert design.degf() == 4
    mean = stats.mean(design, "x", na_rm=True)
    share = stats.ciprop(design, "y", "beta", na_rm=True)
    assert isinstance(mean, stats.Estimate)
    assert (mean.df, share.df) == (3.0, 3.0)
    table = stats.by(design, "s", stats.mean, "x", na_rm=True)
    assert [e.df for e in table.estimates] == [1.0, 2.0]
    q = sps.t.ppf(0.975, 3)
    assert mean.ci(df=mean.df) == pytest.approx(
        (mean.value - q * mean.se, mean.value + q * mean.se)
    )
