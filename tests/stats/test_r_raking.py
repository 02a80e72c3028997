"""Raking against R's tests/rakecheck.Rout.save (survey package), with R's default control
(epsilon = 1 weighted count, at most 10 sweeps)."""

from __future__ import annotations

import pandas as pd
import pytest

from barometre import stats
from tests.stats.conftest import agrees, se_agrees

TYPES = pd.DataFrame({"stype": ["E", "H", "M"], "Freq": [4421, 755, 1018]})
SCHWIDE = pd.DataFrame({"sch.wide": ["No", "Yes"], "Freq": [1072, 5122]})


def estimate(design: stats.Design, variable: str, statistic: str = "mean") -> stats.Estimate:
    result = (stats.mean if statistic == "mean" else stats.total)(design, variable)
    assert isinstance(result, stats.Estimate)
    return result


@pytest.fixture(scope="module")
def raked(dclus1: stats.Design) -> stats.Design:
    return stats.rake(dclus1, {"stype": TYPES, "sch.wide": SCHWIDE}, epsilon=1, max_iter=10)


def test_raked_mean_matches_r(raked: stats.Design) -> None:
    result = estimate(raked, "api00")
    assert agrees(result.value, "641.23")
    assert se_agrees(result.se, "23.704")


def test_raked_total_matches_r(raked: stats.Design) -> None:
    result = estimate(raked, "enroll", "total")
    assert agrees(result.value, "3647300")
    assert se_agrees(result.se, "400603")


def test_raking_calibration_total_matches_r(dclus1: stats.Design) -> None:
    calibrated = stats.calibrate(dclus1, {"stype": TYPES, "sch.wide": SCHWIDE}, method="raking")
    result = estimate(calibrated, "enroll", "total")
    assert agrees(result.value, "3647280")
    assert se_agrees(result.se, "400603")


def test_raking_to_a_joint_margin_matches_r(dclus1: stats.Design, apipop: pd.DataFrame) -> None:
    joint = apipop.groupby(["stype", "sch.wide"]).size().to_dict()
    margins = {("stype", "sch.wide"): joint, "comp.imp": {"No": 1712, "Yes": 4482}}
    result = estimate(stats.rake(dclus1, margins, epsilon=1, max_iter=10), "api00")
    assert agrees(result.value, "642.62")
    assert se_agrees(result.se, "22.732")


def test_raking_calibration_to_a_joint_margin_matches_r(
    dclus1: stats.Design, apipop: pd.DataFrame
) -> None:
    joint = apipop.groupby(["stype", "sch.wide"]).size().to_dict()
    totals = {("stype", "sch.wide"): joint, "comp.imp": {"No": 1712, "Yes": 4482}}
    result = estimate(stats.calibrate(dclus1, totals, method="raking"), "api00")
    assert agrees(result.value, "642.61")
    assert se_agrees(result.se, "22.731")
