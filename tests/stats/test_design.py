"""Design construction: weights, fpc, stages, lonely PSUs, input types."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import polars as pl
import pytest

from barometre import stats


def se(design: stats.Design, variable: str) -> float:
    estimate = stats.mean(design, variable)
    assert isinstance(estimate, stats.Estimate)
    return estimate.se


def test_weights_default_to_population_over_sample_size(apisrs: pd.DataFrame) -> None:
    design = stats.Design(apisrs, fpc="fpc")
    assert np.allclose(design.weights, 6194 / 200)


def test_fpc_as_sampling_fraction_equals_fpc_as_population_size(apistrat: pd.DataFrame) -> None:
    sizes = apistrat.groupby("stype")["stype"].transform("size")
    fraction = apistrat.assign(f=sizes / apistrat["fpc"])
    by_count = stats.Design(apistrat, strata="stype", weights="pw", fpc="fpc")
    by_fraction = stats.Design(fraction, strata="stype", weights="pw", fpc="f")
    assert se(by_count, "api00") == pytest.approx(se(by_fraction, "api00"), rel=1e-12)


def test_fpc_reduces_the_variance(apistrat: pd.DataFrame) -> None:
    with_fpc = stats.Design(apistrat, strata="stype", weights="pw", fpc="fpc")
    without = stats.Design(apistrat, strata="stype", weights="pw")
    assert se(with_fpc, "api00") < se(without, "api00")


def test_probabilities_are_inverse_weights(apistrat: pd.DataFrame) -> None:
    with_probs = stats.Design(apistrat.assign(p=1 / apistrat["pw"]), strata="stype", probs="p")
    with_weights = stats.Design(apistrat, strata="stype", weights="pw")
    assert se(with_probs, "api00") == pytest.approx(se(with_weights, "api00"), rel=1e-12)


def test_polars_input_gives_the_same_estimate(apiclus1: pd.DataFrame) -> None:
    from_pandas = stats.Design(apiclus1, ids="dnum", weights="pw", fpc="fpc")
    from_polars = stats.Design(
        pl.from_dict(apiclus1.to_dict("list")), ids="dnum", weights="pw", fpc="fpc"
    )
    assert stats.mean(from_polars, "api00") == stats.mean(from_pandas, "api00")


def test_census_stratum_has_zero_variance() -> None:
    data = pd.DataFrame(
        {"s": ["a"] * 3 + ["b"] * 3, "y": [1.0, 5, 9, 2, 2, 2], "N": [3] * 3 + [9] * 3}
    )
    design = stats.Design(data, strata="s", fpc="N")
    only_census = design.subset(data["s"] == "a")
    assert stats.total(only_census, "y").se == pytest.approx(0.0, abs=1e-9)  # type: ignore[union-attr]


def lonely_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "s": ["a", "a", "b", "b", "c"],
            "y": [1.0, 3.0, 10.0, 14.0, 7.0],
            "w": [1.0, 1.0, 2.0, 2.0, 3.0],
        }
    )


def test_certainty_policy_drops_the_lonely_stratum_variance() -> None:
    data = lonely_data()
    certain = stats.Design(data, strata="s", weights="w", lonely_psu="certainty")
    total_all = stats.total(certain, "y")
    without_c = stats.Design(data[data["s"] != "c"], strata="s", weights="w")
    assert total_all.se == pytest.approx(stats.total(without_c, "y").se)  # type: ignore[union-attr]


def test_average_policy_scales_by_strata_over_usable_strata() -> None:
    data = lonely_data()
    certain = stats.total(stats.Design(data, strata="s", weights="w", lonely_psu="certainty"), "y")
    average = stats.total(stats.Design(data, strata="s", weights="w", lonely_psu="average"), "y")
    assert average.se**2 == pytest.approx(certain.se**2 * 3 / 2)  # type: ignore[union-attr]


def test_adjust_policy_centres_the_lonely_psu_at_the_grand_mean() -> None:
    data = lonely_data()
    certain = stats.total(stats.Design(data, strata="s", weights="w", lonely_psu="certainty"), "y")
    adjust = stats.total(stats.Design(data, strata="s", weights="w", lonely_psu="adjust"), "y")
    grand_mean = (1 + 3 + 20 + 28 + 21) / 5
    assert adjust.se**2 == pytest.approx(certain.se**2 + (21 - grand_mean) ** 2)  # type: ignore[union-attr]


def test_degrees_of_freedom_are_psus_minus_strata(
    dstrat: stats.Design, dclus1: stats.Design
) -> None:
    assert (dstrat.degf(), dclus1.degf()) == (197, 14)


def test_kish_design_effect_of_equal_weights_is_one(apisrs: pd.DataFrame) -> None:
    assert stats.Design(apisrs, weights="pw").kish_deff == pytest.approx(1.0)


def test_estimate_cv_is_se_over_value(dclus1: stats.Design) -> None:
    estimate = stats.mean(dclus1, "api00")
    assert isinstance(estimate, stats.Estimate)
    assert math.isclose(estimate.cv, estimate.se / estimate.value)
