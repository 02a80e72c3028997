"""Quantiles of a survey design, with Woodruff's confidence interval (as R's ``svyquantile``).

The quantile is the inverse of the weighted distribution function (R's ``qrule = "math"``);
its interval inverts the interval of the share of the domain at or below it (R's
``interval.type = "mean"``: Wald, Student's t at the domain's degrees of freedom).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from barometre.stats._columns import FloatArray
from barometre.stats.design import Design
from barometre.stats.errors import StatsError
from barometre.stats.estimate import Estimate
from barometre.stats.estimate import quantile as critical
from barometre.stats.estimators import _design_df, _single, domain_means, numeric_rows

LEVEL = 0.95


def weighted_quantile(x: FloatArray, w: FloatArray, p: float) -> float:
    """The smallest value whose cumulative weight reaches ``p`` of the total (R's qrule_math)."""
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    share = np.cumsum(w) / w.sum()
    at_or_below = np.flatnonzero(share <= p + 1e-12)
    if at_or_below.size == 0:
        return float(x[0])
    low = int(at_or_below[-1])
    if abs(share[low] - p) <= 1e-12:  # noqa: PLR2004 - exactly at a step: its own value
        return float(x[low])
    return float(x[min(low + 1, len(x) - 1)])


def quantile(design: Design, variable: str, p: float, *, na_rm: bool = True) -> Estimate:
    """The ``p`` quantile of ``variable`` in the design's domain, with Woodruff's interval."""
    if not 0 < p < 1:
        raise StatsError(f"Probabilité de quantile hors de ]0, 1[ : {p}.")
    y, use = numeric_rows(design, variable, na_rm=na_rm)
    x, w = y[use], design.weights[use]
    value = weighted_quantile(x, w, p)
    below = np.where(use & (y <= value), 1.0, 0.0)
    share = domain_means(design, below, _single(use), f"{variable}<=q", srs="wor")[0]
    share = _design_df(design, share, use)

    def interval(level: float, df: float | None) -> tuple[float, float]:
        q = critical(level, share.df if df is None else df)
        low, high = share.value - q * share.se, share.value + q * share.se
        lower = math.nan if low < 0 else weighted_quantile(x, w, low)
        upper = math.nan if high > 1 else weighted_quantile(x, w, high)
        return (lower, upper)

    low, high = interval(LEVEL, None)
    se = (high - low) / (2 * critical(LEVEL, share.df))
    return replace(
        share, value=value, se=se, name=f"{variable}:q{p:g}", deff=None, interval=interval
    )
