"""Shared fixtures: R's ``survey`` datasets and printed outputs, loaded once per session."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from barometre import stats

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "survey-reference"


def reference_file(name: str) -> Path:
    path = REFERENCE / name
    if not path.is_file():
        pytest.fail(f"Reference file missing (CI copies shared/ beside the clone): {path}")
    return path


@pytest.fixture(scope="session")
def r_cases() -> dict[str, dict[str, Any]]:
    cases = json.loads(reference_file("r-survey-cases.json").read_text(encoding="utf-8"))
    return {case["id"]: case for case in cases["cases"]}


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(reference_file(f"{name}.csv"))


@pytest.fixture(scope="session")
def apistrat() -> pd.DataFrame:
    return load("apistrat")


@pytest.fixture(scope="session")
def apiclus1() -> pd.DataFrame:
    return load("apiclus1")


@pytest.fixture(scope="session")
def apiclus2() -> pd.DataFrame:
    return load("apiclus2")


@pytest.fixture(scope="session")
def apisrs() -> pd.DataFrame:
    return load("apisrs")


@pytest.fixture(scope="session")
def apipop() -> pd.DataFrame:
    return load("apipop")


@pytest.fixture(scope="session")
def fpc_data() -> pd.DataFrame:
    return load("fpc")


@pytest.fixture(scope="session")
def nhanes() -> pd.DataFrame:
    return load("nhanes")


@pytest.fixture(scope="session")
def mu284() -> pd.DataFrame:
    return load("mu284")


@pytest.fixture(scope="session")
def dstrat(apistrat: pd.DataFrame) -> stats.Design:
    return stats.Design(apistrat, strata="stype", weights="pw", fpc="fpc")


@pytest.fixture(scope="session")
def dclus1(apiclus1: pd.DataFrame) -> stats.Design:
    return stats.Design(apiclus1, ids="dnum", weights="pw", fpc="fpc")


@pytest.fixture(scope="session")
def dclus2(apiclus2: pd.DataFrame) -> stats.Design:
    return stats.Design(apiclus2, ids=["dnum", "snum"], fpc=["fpc1", "fpc2"])


@pytest.fixture(scope="session")
def population_margins(apipop: pd.DataFrame) -> dict[str, dict[str, int]]:
    return {
        "stype": apipop["stype"].value_counts().to_dict(),
        "sch.wide": apipop["sch.wide"].value_counts().to_dict(),
    }


def half_unit(printed: str) -> float:
    """Half a unit of the last digit R printed."""
    exponent = Decimal(printed).as_tuple().exponent
    assert isinstance(exponent, int)
    return 0.5 * 10.0**exponent


def agrees(ours: float, printed: str) -> bool:
    """|ours - R| <= half a unit of R's last printed digit."""
    return abs(ours - float(printed)) <= half_unit(printed) * (1 + 1e-9)


def se_agrees(ours: float, printed: str) -> bool:
    """As ``agrees``, allowing R's double rounding of SEs: format(round(SE, 4), digits=5)."""
    return agrees(ours, printed) or agrees(round(ours, 4), printed)
