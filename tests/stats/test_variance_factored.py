"""Variance after post-stratification and raking, in factored form, against R's row loop."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from barometre import stats
from barometre.stats import _influence
from barometre.stats.adjustments import RAKING_PROJECTIONS, PostStratification, Raking
from barometre.stats.variance import Sparse, design_variance, variances


def r_row_residuals(design: stats.Design, x: np.ndarray) -> np.ndarray:
    """svyrecvar's projections, written row by row as in R (the reference)."""
    for adjustment in design.adjustments:
        if isinstance(adjustment, PostStratification):
            codes, old, new = adjustment.codes, adjustment.old_weights, adjustment.new_weights
            u = x / new[:, None]
            for g in range(adjustment.n_groups):
                rows = codes == g
                share = old[rows] / old[rows].sum()
                x[rows] -= new[rows, None] * (share @ u[rows])
        else:
            assert isinstance(adjustment, Raking)
            for _ in range(RAKING_PROJECTIONS):
                for codes, n_levels, psw in adjustment.margins:
                    u = x / psw[:, None]
                    for g in range(n_levels):
                        rows = codes == g
                        x[rows] -= psw[rows, None] * u[rows].mean(axis=0)
    return x


def sample(seed: int = 4, n: int = 240) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "psu": rng.integers(0, 60, n),
            "stratum": rng.choice(["a", "b", "c"], n),
            "region": rng.choice(["r1", "r2", "r3", "r4"], n),
            "size": rng.choice(["s", "m", "l"], n),
            "w": rng.uniform(1, 5, n),
            "y": (rng.random(n) < 0.4).astype(float),
        }
    ).assign(psu=lambda d: d["stratum"] + d["psu"].astype(str))


def weighted(loose: bool) -> stats.Design:
    data = sample()
    design = stats.Design(data, ids="psu", strata="stratum", weights="w", lonely_psu="average")
    totals = data.groupby("stratum")["w"].sum().mul(1.3).to_dict()
    design = stats.poststratify(design, "stratum", totals)
    population = float(sum(totals.values()))
    margins = {
        "region": {"r1": 0.1 * population, "r2": 0.2 * population, "r3": 0.3 * population,
                   "r4": 0.4 * population},
        "size": {"s": 0.5 * population, "m": 0.3 * population, "l": 0.2 * population},
    }  # fmt: skip
    if loose:  # R's defaults: the margins' last-pass weights still differ
        return stats.rake(design, margins, epsilon=1, max_iter=10, max_misfit=1.0)
    return stats.rake(design, margins, epsilon=1e-12, max_iter=500)


@pytest.mark.parametrize("loose", [True, False])
def test_factored_residuals_equal_r_row_by_row(loose: bool) -> None:
    design = weighted(loose)
    x = np.random.default_rng(1).normal(size=(design.columns.n, 3))
    expected = r_row_residuals(design, x.copy())
    ours = x
    for adjustment in design.adjustments:
        ours = adjustment.residuals(ours)
    assert ours == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("loose", [True, False])
def test_domain_variances_are_the_diagonal_of_the_covariance(loose: bool) -> None:
    design = weighted(loose)
    codes = design.columns.factor("region").codes
    x = Sparse(np.random.default_rng(2).normal(size=design.columns.n), codes, 4)
    dense = r_row_residuals(design, _influence.as_dense(x))
    unweighted = stats.Design(design.data, ids="psu", strata="stratum", weights="w",
                              lonely_psu="average")  # fmt: skip
    reference = np.diag(design_variance(unweighted, dense))
    assert variances(design, x) == pytest.approx(reference, rel=1e-9, abs=1e-15)
    assert np.diag(design_variance(design, x)) == pytest.approx(reference, rel=1e-9, abs=1e-15)


def test_a_by_table_never_builds_the_dense_residual_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    design = weighted(loose=False)

    def refuse(_: object) -> None:
        raise AssertionError("dense n × K residuals built")

    monkeypatch.setattr(_influence, "as_dense", refuse)
    table = stats.by(design, "region", stats.ciprop, "y")
    assert len(table) == 4
    assert all(e.se > 0 for e in table.estimates)


def test_many_margin_levels_iterate_the_rounds_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    from barometre.stats import adjustments  # noqa: PLC0415

    monkeypatch.setattr(adjustments, "PRECOMPUTED_LEVELS", 0)
    design = weighted(loose=True)
    x = np.random.default_rng(3).normal(size=(design.columns.n, 2))
    expected = r_row_residuals(design, x.copy())
    ours = x
    for adjustment in design.adjustments:
        ours = adjustment.residuals(ours)
    assert ours == pytest.approx(expected, rel=1e-9, abs=1e-12)
