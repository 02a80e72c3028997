"""More of R's tests/api.Rout.save and tests/testoutput/multistage.Rout.save (survey package)."""

from __future__ import annotations

import pandas as pd

from barometre import stats
from tests.stats.conftest import agrees, se_agrees


def check(estimate: object, value: str, se: str) -> None:
    assert isinstance(estimate, stats.Estimate)
    assert agrees(estimate.value, value), estimate
    assert se_agrees(estimate.se, se), estimate


def test_two_stage_total_matches_r(dclus2: stats.Design) -> None:
    check(stats.total(dclus2, "enroll", na_rm=True), "2639273", "799638")


def test_two_stage_with_replacement_ignores_lonely_second_stage_units(
    apiclus2: pd.DataFrame,
) -> None:
    design = stats.Design(apiclus2, ids=["dnum", "snum"], weights="pw")
    check(stats.mean(design, "api00"), "670.81", "30.712")


def test_two_stage_with_replacement_total_matches_r(apiclus2: pd.DataFrame) -> None:
    design = stats.Design(apiclus2, ids=["dnum", "snum"], weights="pw")
    check(stats.total(design, "enroll", na_rm=True), "2639273", "820261")


def test_post_stratified_total_matches_r(dclus1: stats.Design, apipop: pd.DataFrame) -> None:
    design = stats.poststratify(dclus1, "stype", apipop["stype"].value_counts().to_dict())
    check(stats.total(design, "enroll", na_rm=True), "3680893", "406293")


def test_mu284_two_stage_total_matches_r(mu284: pd.DataFrame) -> None:
    design = stats.Design(mu284, ids=["id1", "id2"], fpc=["n1", "n2"])
    estimate = stats.total(design, "y1")
    check(estimate, "15080", "2274.3")
    assert isinstance(estimate, stats.Estimate)
    assert agrees(estimate.variance, "5172234")
