"""R's survey package as a live oracle: random designs estimated here and by R in the same run.

hypothesis draws batches of stratified cluster designs (with and without finite population
correction, census strata included) and their data: domains of every size down to a single
row, shares that are all 0 or all 1 in some domains, means with missing values. Each batch is
written to CSV and estimated by one ``Rscript`` call (tests/stats/r_oracle.R) on the plain,
post-stratified, raked and calibrated (raking on a numeric total) designs; the estimates, SEs,
degrees of freedom, Korn–Graubard and logit intervals, mean intervals and calibrated weights
must agree to 1e-7.

R is required: without ``Rscript`` and ``survey`` the test is skipped, which fails the run
under ``CI=true`` (tests/conftest.py). The shipped R outputs (test_r_reference.py and the
other test_r_*.py files) stay the fast path; this test checks what they cannot: random cases.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from barometre import stats

SCRIPT = Path(__file__).with_name("r_oracle.R")
LEVEL = 0.95
TOLERANCE = {"rel": 1e-7, "abs": 1e-10}
BATCH = 8  # cases per Rscript call
R_TIMEOUT = 120  # seconds for one batch


@pytest.fixture(scope="module")
def rscript() -> str:
    path = shutil.which("Rscript")
    if path is None:
        pytest.skip("Rscript absent : installez r-base-core et r-cran-survey (.ci/run le fait).")
    check = subprocess.run(
        [path, "-e", "library(survey)"], capture_output=True, text=True, check=False
    )
    if check.returncode != 0:
        pytest.skip(f"Le paquet R survey est absent : {check.stderr.strip()}")
    return path


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """The structure of one design (hypothesis) and a seed for its values (numpy)."""
    n_strata = draw(st.integers(2, 4))
    return {
        "psus": [draw(st.integers(2, 5)) for _ in range(n_strata)],
        "census": [draw(st.booleans()) and draw(st.booleans()) for _ in range(n_strata)],
        "rows_per_psu": draw(st.integers(1, 3)),
        "domains": draw(
            st.lists(st.sampled_from(["zero", "one", "mixed"]), min_size=2, max_size=4)
        ),
        "tiny": draw(st.integers(1, 2)),
        "missing": draw(st.sampled_from([0.0, 0.1, 0.3])),
        "seed": draw(st.integers(0, 2**32 - 1)),
    }


def case_rows(case: dict[str, Any]) -> pd.DataFrame:
    """One row per respondent: stratum, PSU, weight, fpc, domain and the variables."""
    rng = np.random.default_rng(case["seed"])
    parts = []
    for h, (n_psu, census) in enumerate(zip(case["psus"], case["census"], strict=True)):
        big_n = n_psu if census else n_psu * int(rng.integers(2, 30))
        sizes = rng.integers(1, case["rows_per_psu"] + 1, n_psu)
        psu = np.repeat([f"{h}-{j}" for j in range(n_psu)], sizes)
        jitter = np.repeat(rng.uniform(0.8, 1.25, n_psu), sizes)
        weight = big_n / n_psu * jitter / np.repeat(sizes, sizes)
        parts.append(pd.DataFrame({"stratum": f"s{h}", "psu": psu, "N": float(big_n), "w": weight}))
    rows = pd.concat(parts, ignore_index=True)
    n = len(rows)
    names = [f"d{k}" for k in range(len(case["domains"]))]
    rows["dom"] = rng.choice(names, n)
    rows.loc[rng.choice(n, min(case["tiny"], n), replace=False), "dom"] = "petit"
    kinds = dict(zip(names, case["domains"], strict=True)) | {"petit": "mixed"}
    chance = {name: rng.uniform(0.05, 0.95) for name in kinds}
    draws = rng.random(n)
    rows["y"] = [_share(kinds[d], draws[i], chance[d]) for i, d in enumerate(rows["dom"])]
    rows["x"] = rng.normal(50, 15, n)
    rows.loc[rng.random(n) < case["missing"], "x"] = np.nan
    rows.loc[rng.random(n) < case["missing"] / 3, "y"] = np.nan
    rows["z"] = rng.uniform(1, 10, n)
    strata = rows["stratum"].unique()
    start = dict(zip(strata, rng.integers(0, 2, strata.size), strict=True))
    order = rows.groupby("stratum").cumcount() + rows["stratum"].map(start)
    rows["g"] = np.where(order % 2 == 0, "a", "b")  # both levels in every stratum: raking exists
    return rows.assign(row=np.arange(n))


def _share(kind: str, draw: float, chance: float) -> float:
    return {"zero": 0.0, "one": 1.0}.get(kind, float(draw < chance))


def case_margins(rows: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Population counts by stratum (the fpc) and by g; size and total of z for the raking
    calibration (a mean of z inside its range, so that the calibration exists)."""
    rng = np.random.default_rng(seed + 1)
    by_stratum = rows.groupby("stratum")["N"].first()
    total = float(by_stratum.sum())
    share_a = float(rows.loc[rows["g"] == "a", "w"].sum() / rows["w"].sum())
    share_a = min(max(share_a * rng.uniform(0.9, 1.1), 0.05), 0.95)
    size = float(rows["w"].sum() * rng.uniform(0.9, 1.1))
    weighted = float((rows["w"] * rows["z"]).sum() / rows["w"].sum())
    z_total = size * (0.7 * weighted + 0.3 * float(rows["z"].mean()))  # inside the range of z
    records = [("stratum", s, float(v)) for s, v in by_stratum.items()]
    records += [("g", "a", total * share_a), ("g", "b", total * (1 - share_a))]
    records += [("intercept", "", size), ("z", "", z_total)]
    return pd.DataFrame(records, columns=["margin", "level", "total"])


