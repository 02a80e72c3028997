"""Calibration against R's tests/caleg.Rout.save (survey package)."""

from __future__ import annotations

import pandas as pd
import pytest

from barometre import stats
from tests.stats.conftest import agrees, se_agrees


@pytest.fixture(scope="module")
def enroll_totals(apipop: pd.DataFrame) -> dict[str, float]:
    return {"(Intercept)": float(len(apipop)), "enroll": float(apipop["enroll"].sum())}


def test_linear_calibration_g_range_matches_r(
    dclus1: stats.Design, enroll_totals: dict[str, float]
) -> None:
    g = stats.calibrate(dclus1, enroll_totals).weights / dclus1.weights
    assert agrees(g.min(), "0.7906782")
    assert agrees(g.max(), "1.7891164")


def test_bounded_linear_calibration_g_range_matches_r(
    dclus1: stats.Design, enroll_totals: dict[str, float]
) -> None:
    g = stats.calibrate(dclus1, enroll_totals, bounds=(0.6, 1.5)).weights / dclus1.weights
    assert agrees(g.min(), "0.7198751")
    assert agrees(g.max(), "1.5000000")


def test_calibrated_variable_total_has_zero_se(
    dclus1: stats.Design, enroll_totals: dict[str, float]
) -> None:
    estimate = stats.total(stats.calibrate(dclus1, enroll_totals), "enroll")
    assert isinstance(estimate, stats.Estimate)
    assert estimate.se == pytest.approx(0.0, abs=1e-6)


def test_ratio_estimator_by_calibration_with_working_variance_matches_r(
    dstrat: stats.Design, apipop: pd.DataFrame
) -> None:
    calibrated = stats.calibrate(dstrat, {"enroll": float(apipop["enroll"].sum())}, variance=[1])
    estimate = stats.total(calibrated, "api.stu")
    assert isinstance(estimate, stats.Estimate)
    assert agrees(estimate.value, "3190038")
    assert se_agrees(estimate.se, "29566")


def test_constant_variance_model_without_intercept_is_refused(
    dstrat: stats.Design, apipop: pd.DataFrame
) -> None:
    with pytest.raises(stats.CalibrationError, match="constante"):
        stats.calibrate(dstrat, {"enroll": float(apipop["enroll"].sum())})


def test_stratified_total_matches_r(dstrat: stats.Design) -> None:
    estimate = stats.total(dstrat, "api.stu")
    assert isinstance(estimate, stats.Estimate)
    assert agrees(estimate.value, "3086009")
    assert se_agrees(estimate.se, "99477")
