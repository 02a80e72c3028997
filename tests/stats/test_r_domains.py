"""Domains against R's tests/domain.Rout.save: subset, svyby and ratio agree (survey package)."""

from __future__ import annotations

import pandas as pd
import pytest

from barometre import stats
from tests.stats.conftest import agrees, se_agrees


@pytest.fixture(scope="module")
def dfpc(fpc_data: pd.DataFrame) -> stats.Design:
    data = fpc_data.assign(big=fpc_data["x"] > 4)
    return stats.Design(data, ids="psuid", strata="stratid", weights="weight", nest=True)


def test_subset_mean_matches_r(dfpc: stats.Design, fpc_data: pd.DataFrame) -> None:
    estimate = stats.mean(dfpc.subset(fpc_data["x"] > 4), "x")
    assert isinstance(estimate, stats.Estimate)
    assert agrees(estimate.value, "6.195")
    assert se_agrees(estimate.se, "0.7555")


def test_by_matches_r_svyby(dfpc: stats.Design) -> None:
    table = stats.by(dfpc, "big", stats.mean, "x")
    printed = {False: ("3.314286", "0.3117042"), True: ("6.195000", "0.7555129")}
    for level, (value, se) in printed.items():
        assert agrees(table[level].value, value)
        assert agrees(table[level].se, se)


@pytest.fixture(scope="module")
def with_ratio_columns(apiclus1: pd.DataFrame) -> pd.DataFrame:
    yes = apiclus1["comp.imp"] == "Yes"
    return apiclus1.assign(num=apiclus1["api00"] * yes, den=yes.astype(float))


def test_calibrated_domain_mean_equals_ratio_estimator(with_ratio_columns: pd.DataFrame) -> None:
    design = stats.Design(with_ratio_columns, ids="dnum", weights="pw", fpc="fpc")
    totals = {"(Intercept)": 6194, "stypeH": 755, "stypeM": 1018, "api99": 3914069}
    calibrated = stats.calibrate(design, totals)
    domain = stats.mean(calibrated.subset(with_ratio_columns["den"] == 1), "api00")
    assert domain.se == pytest.approx(stats.ratio(calibrated, "num", "den").se, rel=1e-10)  # type: ignore[union-attr]


def test_raked_domain_mean_equals_ratio_estimator(with_ratio_columns: pd.DataFrame) -> None:
    design = stats.Design(with_ratio_columns, ids="dnum", weights="pw", fpc="fpc")
    types = pd.DataFrame({"stype": ["E", "H", "M"], "Freq": [4421, 755, 1018]})
    raked = stats.rake(design, {"stype": types, "sch.wide": {"No": 1072, "Yes": 5122}})  # type: ignore[dict-item]
    domain = stats.mean(raked.subset(with_ratio_columns["den"] == 1), "api00")
    assert domain.se == pytest.approx(stats.ratio(raked, "num", "den").se, rel=1e-10)  # type: ignore[union-attr]
