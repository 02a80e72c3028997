"""The public API accepts the forms R users reach for (tables, expressions, R's names)."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

from barometre import stats


def test_population_as_r_table_equals_population_as_mapping(dclus1: stats.Design) -> None:
    table = pd.DataFrame({"stype": ["E", "H", "M"], "Freq": [4421, 755, 1018]})
    from_table = stats.poststratify(dclus1, "stype", population=table)
    from_mapping = stats.poststratify(dclus1, "stype", population={"E": 4421, "H": 755, "M": 1018})
    assert stats.mean(from_table, "api00") == stats.mean(from_mapping, "api00")


def test_polars_expression_defines_a_domain(apiclus1: pd.DataFrame) -> None:
    frame = pl.from_dict(apiclus1.to_dict("list"))
    design = stats.Design(frame, ids="dnum", weights="pw", fpc="fpc")
    by_expression = stats.mean(design.subset(pl.col("stype") == "H"), "api00")
    by_mask = stats.mean(design.subset(frame["stype"] == "H"), "api00")
    assert by_expression == by_mask


def test_level_design_effect_equals_that_of_its_indicator(apiclus1: pd.DataFrame) -> None:
    data = apiclus1.assign(is_e=(apiclus1["stype"] == "E").astype(float))
    design = stats.Design(data, ids="dnum", weights="pw", fpc="fpc")
    table = stats.mean(design, "stype")
    indicator = stats.mean(design, "is_e")
    assert isinstance(table, stats.EstimateTable)
    assert isinstance(indicator, stats.Estimate)
    assert table["E"].deff == pytest.approx(indicator.deff)


def test_t_test_exposes_r_names(dclus2: stats.Design) -> None:
    test = stats.ttest(dclus2, "enroll", group="comp.imp")
    assert (test.difference, test.parameter) == (test.estimate, test.df)


def test_chisq_exposes_r_parameter(dclus1: stats.Design) -> None:
    test = stats.chisq(dclus1, "sch.wide", "stype")
    assert test.parameter == (test.ndf, test.ddf)


def test_categorical_levels_keep_their_declared_order(apiclus1: pd.DataFrame) -> None:
    order = ["M", "H", "E"]
    data = apiclus1.assign(stype=pd.Categorical(apiclus1["stype"], categories=order))
    table = stats.mean(stats.Design(data, ids="dnum", weights="pw", fpc="fpc"), "stype")
    assert isinstance(table, stats.EstimateTable)
    assert [level[0] for level in table.levels] == order
