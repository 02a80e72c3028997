"""Lonely-PSU policies against R's tests/lonely.psu.Rout.save (survey package).

ds <- svydesign(id=~1, weights=~pw, strata=~dnum, data=apiclus1): stratum 413 holds one PSU.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from barometre import stats
from tests.stats.conftest import se_agrees


def se_of(design: stats.Design, domain: np.ndarray | None = None) -> float:
    estimate = stats.mean(design if domain is None else design.subset(domain), "api00")
    assert isinstance(estimate, stats.Estimate)
    return estimate.se


@pytest.mark.parametrize(
    ("policy", "printed"),
    [("remove", "5.8058"), ("certainty", "5.8058"), ("adjust", "5.8281"), ("average", "6.0096")],
)
def test_lonely_psu_policy_matches_r(apiclus1: pd.DataFrame, policy: str, printed: str) -> None:
    design = stats.Design(apiclus1, strata="dnum", weights="pw", lonely_psu=policy)  # type: ignore[arg-type]
    assert se_agrees(se_of(design), printed)


def test_default_policy_fails_like_r(apiclus1: pd.DataFrame) -> None:
    with pytest.raises(stats.LonelyPSUError):
        stats.mean(stats.Design(apiclus1, strata="dnum", weights="pw"), "api00")


@pytest.mark.parametrize("policy", ["fail", "adjust", "average"])
def test_lonely_psu_sampled_with_certainty_needs_no_policy(
    apiclus1: pd.DataFrame, policy: str
) -> None:
    data = apiclus1.assign(f=np.where(apiclus1["dnum"] == 413, 1, 1000))
    design = stats.Design(data, strata="dnum", weights="pw", fpc="f", lonely_psu=policy)  # type: ignore[arg-type]
    assert se_agrees(se_of(design), "5.7344")


@pytest.mark.parametrize("policy", ["fail", "adjust", "average"])
def test_stratum_left_with_one_psu_by_a_domain_is_not_lonely(
    apiclus1: pd.DataFrame, policy: str
) -> None:
    data = apiclus1[apiclus1["dnum"] != 413].reset_index(drop=True)
    design = stats.Design(data, strata="dnum", weights="pw", lonely_psu=policy)  # type: ignore[arg-type]
    domain = np.ones(len(data), dtype=bool)
    domain[30] = False  # R: ds[-31, ]
    assert se_agrees(se_of(design, domain), "5.8909")
