"""Proportion intervals, t-tests, χ² tests: behaviour beyond the shipped R outputs."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats as sps

from barometre import stats


@pytest.fixture(scope="module")
def with_flag(apiclus1: pd.DataFrame) -> stats.Design:
    data = apiclus1.assign(high=(apiclus1["api00"] > 700).astype(float))
    return stats.Design(data, ids="dnum", weights="pw", fpc="fpc")


@pytest.mark.parametrize(
    "method", ["logit", "likelihood", "beta", "mean", "wilson", "asin", "xlogit"]
)
def test_every_interval_contains_the_proportion(with_flag: stats.Design, method: str) -> None:
    estimate = stats.ciprop(with_flag, "high", method=method)  # type: ignore[arg-type]
    low, high = estimate.ci()
    assert 0 <= low < estimate.value < high <= 1


def test_logit_interval_is_wald_on_the_logit_scale_with_design_df(with_flag: stats.Design) -> None:
    estimate = stats.ciprop(with_flag, "high")
    p, s = estimate.value, estimate.se / (estimate.value * (1 - estimate.value))
    q = sps.t.ppf(0.975, with_flag.degf())
    expected = [1 / (1 + math.exp(-(math.log(p / (1 - p)) + k * q * s))) for k in (-1, 1)]
    assert estimate.ci() == pytest.approx(expected)


def test_ciprop_refuses_a_non_binary_variable(dclus1: stats.Design) -> None:
    with pytest.raises(stats.StatsError, match="0 ou 1"):
        stats.ciprop(dclus1, "api00")


def test_t_interval_is_wider_than_normal(dclus1: stats.Design) -> None:
    estimate = stats.mean(dclus1, "api00")
    assert isinstance(estimate, stats.Estimate)
    normal, student = estimate.ci(), estimate.ci(df=estimate.df)
    assert student[1] - student[0] > normal[1] - normal[0]


def test_one_sample_t_test_uses_degf_minus_one(dclus2: stats.Design) -> None:
    assert stats.ttest(dclus2, "api00", mu=600).df == dclus2.degf() - 1


def test_t_test_needs_two_groups(dclus1: stats.Design) -> None:
    with pytest.raises(stats.StatsError, match="deux niveaux"):
        stats.ttest(dclus1, "api00", group="stype")


def test_first_order_rao_scott_keeps_pearson_statistic(dclus1: stats.Design) -> None:
    second = stats.chisq(dclus1, "sch.wide", "stype")
    first = stats.chisq(dclus1, "sch.wide", "stype", statistic="Chisq")
    assert (first.ndf, first.p_value < 0.05, second.p_value < 0.05) == (2, True, True)


def test_adjusted_wald_denominator_df_is_nu_minus_ndf_plus_one(dclus1: stats.Design) -> None:
    test = stats.chisq(dclus1, "sch.wide", "stype", statistic="adjWald")
    assert (test.ndf, test.ddf) == (2, dclus1.degf() - 2 + 1)


def test_adjusted_wald_matches_published_r_output(dclus2: stats.Design) -> None:
    # R: svychisq(~sch.wide+comp.imp, dclus2, statistic="adjWald") -> F = 11.4203, ddf = 39
    test = stats.chisq(dclus2, "sch.wide", "comp.imp", statistic="adjWald")
    assert (round(test.statistic, 4), test.ddf) == (11.4203, 39)


def test_likelihood_interval_ends_have_equal_scaled_deviance(with_flag: stats.Design) -> None:
    estimate = stats.ciprop(with_flag, "high", method="likelihood")
    p = estimate.value

    def kl(mu: float) -> float:
        return p * math.log(p / mu) + (1 - p) * math.log((1 - p) / (1 - mu))

    low, high = estimate.ci()
    assert kl(low) == pytest.approx(kl(high), rel=1e-6)
