"""Quantiles and Woodruff intervals checked live against R's svyquantile (qrule « math »)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from barometre.stats import Design, StatsError
from barometre.stats.quantiles import quantile, weighted_quantile

SCRIPT = Path(__file__).with_name("r_quantiles.R")
PROBS = (0.25, 0.5, 0.75)


def r_quantiles(path: Path) -> list[tuple[float, float, float]]:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript absent : installez r-base-core et r-cran-survey (.ci/run le fait).")
    out = subprocess.run(
        [rscript, str(SCRIPT), str(path)], capture_output=True, text=True, check=True, timeout=120
    )
    return [tuple(float(v) for v in line.split(",")) for line in out.stdout.split()]  # type: ignore[misc]


def design_data(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "psu": np.arange(n) // 2,
            "stratum": (np.arange(n) // 2) % 4,
            "w": rng.uniform(1, 5, n),
            "y": np.round(rng.uniform(0, 100, n) * 2) / 2,  # ties, as theme scores have
            "dom": (rng.uniform(size=n) < 0.6).astype(int),
        }
    )


@pytest.mark.parametrize(("seed", "n"), [(1, 40), (3, 200), (8, 120)])
def test_quartiles_and_intervals_agree_with_r(tmp_path: Path, seed: int, n: int) -> None:
    data = design_data(seed, n)
    data.to_csv(tmp_path / "d.csv", index=False)
    expected = r_quantiles(tmp_path / "d.csv")
    design = Design(data, ids="psu", strata="stratum", weights="w").subset(data["dom"] == 1)
    for p, (value, low, high) in zip(PROBS, expected, strict=True):
        estimate = quantile(design, "y", p)
        assert (estimate.value, *estimate.ci(0.95)) == pytest.approx((value, low, high))


def test_the_median_of_equal_weights_is_the_middle_value() -> None:
    values = np.array([10.0, 40.0, 20.0, 30.0, 50.0])
    assert weighted_quantile(values, np.ones(5), 0.5) == 30.0


def test_a_heavier_value_pulls_the_quantile() -> None:
    values = np.array([10.0, 20.0, 90.0])
    assert weighted_quantile(values, np.array([1.0, 1.0, 8.0]), 0.5) == 90.0


def test_a_probability_outside_the_unit_interval_is_refused() -> None:
    data = design_data(1, 20)
    with pytest.raises(StatsError, match="hors de"):
        quantile(Design(data, ids="psu", strata="stratum", weights="w"), "y", 1.0)