def designs(rows: pd.DataFrame, margins: pd.DataFrame) -> dict[str, stats.Design]:
    base = stats.Design(rows, ids="psu", strata="stratum", weights="w", fpc="N")
    of = {m: dict(zip(g["level"], g["total"], strict=True)) for m, g in margins.groupby("margin")}
    return {
        "plain": base,
        "poststratified": stats.poststratify(base, "stratum", of["stratum"]),
        "raked": stats.rake(
            base, {"stratum": of["stratum"], "g": of["g"]}, epsilon=1e-10, max_iter=1000
        ),
        "calibrated": stats.calibrate(
            base,
            {"(Intercept)": of["intercept"][""], "z": of["z"][""]},
            method="raking",
            epsilon=1e-12,
            max_iter=100,
        ),
    }


def ours(case_id: int, rows: pd.DataFrame, margins: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """The same figures as r_oracle.R, from barometre.stats (the barometer's calls)."""
    for name, design in designs(rows, margins).items():
        for domain, estimates in _by_domain(design).items():
            for statistic, e in estimates.items():
                low, high = _interval(e)
                yield {"case": case_id, "design": name, "domain": domain,
                       "statistic": statistic, "value": e.value, "se": e.se, "df": e.df,
                       "n": e.n, "low": low, "high": high}  # fmt: skip


def _by_domain(design: stats.Design) -> dict[str, dict[str, stats.Estimate]]:
    out: dict[str, dict[str, stats.Estimate]] = {}
    calls = {"beta": (stats.ciprop, "y", {"method": "beta"}),
             "xlogit": (stats.ciprop, "y", {"method": "xlogit"}),
             "mean": (stats.mean, "x", {})}  # fmt: skip
    for statistic, (verb, variable, options) in calls.items():
        answered = ~np.isnan(design.columns.numeric(variable))
        if answered.any():
            overall = verb(design, variable, na_rm=True, **options)
            out.setdefault("ensemble", {})[statistic] = overall
        table = stats.by(design, "dom", verb, variable, na_rm=True, **options)
        for (level,), estimate in table:
            out.setdefault(level, {})[statistic] = estimate
    return out


def _interval(e: stats.Estimate) -> tuple[float, float]:
    if e.interval is None and (e.df is None or e.df <= 0):
        return (math.nan, math.nan)  # a mean without degrees of freedom: R's qt(df = 0) is NaN
    return e.ci(LEVEL, df=e.df)


def run_r(rscript: str, batch: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    with tempfile.TemporaryDirectory(prefix="r-oracle-") as directory:
        folder = Path(directory)
        rows = [case_rows(c).assign(case=i) for i, c in enumerate(batch)]
        margins = [case_margins(r, c["seed"]).assign(case=i)
                   for i, (r, c) in enumerate(zip(rows, batch, strict=True))]  # fmt: skip
        pd.concat(rows).to_csv(folder / "rows.csv", index=False)
        pd.concat(margins).to_csv(folder / "margins.csv", index=False)
        done = subprocess.run(
            [rscript, str(SCRIPT), str(folder)],
            capture_output=True, text=True, timeout=R_TIMEOUT, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return pd.read_csv(folder / "estimates.csv"), pd.read_csv(folder / "weights.csv")


def _keyed(frame: pd.DataFrame) -> dict[tuple[Any, ...], dict[str, Any]]:
    records = frame.to_dict("records")
    return {(r["case"], r["design"], r["domain"], r["statistic"]): r for r in records}


def assert_agree(ours_rows: list[dict[str, Any]], theirs: pd.DataFrame) -> None:
    here, there = _keyed(pd.DataFrame(ours_rows)), _keyed(theirs)
    assert sorted(here) == sorted(there)
    for key, mine in here.items():
        r = there[key]
        assert (mine["n"], mine["df"]) == (r["n"], r["df"]), key
        for column in ("value", "se", "low", "high"):
            if column in {"low", "high"} and key[3] == "xlogit" and math.isnan(r[column]):
                continue  # R's xlogit is NaN at 0 and 1: ours is the point [p, p] (documented)
            assert _close(mine[column], r[column]), (key, column, mine[column], r[column])


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return bool(a == pytest.approx(b, **TOLERANCE))


def check_batch(rscript: str, batch: list[dict[str, Any]]) -> pd.DataFrame:
    """Every case of ``batch`` estimated here and by one Rscript call; R's estimates."""
    theirs, their_weights = run_r(rscript, batch)
    mine: list[dict[str, Any]] = []
    for i, case in enumerate(batch):
        rows = case_rows(case)
        margins = case_margins(rows, case["seed"])
        mine.extend(ours(i, rows, margins))
        for name, design in designs(rows, margins).items():
            expected = their_weights[(their_weights["case"] == i)
                                     & (their_weights["design"] == name)]  # fmt: skip
            assert design.weights == pytest.approx(expected["weight"].to_numpy(), rel=1e-7)
    assert_agree(mine, theirs)
    return theirs


@settings(
    max_examples=3,
    deadline=None,
    phases=(
        Phase.explicit,
        Phase.reuse,
        Phase.generate,
    ),  # shrinking would call R hundreds of times
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(cases(), min_size=BATCH, max_size=BATCH))
def test_estimates_intervals_and_weights_agree_with_r(
    rscript: str, batch: list[dict[str, Any]]
) -> None:
    check_batch(rscript, batch)


HARD = [
    {"psus": [3, 4, 2], "census": [False, False, True], "rows_per_psu": 2,
     "domains": ["zero", "one", "mixed"], "tiny": 1, "missing": 0.3, "seed": seed}
    for seed in (1, 2, 3)
]  # fmt: skip


def test_the_hard_cases_agree_with_r_and_are_never_points(rscript: str) -> None:
    """All-0 and all-1 domains get a Korn–Graubard interval wider than zero, as computed by R;
    a one-row domain has no degrees of freedom, hence no interval, here as in R."""
    theirs = check_batch(rscript, HARD)
    beta = theirs[theirs["statistic"] == "beta"]
    bounds = beta[beta["value"].isin([0.0, 1.0]) & (beta["df"] > 0)]
    assert set(bounds["value"]) == {0.0, 1.0}
    assert (bounds["high"] - bounds["low"] > 0.05).all()
    single = theirs[theirs["n"] == 1]
    assert not single.empty
    assert single["low"].isna().all()
