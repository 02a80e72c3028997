"""Every way of giving the fpc, against R's tests/testoutput/fpc.Rout.save (survey package)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from barometre import stats
from tests.stats.conftest import agrees, se_agrees


def with_columns(data: pd.DataFrame) -> pd.DataFrame:
    return data.assign(
        p=1 / data["weight"],
        f=data["nh"] / data["Nh"],
        psu=data["stratid"].astype(str) + "." + data["psuid"].astype(str),
    )


FORMS: dict[str, Callable[[pd.DataFrame], stats.Design]] = {
    "weights, population size": lambda d: stats.Design(
        d, ids="psuid", strata="stratid", weights="weight", fpc="Nh", nest=True
    ),
    "probabilities": lambda d: stats.Design(
        d, ids="psuid", strata="stratid", probs="p", fpc="Nh", nest=True
    ),
    "sampling fraction": lambda d: stats.Design(
        d, ids="psuid", strata="stratid", weights="weight", fpc="f", nest=True
    ),
    "unique psu ids": lambda d: stats.Design(
        d, ids="psu", strata="stratid", weights="weight", fpc="f"
    ),
    "weights from population size": lambda d: stats.Design(
        d, ids="psuid", strata="stratid", fpc="Nh", nest=True
    ),
    "weights from sampling fraction": lambda d: stats.Design(
        d, ids="psuid", strata="stratid", fpc="f", nest=True
    ),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_equivalent_fpc_forms_match_r(fpc_data: pd.DataFrame, form: str) -> None:
    estimate = stats.mean(FORMS[form](with_columns(fpc_data)), "x")
    assert isinstance(estimate, stats.Estimate)
    assert agrees(estimate.value, "5.4481")
    assert se_agrees(estimate.se, "0.616")


def test_without_fpc_matches_r(fpc_data: pd.DataFrame) -> None:
    design = stats.Design(fpc_data, ids="psuid", strata="stratid", weights="weight", nest=True)
    estimate = stats.mean(design, "x")
    assert isinstance(estimate, stats.Estimate)
    assert se_agrees(estimate.se, "0.7413")
