"""Design-based tests: two-sample t-test (R's ``svyttest``), Rao–Scott χ² (``svychisq``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats as sps

from barometre.stats._columns import BoolArray, FloatArray
from barometre.stats.design import Design
from barometre.stats.errors import StatsError
from barometre.stats.estimate import quantile
from barometre.stats.estimators import numeric_rows
from barometre.stats.variance import design_variance


@dataclass(frozen=True)
class TTest:
    """A design-based t-test: the difference (or mean), its SE, t, df and two-sided p-value."""

    estimate: float
    se: float
    statistic: float
    df: float
    p_value: float
    groups: tuple[object, ...] = ()

    def ci(self, level: float = 0.95) -> tuple[float, float]:
        q = quantile(level, self.df)
        return (self.estimate - q * self.se, self.estimate + q * self.se)

    @property
    def difference(self) -> float:
        """R's ``estimate``: the difference in means (or the mean for one sample)."""
        return self.estimate

    @property
    def parameter(self) -> float:
        """R's ``parameter``: the degrees of freedom."""
        return self.df


def _test(estimate: float, se: float, df: float, groups: tuple[object, ...]) -> TTest:
    if se == 0:
        raise StatsError("Erreur type nulle : test impossible (zero standard error).")
    t = estimate / se
    return TTest(estimate, se, t, df, float(2 * sps.t.sf(abs(t), df)), groups)


def ttest(design: Design, variable: str, group: str | None = None, *, mu: float = 0.0) -> TTest:
    """Two-sample t-test of ``variable`` between the two levels of ``group`` (second − first).

    Without ``group``: one-sample test of mean = ``mu`` (paired data: pass a difference
    column). Rows with a missing value leave the domain, as in R.
    """
    y, use = numeric_rows(design, variable, na_rm=True)
    w = design.weights
    if group is None:
        big_w = float(w[use].sum())
        m = float((w * y)[use].sum() / big_w)
        x = np.where(use, w * (y - m) / big_w, 0.0)
        se = float(np.sqrt(design_variance(design, x[:, None])[0, 0]))
        return _test(m - mu, se, design.degf() - 1, ())
    factor = design.columns.factor(group)
    use = use & ~factor.missing
    present = np.unique(factor.codes[use])
    if present.size != 2:  # noqa: PLR2004 - a two-sample test needs exactly two groups
        raise StatsError(
            f"« {group} » doit avoir exactement deux niveaux dans le domaine, il en a "
            f"{present.size} (a two-sample t-test needs two groups)."
        )
    second = use & (factor.codes == present[1])
    first = use & (factor.codes == present[0])
    w1, w0 = float(w[second].sum()), float(w[first].sum())
    m1, m0 = float((w * y)[second].sum() / w1), float((w * y)[first].sum() / w0)
    x = np.where(second, w * (y - m1) / w1, 0.0) - np.where(first, w * (y - m0) / w0, 0.0)
    se = float(np.sqrt(design_variance(design, x[:, None])[0, 0]))
    groups = (factor.levels[present[0]], factor.levels[present[1]])
    return _test(m1 - m0, se, design.degf(use) - 1, groups)


@dataclass(frozen=True)
class ChisqTest:
    """A design-based test of independence in a two-way table."""

    statistic: float
    ndf: float
    ddf: float | None
    p_value: float
    method: str

    @property
    def parameter(self) -> tuple[float, float | None]:
        """R's ``parameter``: (ndf, ddf), ddf ``None`` for the χ² version."""
        return (self.ndf, self.ddf)


def _cells(design: Design, row: str, col: str) -> tuple[FloatArray, BoolArray, int, int]:
    rows, cols = design.columns.factor(row), design.columns.factor(col)
    domain = design.in_domain
    use = domain & ~rows.missing & ~cols.missing
    r_present = np.unique(rows.codes[domain & ~rows.missing])
    c_present = np.unique(cols.codes[domain & ~cols.missing])
    nr, nc = r_present.size, c_present.size
    if nr < 2 or nc < 2:  # noqa: PLR2004 - a table needs two rows and two columns
        raise StatsError(
            f"« {row} » et « {col} » doivent avoir au moins deux niveaux dans le domaine "
            "(a two-way table needs at least two levels on each side)."
        )
    r_map = np.full(len(rows.levels) + 1, 0)
    r_map[r_present] = np.arange(nr)
    c_map = np.full(len(cols.levels) + 1, 0)
    c_map[c_present] = np.arange(nc)
    cell = r_map[rows.codes] + nr * c_map[cols.codes]  # rows vary fastest, as R
    z = np.zeros((design.columns.n, nr * nc))
    idx = np.flatnonzero(use)
    z[idx, cell[idx]] = 1.0
    return z, use, nr, nc


