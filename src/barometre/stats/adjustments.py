"""How each weighting step changes the variance: residuals on the calibration variables.

Each record replays, on the influence values, the projection R's ``svyrecvar`` applies for
post-stratification, raking (iterated projections) and GREG calibration.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from barometre.stats._columns import FloatArray, IntArray

RAKING_PROJECTIONS = 10  # as R: the raking projections are iterated ten times
WEIGHTS_AGREE = 1e-6  # relative gap between margins' last-pass weights below which they agree


def _membership(codes: IntArray, n_groups: int, weights: FloatArray) -> sparse.csr_matrix:
    """Sparse (groups × rows) matrix of the weights, to sum many columns by group at once."""
    rows = np.arange(codes.size)
    return sparse.csr_matrix((weights, (codes, rows)), shape=(n_groups, codes.size))


@dataclass(frozen=True)
class PostStratification:
    """Post-strata and the weights before and after: residuals from post-stratum means."""

    codes: IntArray
    n_groups: int
    old_weights: FloatArray
    new_weights: FloatArray

    @cached_property
    def _weighted_means(self) -> sparse.csr_matrix:
        """(post-strata × rows) matrix of old-weight means within each post-stratum."""
        totals = np.bincount(self.codes, weights=self.old_weights, minlength=self.n_groups)
        share = self.old_weights / np.where(totals > 0, totals, 1.0)[self.codes]
        return _membership(self.codes, self.n_groups, share)

    def residuals(self, x: FloatArray) -> FloatArray:
        means = self._weighted_means @ (x / self.new_weights[:, None])
        return np.asarray(x - means[self.codes] * self.new_weights[:, None], dtype=np.float64)


@dataclass(frozen=True)
class Raking:
    """Margins of a raking (codes, level count, weights after that margin's last pass).

    R's ``svyrecvar`` removes from x/w the unweighted level means of each margin in turn,
    ten times, with w the weights after that margin's last pass. When those weights agree
    (a tightly converged raking), the same projections run on the level coefficients (small
    matrices) instead of every row; otherwise row by row, exactly as R.
    """

    margins: tuple[tuple[IntArray, int, FloatArray], ...]

    @cached_property
    def _averaging(self) -> list[sparse.csr_matrix]:
        """Per margin: the (levels × rows) matrix of unweighted level means."""
        out = []
        for codes, n_groups, _ in self.margins:
            counts = np.bincount(codes, minlength=n_groups).astype(np.float64)
            out.append(_membership(codes, n_groups, 1.0 / np.maximum(counts, 1)[codes]))
        return out

    @cached_property
    def _cross(self) -> list[list[FloatArray]]:
        """Mean, within each level of margin m, of the indicator of each level of margin k."""
        return [
            [np.asarray((averaging @ _membership(codes, n, np.ones(codes.size)).T).toarray())
             for codes, n, _ in self.margins]
            for averaging in self._averaging
        ]  # fmt: skip

    @cached_property
    def _weights_agree(self) -> bool:
        last = self.margins[-1][2]
        return all(
            float(np.abs(psw / last - 1).max()) <= WEIGHTS_AGREE for _, _, psw in self.margins
        )

    def residuals(self, x: FloatArray) -> FloatArray:
        if not self._weights_agree:
            return self._row_residuals(x)
        return self._coefficient_residuals(x)

    def _row_residuals(self, x: FloatArray) -> FloatArray:
        for _ in range(RAKING_PROJECTIONS):
            for (codes, _, psw), averaging in zip(self.margins, self._averaging, strict=True):
                means = np.asarray(averaging @ (x / psw[:, None]))
                x = x - psw[:, None] * means[codes]
        return x

    def _coefficient_residuals(self, x: FloatArray) -> FloatArray:
        weights = self.margins[-1][2][:, None]
        u = x / weights
        means = [averaging @ u for averaging in self._averaging]
        coefficients = [np.zeros((n, u.shape[1])) for _, n, _ in self.margins]
        for _ in range(RAKING_PROJECTIONS):
            for m, cross in enumerate(self._cross):
                current = means[m] - sum(c @ k for c, k in zip(cross, coefficients, strict=True))
                coefficients[m] = coefficients[m] + current
        for (codes, _, _), c in zip(self.margins, coefficients, strict=True):
            u = u - c[codes]
        return np.asarray(u * weights, dtype=np.float64)


@dataclass(frozen=True)
class Calibration:
    """GREG-type calibration: model matrix, weights before, and g = new / old weights."""

    model: FloatArray
    old_weights: FloatArray
    g: FloatArray
    sigma: FloatArray  # square root of the working variance (ones: homoscedastic)

    def residuals(self, x: FloatArray) -> FloatArray:
        root = np.sqrt(self.old_weights)
        scale = (self.g * root * self.sigma)[:, None]
        a = self.model * (root / self.sigma)[:, None]
        z = x / scale
        beta, *_ = np.linalg.lstsq(a, z, rcond=None)
        return (z - a @ beta) * scale
