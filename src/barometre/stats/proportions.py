"""Confidence intervals for proportions (R's ``svyciprop``)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Literal

import numpy as np
from scipy import optimize, special
from scipy import stats as sps

from barometre.stats.design import Design
from barometre.stats.errors import StatsError
from barometre.stats.estimate import Estimate, Interval, quantile
from barometre.stats.estimators import mean

Method = Literal["logit", "likelihood", "xlogit", "wilson", "beta", "mean", "asin"]
METHODS = ("logit", "likelihood", "xlogit", "wilson", "beta", "mean", "asin")
#: Methods on a transformed scale (or an effective size p(1-p)/var) that degenerate at p = 0, 1.
BOUNDARY_POINT = frozenset({"logit", "xlogit", "likelihood", "asin", "wilson"})
#: A share this close to 0 or 1 is a domain of all 0 or all 1 up to the rounding of its sums.
ROUNDING = 1e-12
#: An SE below this × √(p(1 − p)) (an effective size above 10¹²) is a zero variance up to the
#: rounding of the residuals and the convergence of the raking.
ZERO_SE = 1e-6


def ciprop(
    design: Design,
    variable: str,
    method: Method = "logit",
    *,
    na_rm: bool = False,
) -> Estimate:
    """A proportion (mean of a 0/1 variable) whose ``ci()`` uses ``method``.

    ``"logit"`` (R's default, Wald interval on the logit scale), ``"likelihood"`` (Rao–Scott
    scaled binomial likelihood ratio), ``"beta"`` (Korn–Graubard), ``"mean"`` (Wald),
    ``"asin"``, ``"xlogit"`` follow R's ``svyciprop``; ``"wilson"`` is the
    Wilson score interval on the Rao–Scott effective sample size p(1-p)/var. As in R, ``ci()``
    uses Student's t with the design's degrees of freedom unless ``df`` is given
    (``df=math.inf`` for the normal).
    """
    y = design.columns.numeric(variable)
    values = y[design.in_domain & ~np.isnan(y)]
    if ((values < 0) | (values > 1)).any():
        raise StatsError(f"« {variable} » doit valoir 0 ou 1 (a proportion needs a 0/1 variable).")
    estimate = mean(design, variable, na_rm=na_rm)
    if not isinstance(estimate, Estimate):  # pragma: no cover - numeric checked above
        raise StatsError(f"« {variable} » n'est pas numérique.")
    return replace(estimate, interval=interval_for(estimate, nrow=estimate.n, method=method))


def interval_for(estimate: Estimate, *, nrow: int, method: str = "logit") -> Interval:
    """The interval function of a proportion estimate (nrow: rows that enter the estimate)."""
    if method not in METHODS:
        raise StatsError(
            f"Méthode d'intervalle inconnue « {method} » (unknown method); "
            f"valeurs possibles : {', '.join(METHODS)}."
        )
    p, se = estimate.value, estimate.se
    design_df = estimate.df

    def interval(level: float, df: float | None) -> tuple[float, float]:
        use_df = design_df if df is None else df
        if not (math.isfinite(p) and math.isfinite(se)):
            return (math.nan, math.nan)
        if method == "beta" and _no_variance(p, se):
            return _beta_without_variance(p, level, (nrow, design_df))
        if se == 0 or (method in BOUNDARY_POINT and not 0 < p < 1):
            return (p, p)  # R: the fit at the boundary has zero variance, a point interval
        if use_df is not None and use_df <= 0:
            return (math.nan, math.nan)  # R: qt(level, df = 0) is NaN
        if method == "beta":
            return _beta(p, level, p * (1 - p) / se**2, (nrow, design_df))
        q = quantile(level, use_df)
        return _TRANSFORMS[method](p, se, q)

    return interval


def mean_interval(estimate: Estimate) -> Interval:
    """The Wald interval of a mean (Student's t at the estimate's df unless ``df`` is given),
    except where its estimated variance is zero up to rounding (every answer of the domain
    equal): the interval would be the point itself, and the sample says nothing of the spread,
    so there is no interval (NaN bounds, published empty; docs/methodology.md § 8)."""
    wald = interval_for(estimate, nrow=estimate.n, method="mean")

    def interval(level: float, df: float | None) -> tuple[float, float]:
        if estimate.se <= ZERO_SE * abs(estimate.value):
            return (math.nan, math.nan)
        return wald(level, df)

    return interval


def _expit(x: float) -> float:
    """Inverse logit, exact to 0 and 1 at any magnitude (no overflow)."""
    return float(special.expit(x))


def _logit(p: float, se: float, q: float) -> tuple[float, float]:
    """expit(logit p ± q se / (p(1-p))), for 0 < p < 1; the bounds saturate at 0 and 1."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        eta = float(special.logit(p))
        s = float(np.float64(se) / (np.float64(p) * (1 - np.float64(p))))
        return (_expit(eta - q * s), _expit(eta + q * s))


