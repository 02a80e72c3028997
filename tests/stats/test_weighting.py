"""Post-stratification, raking and calibration: targets hit, smaller SEs, clear failures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from barometre import stats

Margins = dict[str, dict[str, int]]


def test_raking_hits_every_margin(
    dclus1: stats.Design, apiclus1: pd.DataFrame, population_margins: Margins
) -> None:
    raked = stats.rake(dclus1, population_margins)
    for column, targets in population_margins.items():
        sums = pd.Series(raked.weights).groupby(apiclus1[column].to_numpy()).sum()
        assert sums.to_dict() == pytest.approx(targets, rel=1e-6)


def test_post_stratification_shrinks_the_se_of_a_correlated_variable(dclus1: stats.Design) -> None:
    post = stats.poststratify(dclus1, "stype", population={"E": 4421, "H": 755, "M": 1018})
    before = stats.total(dclus1, "enroll", na_rm=True)
    after = stats.total(post, "enroll", na_rm=True)
    assert after.se < before.se  # type: ignore[union-attr]


def test_calibrated_total_of_a_calibration_variable_has_zero_se(dclus1: stats.Design) -> None:
    calibrated = stats.calibrate(dclus1, {"(Intercept)": 6194, "stypeH": 755, "stypeM": 1018})
    table = stats.total(calibrated, "stype")
    assert isinstance(table, stats.EstimateTable)
    assert [e.se for e in table.estimates] == pytest.approx([0, 0, 0], abs=1e-6)


def test_logit_calibration_respects_its_bounds(
    dclus1: stats.Design, population_margins: Margins
) -> None:
    calibrated = stats.calibrate(dclus1, population_margins, method="logit", bounds=(0.5, 2.0))
    g = calibrated.weights / dclus1.weights
    assert (g.min() >= 0.5 - 1e-9, g.max() <= 2.0 + 1e-9) == (True, True)


def test_raking_calibration_equals_iterative_raking(
    dclus1: stats.Design, population_margins: Margins
) -> None:
    by_newton = stats.calibrate(dclus1, population_margins, method="raking", epsilon=1e-12)
    by_ipf = stats.rake(dclus1, population_margins, epsilon=1e-12, max_iter=200)
    assert np.allclose(by_newton.weights, by_ipf.weights, rtol=1e-8)


def test_empty_margin_level_is_an_error(dclus1: stats.Design) -> None:
    with pytest.raises(stats.CalibrationError, match="sans aucun répondant"):
        stats.poststratify(dclus1, "stype", population={"E": 4421, "H": 755, "M": 1018, "X": 5})


def test_sample_level_missing_from_targets_is_an_error(dclus1: stats.Design) -> None:
    with pytest.raises(stats.CalibrationError, match="absent des cibles"):
        stats.poststratify(dclus1, "stype", population={"E": 4421, "H": 755})


def test_contradictory_margins_are_an_error(dclus1: stats.Design) -> None:
    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"Yes": 5000, "No": 100}}
    with pytest.raises(stats.CalibrationError, match="contredisent"):
        stats.rake(dclus1, margins)


def test_non_convergence_is_an_error(dclus1: stats.Design, population_margins: Margins) -> None:
    with pytest.raises(stats.CalibrationError, match="pas convergé"):
        stats.rake(dclus1, population_margins, epsilon=1e-15, max_iter=1)


def test_weighting_reports_effective_sample_size(
    dclus1: stats.Design, population_margins: Margins
) -> None:
    report = stats.rake(dclus1, population_margins).report
    assert report is not None
    assert report.kish_deff == pytest.approx(report.n / report.effective_n)
    assert report.kish_deff > 1


def test_weighting_returns_a_new_design(dclus1: stats.Design, population_margins: Margins) -> None:
    before = dclus1.weights.copy()
    stats.rake(dclus1, population_margins)
    assert np.array_equal(dclus1.weights, before)
