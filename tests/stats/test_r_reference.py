"""Each R output shipped in r-survey-cases.json, reproduced through the public API."""

from __future__ import annotations

from typing import Any

import pandas as pd

from barometre import stats
from tests.stats.conftest import agrees, se_agrees

Cases = dict[str, dict[str, Any]]


def assert_matches_r(estimate: stats.Estimate, case: dict[str, Any]) -> None:
    assert agrees(estimate.value, case["estimate_printed"]), (estimate.value, case)
    assert se_agrees(estimate.se, case["se_printed"]), (estimate.se, case)


def test_stratified_mean_matches_r(dstrat: stats.Design, r_cases: Cases) -> None:
    estimate = stats.mean(dstrat, "api00")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dstrat_mean_api00"])


def test_stratified_total_with_missing_values_matches_r(
    dstrat: stats.Design, r_cases: Cases
) -> None:
    estimate = stats.total(dstrat, "enroll", na_rm=True)
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dstrat_total_enroll"])


def test_one_stage_cluster_mean_matches_r(dclus1: stats.Design, r_cases: Cases) -> None:
    estimate = stats.mean(dclus1, "api00")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dclus1_mean_api00"])


def test_one_stage_cluster_total_matches_r(dclus1: stats.Design, r_cases: Cases) -> None:
    estimate = stats.total(dclus1, "enroll", na_rm=True)
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dclus1_total_enroll"])


def test_two_stage_cluster_mean_matches_r(dclus2: stats.Design, r_cases: Cases) -> None:
    estimate = stats.mean(dclus2, "api00")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dclus2_mean_api00"])


def test_raking_calibration_mean_matches_r(
    dclus1: stats.Design, population_margins: dict[str, dict[str, int]], r_cases: Cases
) -> None:
    raked = stats.calibrate(dclus1, population_margins, method="raking", epsilon=1e-10)
    estimate = stats.mean(raked, "api00")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dclus1g_rake_mean_api00"])


def test_iterative_raking_mean_matches_r_raking_calibration(
    dclus1: stats.Design, population_margins: dict[str, dict[str, int]], r_cases: Cases
) -> None:
    estimate = stats.mean(stats.rake(dclus1, population_margins, epsilon=1e-9), "api00")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dclus1g_rake_mean_api00"])


def test_linear_calibration_with_r_dummy_names_matches_r(
    dclus1: stats.Design, r_cases: Cases
) -> None:
    totals = {"(Intercept)": 6194, "stypeH": 755, "stypeM": 1018}
    estimate = stats.mean(stats.calibrate(dclus1, totals), "api00")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dclus1g_stype_mean_api00"])


def test_post_stratification_matches_r_linear_calibration(
    dclus1: stats.Design, r_cases: Cases
) -> None:
    design = stats.poststratify(dclus1, "stype", population={"E": 4421, "H": 755, "M": 1018})
    estimate = stats.mean(design, "api00")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["dclus1g_stype_mean_api00"])


def test_total_of_a_categorical_level_matches_r(dclus1: stats.Design, r_cases: Cases) -> None:
    table = stats.total(dclus1, "stype")
    assert isinstance(table, stats.EstimateTable)
    assert_matches_r(table["E"], r_cases["dclus1_total_stypeE"])


def test_ratio_matches_r(dclus1: stats.Design, r_cases: Cases) -> None:
    assert_matches_r(
        stats.ratio(dclus1, "api.stu", "enroll"), r_cases["dclus1_ratio_apistu_enroll"]
    )


def test_rao_scott_f_matches_r(dclus1: stats.Design, r_cases: Cases) -> None:
    test = stats.chisq(dclus1, "sch.wide", "stype", statistic="F")
    printed = r_cases["dclus1_svychisq_F"]["estimate_printed"]
    ours = [test.statistic, test.ndf, test.ddf, test.p_value]
    assert all(agrees(float(v), p) for v, p in zip(ours, printed, strict=True)), ours


def test_kalton_raking_weights_match_r(r_cases: Cases) -> None:
    sample_counts = [20, 50, 100, 30, 40, 140, 50, 100, 40, 310, 50, 70]
    population = [80, 60, 170, 55, 40, 150, 60, 165, 55, 340, 200, 125]
    cells = [(a, b) for b in (1, 2, 3) for a in (1, 2, 3, 4)]  # expand.grid: a fastest
    sample = pd.DataFrame(
        [cell for cell, n in zip(cells, sample_counts, strict=True) for _ in range(n)],
        columns=["a", "b"],
    )
    pop = pd.DataFrame(
        [(*c, n) for c, n in zip(cells, population, strict=True)], columns=["a", "b", "n"]
    )
    margins = {
        "a": pop.groupby("a")["n"].sum().to_dict(),
        "b": pop.groupby("b")["n"].sum().to_dict(),
    }
    raked = stats.rake(stats.Design(sample), margins, epsilon=1e-4)
    weights = pd.Series(raked.weights).groupby([sample["a"], sample["b"]]).first()
    case = r_cases["kalton_B_rake"]
    for label, printed in zip(case["labels"], case["estimate_printed"], strict=True):
        a, b = int(label[1]), int(label[3])
        assert agrees(round(weights[(a, b)], 2), printed), (label, weights[(a, b)])


def test_stratified_fpc_mean_with_nested_psu_ids_matches_r(
    fpc_data: pd.DataFrame, r_cases: Cases
) -> None:
    design = stats.Design(
        fpc_data, ids="psuid", strata="stratid", weights="weight", fpc="Nh", nest=True
    )
    estimate = stats.mean(design, "x")
    assert isinstance(estimate, stats.Estimate)
    assert_matches_r(estimate, r_cases["fpc_mean_x_withfpc"])


def test_srs_proportion_with_t_interval_matches_r(apisrs: pd.DataFrame, r_cases: Cases) -> None:
    design = stats.Design(apisrs, fpc="fpc")
    table = stats.mean(design, "sch.wide")
    assert isinstance(table, stats.EstimateTable)
    estimate = table["Yes"]
    case = r_cases["srs_prop_schwideYes"]
    assert_matches_r(estimate, case)
    low, high = estimate.ci(df=design.degf())
    assert agrees(low, case["ci_printed"][0])
    assert agrees(high, case["ci_printed"][1])


def test_two_sample_t_test_matches_r(dclus2: stats.Design, r_cases: Cases) -> None:
    test = stats.ttest(dclus2, "enroll", group="comp.imp")
    case = r_cases["dclus2_svyttest_enroll_compimp"]
    ours = [test.estimate, test.statistic, test.df, test.p_value]
    assert all(agrees(v, p) for v, p in zip(ours, case["estimate_printed"], strict=True)), ours


def test_t_test_confidence_intervals_match_r(dclus2: stats.Design, r_cases: Cases) -> None:
    test = stats.ttest(dclus2, "enroll", group="comp.imp")
    case = r_cases["dclus2_svyttest_enroll_compimp"]
    ours = [*test.ci(0.95), *test.ci(0.90)]
    printed = [*case["ci_printed"], *case["extra"]["confint_level_0.9"]]
    assert all(agrees(v, p) for v, p in zip(ours, printed, strict=True)), ours
