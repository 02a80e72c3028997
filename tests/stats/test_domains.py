"""Domains keep the full design for the variance, as R's subset() and svyby()."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from barometre import stats


def test_subset_keeps_psus_outside_the_domain(dclus1: stats.Design, apiclus1: pd.DataFrame) -> None:
    domain = stats.mean(dclus1.subset(apiclus1["stype"] == "H"), "api00")
    alone = stats.mean(
        stats.Design(apiclus1[apiclus1["stype"] == "H"], ids="dnum", weights="pw", fpc="fpc"),
        "api00",
    )
    assert domain.value == pytest.approx(alone.value)  # type: ignore[union-attr]
    assert domain.se != pytest.approx(alone.se)  # type: ignore[union-attr]


def test_by_gives_the_same_estimates_as_subsets(
    dclus1: stats.Design, apiclus1: pd.DataFrame
) -> None:
    table = stats.by(dclus1, "stype", stats.mean, "api00")
    for level in ("E", "H", "M"):
        subset = stats.mean(dclus1.subset(apiclus1["stype"] == level), "api00")
        assert table[level].se == pytest.approx(subset.se, rel=1e-12)  # type: ignore[union-attr]


def test_by_on_two_variables_lists_combinations_in_r_order(dclus1: stats.Design) -> None:
    table = stats.by(dclus1, ["stype", "sch.wide"], stats.mean, "api00")
    assert table.levels == [
        ("E", "No"), ("H", "No"), ("M", "No"), ("E", "Yes"), ("H", "Yes"), ("M", "Yes"),
    ]  # fmt: skip


def test_by_on_a_categorical_variable_nests_its_levels(dclus1: stats.Design) -> None:
    table = stats.by(dclus1, "stype", stats.mean, "sch.wide")
    assert table.keys == ("stype", "sch.wide")
    assert table[("E", "Yes")].value + table[("E", "No")].value == pytest.approx(1.0)


def test_na_rm_removes_rows_from_the_domain_only(
    dstrat: stats.Design, apistrat: pd.DataFrame
) -> None:
    with_na_rm = stats.total(dstrat, "enroll", na_rm=True)
    as_domain = stats.total(dstrat.subset(apistrat["enroll"].notna()), "enroll")
    assert with_na_rm == as_domain


def test_subset_accepts_a_boolean_column_name(apiclus1: pd.DataFrame) -> None:
    data = apiclus1.assign(wide=apiclus1["sch.wide"] == "Yes")
    design = stats.Design(data, ids="dnum", weights="pw", fpc="fpc")
    by_name = stats.mean(design.subset("wide"), "api00")
    assert by_name == stats.mean(design.subset(data["wide"]), "api00")


def test_empty_domain_is_an_error(dclus1: stats.Design) -> None:
    with pytest.raises(stats.EmptyDomainError):
        stats.mean(dclus1.subset(np.zeros(dclus1.columns.n, dtype=bool)), "api00")


def test_by_ciprop_matches_ciprop_on_each_subset(
    dclus1: stats.Design, apiclus1: pd.DataFrame
) -> None:
    data = apiclus1.assign(high=(apiclus1["api00"] > 700).astype(float))
    design = stats.Design(data, ids="dnum", weights="pw", fpc="fpc")
    table = stats.by(design, "stype", stats.ciprop, "high", method="beta")
    single = stats.ciprop(design.subset(data["stype"] == "M"), "high", method="beta")
    assert table["M"].ci() == pytest.approx(single.ci())


def test_estimate_table_frame_has_levels_then_statistics(dclus1: stats.Design) -> None:
    frame = stats.by(dclus1, "stype", stats.mean, "api00").to_frame()
    assert list(frame.columns[:6]) == ["stype", "value", "se", "ci_low", "ci_high", "n"]


def test_by_ciprop_refuses_a_non_binary_variable(dclus1: stats.Design) -> None:
    with pytest.raises(stats.StatsError, match="0 ou 1"):
        stats.by(dclus1, "stype", stats.ciprop, "api00")
