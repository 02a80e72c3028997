"""Properties any design-based estimator must have, checked on random data (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barometre import stats

sizes = st.integers(min_value=4, max_value=40)


def random_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "s": rng.integers(0, 2, n).astype(str),
            "psu": np.arange(n) // 2,
            "w": rng.uniform(0.5, 5.0, n),
            "y": rng.normal(10, 3, n),
        }
    )


def design_of(data: pd.DataFrame) -> stats.Design:
    return stats.Design(data, strata="s", weights="w", lonely_psu="adjust")


@settings(max_examples=30, deadline=None)
@given(sizes, st.integers(0, 10_000), st.floats(0.1, 1000))
def test_rescaling_weights_leaves_the_mean_and_its_se_unchanged(
    n: int, seed: int, c: float
) -> None:
    data = random_frame(n, seed)
    a = stats.mean(design_of(data), "y")
    b = stats.mean(design_of(data.assign(w=data["w"] * c)), "y")
    assert (b.value, b.se) == pytest.approx((a.value, a.se), rel=1e-9)  # type: ignore[union-attr]


@settings(max_examples=30, deadline=None)
@given(sizes, st.integers(0, 10_000))
def test_row_order_does_not_matter(n: int, seed: int) -> None:
    data = random_frame(n, seed)
    shuffled = data.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    a, b = stats.mean(design_of(data), "y"), stats.mean(design_of(shuffled), "y")
    assert (b.value, b.se) == pytest.approx((a.value, a.se), rel=1e-9)  # type: ignore[union-attr]


@settings(max_examples=30, deadline=None)
@given(sizes, st.integers(0, 10_000), st.floats(-50, 50))
def test_a_constant_has_zero_standard_error(n: int, seed: int, value: float) -> None:
    data = random_frame(n, seed).assign(y=value)
    estimate = stats.mean(design_of(data), "y")
    assert isinstance(estimate, stats.Estimate)
    assert (estimate.value, estimate.se) == pytest.approx((value, 0.0), abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(sizes, st.integers(0, 10_000))
def test_proportions_of_a_categorical_sum_to_one(n: int, seed: int) -> None:
    table = stats.mean(design_of(random_frame(n, seed)), "s")
    assert isinstance(table, stats.EstimateTable)
    assert sum(e.value for e in table.estimates) == pytest.approx(1.0)


@settings(max_examples=30, deadline=None)
@given(st.integers(6, 60), st.integers(0, 10_000), st.integers(1, 4))
def test_vectorised_domain_variances_equal_the_general_routine(n: int, seed: int, k: int) -> None:
    from barometre.stats.variance import Sparse, design_variance, variances  # noqa: PLC0415

    data = random_frame(n, seed).assign(psu=np.arange(n) // 3)
    design = stats.Design(data, ids="psu", strata="s", weights="w", nest=True, lonely_psu="adjust")
    if any((s.n_psu == 1).any() for s in design.stages):
        return
    rng = np.random.default_rng(seed)
    x = Sparse(rng.normal(size=n), rng.integers(-1, k, n), k)
    assert variances(design, x) == pytest.approx(
        np.diag(design_variance(design, x)), rel=1e-9, abs=1e-12
    )
