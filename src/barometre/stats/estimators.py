"""Means, totals and ratios with linearisation standard errors (R's svymean/svytotal/svyratio)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from barometre.stats._columns import BoolArray, FloatArray, IntArray
from barometre.stats.design import Design
from barometre.stats.errors import EmptyDomainError, MissingValuesError
from barometre.stats.estimate import Estimate, EstimateTable
from barometre.stats.variance import Sparse, design_variance, variances

DeffReference = Literal["wor", "replace"]
DENSE_LIMIT = 50_000_000  # domain × group flags kept in a dense array up to this size


@dataclass(frozen=True)
class Domains:
    """Rows grouped into K domains (code -1: the row is in none), within a design."""

    code: IntArray
    count: int

    def sums(self, values: FloatArray) -> FloatArray:
        shifted = np.bincount(self.code + 1, weights=values, minlength=self.count + 1)
        return np.asarray(shifted[1:], dtype=np.float64)

    def sizes(self) -> IntArray:
        return np.bincount(self.code + 1, minlength=self.count + 1)[1:]

    def degf(self, design: Design) -> IntArray:
        """Per domain: PSUs minus strata among its rows (R's degf on a subset)."""
        first = design.stages[0]
        ok = self.code >= 0
        if first.cluster_stratum.size == first.cluster.size:  # one row per PSU
            per_psu = self.sizes()
        else:
            per_psu = self._distinct(first.cluster[ok], first.cluster_stratum.size, ok)
        per_stratum = self._distinct(first.stratum[ok], first.n_psu.size, ok)
        return np.asarray(per_psu - per_stratum, dtype=np.int64)

    def _distinct(self, groups: IntArray, n_groups: int, ok: BoolArray) -> IntArray:
        """Number of distinct groups among the rows of each domain."""
        keys = self.code[ok] * n_groups + groups
        if self.count * n_groups <= DENSE_LIMIT:
            seen = np.zeros(self.count * n_groups, dtype=bool)
            seen[keys] = True
            return np.asarray(seen.reshape(self.count, n_groups).sum(axis=1), dtype=np.int64)
        return np.bincount(np.unique(keys) // n_groups, minlength=self.count)


def numeric_rows(design: Design, variable: str, *, na_rm: bool) -> tuple[FloatArray, BoolArray]:
    """The variable as floats and the rows that enter the estimate (domain, not missing)."""
    y = design.columns.numeric(variable)
    domain = design.in_domain
    missing = np.isnan(y) & domain
    if missing.any() and not na_rm:
        raise MissingValuesError(
            f"La variable « {variable} » a {int(missing.sum())} valeurs manquantes dans le "
            "domaine (missing values); passez na_rm=True pour les exclure du domaine."
        )
    use = domain & ~np.isnan(y)
    if not use.any():
        raise EmptyDomainError(
            f"Aucune observation de « {variable} » dans le domaine (empty domain)."
        )
    return np.where(use, y, 0.0), use


def domain_means(
    design: Design,
    y: FloatArray,
    domains: Domains,
    name: str,
    df: IntArray | None = None,
    *,
    srs: DeffReference = "wor",
) -> list[Estimate]:
    """Weighted mean of ``y`` in each domain, with SE, deff and degrees of freedom."""
    w = design.weights
    big_w = domains.sums(w)
    means = domains.sums(w * y) / np.where(big_w > 0, big_w, 1.0)
    ok = domains.code >= 0
    k = np.where(ok, domains.code, 0)
    resid = np.where(ok, y - means[k], 0.0)
    x = Sparse(
        np.where(ok, w * resid / np.where(big_w > 0, big_w, 1.0)[k], 0.0),
        domains.code,
        domains.count,
    )
    var = variances(design, x)
    n = domains.sizes()
    s2 = domains.sums(w * resid**2) / np.where(big_w > 0, big_w, 1.0) * n / np.maximum(n - 1, 1)
    vsrs = s2 / np.maximum(n, 1) * _srs_fpc(big_w, n, srs)
    df = domains.degf(design) if df is None else df
    return [
        Estimate(
            value=float(means[j]),
            se=float(np.sqrt(max(var[j], 0.0))),  # a rounding-negative variance is zero
            n=int(n[j]),
            deff=_ratio(var[j], vsrs[j]),
            df=float(df[j]),
            name=name,
        )
        for j in range(domains.count)
    ]


def domain_totals(
    design: Design,
    y: FloatArray,
    domains: Domains,
    name: str,
    df: IntArray | None = None,
    *,
    srs: DeffReference = "wor",
) -> list[Estimate]:
    """Weighted total of ``y`` in each domain."""
    w = design.weights
    ok = domains.code >= 0
    x = Sparse(np.where(ok, w * y, 0.0), domains.code, domains.count)
    var = variances(design, x)
    totals = domains.sums(w * y)
    big_w = domains.sums(w)
    n = domains.sizes()
    safe_w = np.where(big_w > 0, big_w, 1.0)
    means = totals / safe_w
    k = np.where(ok, domains.code, 0)
    s2 = domains.sums(w * (y - means[k]) ** 2) / safe_w * n / np.maximum(n - 1, 1)
    vsrs = s2 * big_w**2 / np.maximum(n, 1) * _srs_fpc(big_w, n, srs)
    df = domains.degf(design) if df is None else df
    return [
        Estimate(
            value=float(totals[j]),
            se=float(np.sqrt(max(var[j], 0.0))),  # a rounding-negative variance is zero
            n=int(n[j]),
            deff=_ratio(var[j], vsrs[j]),
            df=float(df[j]),
            name=name,
        )
        for j in range(domains.count)
    ]


def _srs_fpc(big_w: FloatArray, n: IntArray, srs: DeffReference) -> FloatArray:
    """1 − n/N̂ for the without-replacement reference (R's deff=TRUE), 1 for "replace"."""
    if srs == "replace":
        return np.ones_like(big_w)
    return np.asarray((big_w - n) / np.where(big_w > 0, big_w, 1.0), dtype=np.float64)


def _ratio(v: float, vsrs: float) -> float | None:
    return float(v / vsrs) if vsrs > 0 else None


def _single(use: BoolArray) -> Domains:
    return Domains(np.where(use, 0, -1).astype(np.int64), 1)


def _design_df(design: Design, estimate: Estimate, use: BoolArray) -> Estimate:
    """Degrees of freedom among the rows that enter the estimate: PSUs minus strata of the
    domain once the missing values are removed (R's degf(subset(design, !is.na(y))))."""
    return replace(estimate, df=float(design.degf(use)))


def mean(
    design: Design, variable: str, *, na_rm: bool = False, deff: DeffReference = "wor"
) -> Estimate | EstimateTable:
    """Weighted mean; on a categorical column, the table of proportions of its levels.

    ``deff``: design effect against simple random sampling without replacement (``"wor"``,
    R's ``deff=TRUE``) or with replacement (``"replace"``).
    """
    if not design.columns.is_numeric(variable):
        return _level_table(design, variable, na_rm=na_rm, statistic="mean")
    y, use = numeric_rows(design, variable, na_rm=na_rm)
    return _design_df(design, domain_means(design, y, _single(use), variable, srs=deff)[0], use)


def total(
    design: Design, variable: str, *, na_rm: bool = False, deff: DeffReference = "wor"
) -> Estimate | EstimateTable:
    """Weighted total; on a categorical column, the estimated count of each level."""
    if not design.columns.is_numeric(variable):
        return _level_table(design, variable, na_rm=na_rm, statistic="total")
    y, use = numeric_rows(design, variable, na_rm=na_rm)
    return _design_df(design, domain_totals(design, y, _single(use), variable, srs=deff)[0], use)


def level_indicators(
    design: Design, variable: str, *, na_rm: bool
) -> tuple[Sequence[object], FloatArray, BoolArray]:
    """0/1 indicator matrix (n, K) of the levels, and the rows that enter the estimate."""
    factor = design.columns.factor(variable)
    domain = design.in_domain
    missing = factor.missing & domain
    if missing.any() and not na_rm:
        raise MissingValuesError(
            f"La variable « {variable} » a {int(missing.sum())} valeurs manquantes dans le "
            "domaine (missing values); passez na_rm=True pour les exclure du domaine."
        )
    use = domain & ~factor.missing
    if not use.any():
        raise EmptyDomainError(f"Aucune observation de « {variable} » dans le domaine.")
    z = np.zeros((factor.codes.size, len(factor.levels)))
    rows = np.flatnonzero(use)
    z[rows, factor.codes[rows]] = 1.0
    return factor.levels, z, use


def _level_table(design: Design, variable: str, *, na_rm: bool, statistic: str) -> EstimateTable:
    levels, z, use = level_indicators(design, variable, na_rm=na_rm)
    w = np.where(use, design.weights, 0.0)
    big_w = w.sum()
    n = int(use.sum())
    if statistic == "mean":
        values = (w @ z) / big_w
        x = w[:, None] * (z - values[None, :]) / big_w
    else:
        values = w @ z
        x = w[:, None] * z
    var = np.diag(design_variance(design, x))
    counts = z[use].sum(axis=0)
    df = float(design.degf(use))
    shares = (w @ z) / big_w
    s2 = (w @ (z - shares[None, :]) ** 2) / big_w * n / max(n - 1, 1)
    vsrs = s2 / n * (big_w - n) / big_w
    if statistic == "total":
        vsrs = vsrs * big_w**2
    rows = tuple(
        ((level,), Estimate(float(values[j]), float(np.sqrt(var[j])), int(counts[j]),
                            _ratio(var[j], vsrs[j]), df, f"{variable}{level}"))
        for j, level in enumerate(levels)
    )  # fmt: skip
    return EstimateTable(keys=(variable,), rows=rows, statistic=statistic)


def ratio(design: Design, numerator: str, denominator: str, *, na_rm: bool = False) -> Estimate:
    """Ratio of two weighted totals, Σ w y / Σ w x, with linearisation SE (R's svyratio)."""
    y = design.columns.numeric(numerator)
    x_den = design.columns.numeric(denominator)
    domain = design.in_domain
    missing = (np.isnan(y) | np.isnan(x_den)) & domain
    if missing.any() and not na_rm:
        raise MissingValuesError(
            f"Valeurs manquantes dans « {numerator} » ou « {denominator} » "
            "(missing values); passez na_rm=True."
        )
    use = domain & ~np.isnan(y) & ~np.isnan(x_den)
    w = np.where(use, design.weights, 0.0)
    y0, x0 = np.where(use, y, 0.0), np.where(use, x_den, 0.0)
    den = float(w @ x0)
    if den == 0:
        raise EmptyDomainError(
            f"Le total de « {denominator} » est nul dans le domaine (zero denominator)."
        )
    r = float(w @ y0) / den
    infl = w * (y0 - r * x0) / den
    var = float(design_variance(design, infl[:, None])[0, 0])
    return Estimate(r, float(np.sqrt(var)), int(use.sum()), None, float(design.degf(use)),
                    f"{numerator}/{denominator}")  # fmt: skip