def chisq(
    design: Design,
    row: str,
    col: str,
    statistic: Literal["F", "Chisq", "adjWald", "Wald"] = "F",
) -> ChisqTest:
    """Rao–Scott test of independence: ``"F"`` (second order, default), ``"Chisq"`` (first
    order), or the Wald tests ``"adjWald"`` and ``"Wald"`` (R's ``svychisq``)."""
    if statistic not in {"F", "Chisq", "adjWald", "Wald"}:
        raise StatsError(f"Statistique inconnue « {statistic} » (unknown statistic).")
    z, use, nr, nc = _cells(design, row, col)
    nu = design.degf()
    if statistic in {"adjWald", "Wald"}:
        return _wald(design, (z, use), (nr, nc), nu, statistic)
    return _rao_scott(design, (z, use), (nr, nc), nu, statistic)


def _interaction_basis(nr: int, nc: int) -> FloatArray:
    grid_r = np.tile(np.arange(nr), nc)
    grid_c = np.repeat(np.arange(nc), nr)
    main = np.column_stack(
        [np.ones(nr * nc)]
        + [(grid_r == i).astype(float) for i in range(1, nr)]
        + [(grid_c == j).astype(float) for j in range(1, nc)]
    )
    inter = np.column_stack(
        [((grid_r == i) & (grid_c == j)).astype(float) for j in range(1, nc) for i in range(1, nr)]
    )
    beta, *_ = np.linalg.lstsq(main, inter, rcond=None)
    return np.asarray(inter - main @ beta, dtype=np.float64)


def _rao_scott(
    design: Design,
    cells: tuple[FloatArray, BoolArray],
    shape: tuple[int, int],
    nu: int,
    statistic: str,
) -> ChisqTest:
    z, use = cells
    nr, nc = shape
    w = np.where(use, design.weights, 0.0)
    big_w = w.sum()
    p = (w @ z) / big_w
    v = design_variance(design, w[:, None] * (z - p[None, :]) / big_w)
    n_rows = design.n
    inv_p = np.where(p > 0, 1 / np.where(p > 0, p, 1), 0.0)
    c = _interaction_basis(nr, nc)
    denom = c.T @ (c * (inv_p / n_rows)[:, None])
    numer = (c * inv_p[:, None]).T @ v @ (c * inv_p[:, None])
    delta = np.linalg.solve(denom, numer)
    trace = float(np.trace(delta))
    d0 = trace**2 / float(np.trace(delta @ delta))
    observed = (p * n_rows).reshape(nc, nr).T
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n_rows
    x2 = float((((observed - expected) ** 2) / expected).sum())
    if statistic == "F":
        f = x2 / trace
        return ChisqTest(f, d0, d0 * nu, float(sps.f.sf(f, d0, d0 * nu)), "Rao-Scott F")
    df = (nr - 1) * (nc - 1)
    p_value = float(sps.chi2.sf(x2 / (trace / delta.shape[0]), df))
    return ChisqTest(x2, df, None, p_value, "Rao-Scott Chisq")


def _wald(
    design: Design,
    cells: tuple[FloatArray, BoolArray],
    shape: tuple[int, int],
    nu: int,
    statistic: str,
) -> ChisqTest:
    z, use = cells
    nr, nc = shape
    zr = z.reshape(z.shape[0], nc, nr).sum(axis=1)
    zc = z.reshape(z.shape[0], nc, nr).sum(axis=2)
    full = np.column_stack([z, zr, zc, use.astype(float)])
    w = np.where(use, design.weights, 0.0)
    t = w @ full
    v = design_variance(design, w[:, None] * full)
    r, c, n = t[nr * nc : nr * nc + nr], t[nr * nc + nr : nr * nc + nr + nc], t[-1]
    grid_r = np.tile(np.arange(nr), nc)
    grid_c = np.repeat(np.arange(nc), nr)
    jac = np.column_stack(
        [
            np.eye(nr * nc),
            -(grid_r[:, None] == np.arange(nr)[None, :]).astype(float) * (c[grid_c] / n)[:, None],
            -(grid_c[:, None] == np.arange(nc)[None, :]).astype(float) * (r[grid_r] / n)[:, None],
            (r[grid_r] * c[grid_c] / n**2)[:, None],
        ]
    )
    y = t[: nr * nc] - r[grid_r] * c[grid_c] / n
    keep = (grid_r > 0) & (grid_c > 0)
    vy = (jac @ v @ jac.T)[np.ix_(keep, keep)]
    stat = float(y[keep] @ np.linalg.solve(vy, y[keep]))
    ndf = (nr - 1) * (nc - 1)
    if statistic == "Wald":
        f, ddf = stat / ndf, float(nu)
    else:
        ddf = float(nu - ndf + 1)
        f = stat * ddf / (ndf * nu)
    return ChisqTest(f, ndf, ddf, float(sps.f.sf(f, ndf, ddf)), f"design-based {statistic}")