def _wald(p: float, se: float, q: float) -> tuple[float, float]:
    return (p - q * se, p + q * se)


def _asin(p: float, se: float, q: float) -> tuple[float, float]:
    centre, s = math.asin(math.sqrt(p)), se / (2 * math.sqrt(p * (1 - p)))
    return (math.sin(centre - q * s) ** 2, math.sin(centre + q * s) ** 2)  # as R: no clipping


def _likelihood(p: float, se: float, q: float) -> tuple[float, float]:
    """Where the binomial deviance, scaled by the design effect, reaches q² (R's profile)."""
    target = q**2 * se**2 / (2 * p * (1 - p))

    def excess(mu: float) -> float:
        return p * math.log(p / mu) + (1 - p) * math.log((1 - p) / (1 - mu)) - target

    tiny = 1e-12
    low = optimize.brentq(excess, tiny, p) if excess(tiny) > 0 else 0.0
    high = optimize.brentq(excess, p, 1 - tiny) if excess(1 - tiny) > 0 else 1.0
    return (float(low), float(high))


def _wilson(p: float, se: float, q: float) -> tuple[float, float]:
    """Wilson's score interval on n = p(1-p)/se², written without dividing by n."""
    n = p * (1 - p) / se**2
    centre = (p * n + q**2 / 2) / (n + q**2)
    half = q * math.sqrt(p * (1 - p) * n + q**2 / 4) / (n + q**2)
    return (centre - half, centre + half)


def _beta(
    p: float, level: float, n_eff: float, sizes: tuple[int, float | None]
) -> tuple[float, float]:
    """Korn–Graubard: Clopper–Pearson bounds on the effective size ``n_eff`` (n / deff),
    multiplied by (t_{n−1} / t_{degf})² as R's ``svyciprop(method = "beta")``."""
    nrow, degf = sizes
    alpha = 1 - level
    if degf is not None and degf > 0 and nrow > 1:
        n_eff *= (sps.t.ppf(alpha / 2, nrow - 1) / sps.t.ppf(alpha / 2, degf)) ** 2
    low = 0.0 if p == 0 else float(sps.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1))
    high = 1.0 if p == 1 else float(sps.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
    return (low, high)


def _no_variance(p: float, se: float) -> bool:
    """All 0 or all 1 (up to the rounding of the sums), or a zero variance up to rounding."""
    return not ROUNDING < p < 1 - ROUNDING or se <= ZERO_SE * math.sqrt(p * (1 - p))


def _beta_without_variance(
    p: float, level: float, sizes: tuple[int, float | None]
) -> tuple[float, float]:
    """Korn–Graubard where the estimated variance is zero (up to rounding): at p = 0 or 1, or
    when every stratum the domain samples is constant. The design effect is then 0/0 or 0, and
    n_eff = n / deff would make the interval a point: deff is taken as 1, n_eff = n, the rows
    of the domain (R's ``svyciprop`` returns NaN or a point there; docs/methodology.md § 4)."""
    nrow, degf = sizes
    if degf is not None and degf <= 0:
        return (math.nan, math.nan)  # no degrees of freedom: no Student quantile, as elsewhere
    share = float(round(p)) if not ROUNDING < p < 1 - ROUNDING else p
    return _beta(share, level, float(nrow), sizes)


_TRANSFORMS = {
    "logit": _logit, "likelihood": _likelihood, "xlogit": _logit, "mean": _wald, "asin": _asin,
    "wilson": _wilson,
}  # fmt: skip
