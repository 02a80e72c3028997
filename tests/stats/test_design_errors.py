"""Bad input gives a clear error that names the problem, never a NaN passed along."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from barometre import stats


@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stratum": ["a", "a", "a", "b", "b", "b"],
            "psu": [1, 2, 3, 4, 5, 6],
            "w": [2.0, 2.0, 2.0, 3.0, 3.0, 3.0],
            "y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )


@pytest.mark.parametrize("bad", [-1.0, 0.0])
def test_non_positive_weight_is_refused(small: pd.DataFrame, bad: float) -> None:
    data = small.assign(w=[bad, 2.0, 2.0, 3.0, 3.0, 3.0])
    with pytest.raises(stats.WeightError, match="« w »"):
        stats.Design(data, weights="w")


def test_missing_weight_is_refused(small: pd.DataFrame) -> None:
    data = small.assign(w=[np.nan, 2.0, 2.0, 3.0, 3.0, 3.0])
    with pytest.raises(stats.WeightError, match="NaN"):
        stats.Design(data, weights="w")


def test_single_psu_stratum_fails_by_default(small: pd.DataFrame) -> None:
    data = small.assign(stratum=["a", "a", "a", "a", "a", "b"])
    with pytest.raises(stats.LonelyPSUError, match="une seule unité primaire"):
        stats.Design(data, ids="psu", strata="stratum", weights="w")


def test_fpc_smaller_than_sample_is_refused(small: pd.DataFrame) -> None:
    with pytest.raises(stats.FpcError, match="plus petite que l'échantillon"):
        stats.Design(small.assign(N=2), strata="stratum", fpc="N")


def test_unknown_variable_is_named(small: pd.DataFrame) -> None:
    design = stats.Design(small, weights="w")
    with pytest.raises(stats.MissingVariableError, match="« nope »"):
        stats.mean(design, "nope")


def test_missing_values_without_na_rm_are_refused(small: pd.DataFrame) -> None:
    design = stats.Design(small.assign(y=[np.nan, 2, 3, 4, 5, 6.0]), weights="w")
    with pytest.raises(stats.MissingValuesError, match="na_rm=True"):
        stats.mean(design, "y")


def test_clusters_spanning_strata_need_nest(fpc_data: pd.DataFrame) -> None:
    with pytest.raises(stats.DesignError, match="nest=True"):
        stats.Design(fpc_data, ids="psuid", strata="stratid", weights="weight")


def test_unknown_lonely_policy_is_refused(small: pd.DataFrame) -> None:
    with pytest.raises(stats.DesignError, match="lonely"):
        stats.Design(small, lonely_psu="ignore")  # type: ignore[arg-type]


def test_fpc_varying_within_a_stratum_is_refused(small: pd.DataFrame) -> None:
    data = small.assign(N=[10, 11, 10, 20, 20, 20])
    with pytest.raises(stats.FpcError, match="varie"):
        stats.Design(data, strata="stratum", fpc="N")


def test_both_weights_and_probs_are_refused(small: pd.DataFrame) -> None:
    with pytest.raises(stats.WeightError):
        stats.Design(small.assign(p=0.5), weights="w", probs="p")


def test_errors_are_value_errors_with_a_stable_code(small: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="nope") as caught:
        stats.mean(stats.Design(small), "nope")
    assert isinstance(caught.value, stats.StatsError)
    assert caught.value.code == "missing-variable"
