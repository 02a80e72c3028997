"""Design effects against R's tests/deff.Rout.save (survey package, data from T. Tsuchiya)."""

from __future__ import annotations

import pandas as pd
import pytest

from barometre import stats
from tests.stats.conftest import agrees, se_agrees

KIGYO = pd.DataFrame(
    {
        "uriage": [15, 143, 21, 51, 337, 50, 274, 145, 15, 86],
        "srs_w": [100] * 10,
        "pps_w": [20, 200, 11, 25, 550, 30, 250, 100, 10, 55],
    }
)


@pytest.mark.parametrize(
    ("verb", "value", "se"), [("mean", "113.700", "35.626"), ("total", "113700", "35626")]
)
def test_design_effect_without_replacement_matches_r(verb: str, value: str, se: str) -> None:
    design = stats.Design(KIGYO, weights="srs_w")
    estimate = getattr(stats, verb)(design, "uriage")
    assert (agrees(estimate.value, value), se_agrees(estimate.se, se)) == (True, True)
    assert agrees(estimate.deff, "1.0101")


@pytest.mark.parametrize(
    ("verb", "value", "se", "deff"),
    [("mean", "243.914", "48.752", "1.9741"), ("total", "305136", "184965", "18.157")],
)
def test_design_effect_with_replacement_matches_r(
    verb: str, value: str, se: str, deff: str
) -> None:
    design = stats.Design(KIGYO, weights="pps_w")
    estimate = getattr(stats, verb)(design, "uriage", deff="replace")
    assert (agrees(estimate.value, value), se_agrees(estimate.se, se)) == (True, True)
    assert agrees(estimate.deff, deff)
