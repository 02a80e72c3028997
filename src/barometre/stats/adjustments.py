"""How each weighting step changes the variance: residuals on the calibration variables.

Each record replays, on the influence values, the projection R's ``svyrecvar`` applies for
post-stratification, raking (iterated projections) and GREG calibration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from barometre.stats._columns import FloatArray, IntArray

RAKING_PROJECTIONS = 10  # as R: the raking projections are iterated ten times


def _group_mean(
    values: FloatArray, codes: IntArray, n_groups: int, weights: FloatArray
) -> FloatArray:
    den = np.bincount(codes, weights=weights, minlength=n_groups)
    out = np.column_stack(
        [
            np.bincount(codes, weights=values[:, j] * weights, minlength=n_groups)
            for j in range(values.shape[1])
        ]
    ).reshape(n_groups, values.shape[1])
    return out / np.where(den > 0, den, 1.0)[:, None]


@dataclass(frozen=True)
class PostStratification:
    """Post-strata and the weights before and after: residuals from post-stratum means."""

    codes: IntArray
    n_groups: int
    old_weights: FloatArray
    new_weights: FloatArray

    def residuals(self, x: FloatArray) -> FloatArray:
        z = x / self.new_weights[:, None]
        means = _group_mean(z, self.codes, self.n_groups, self.old_weights)
        return x - means[self.codes] * self.new_weights[:, None]


@dataclass(frozen=True)
class Raking:
    """Margins of a raking (codes, level count, weights after that margin's last pass)."""

    margins: tuple[tuple[IntArray, int, FloatArray], ...]

    def residuals(self, x: FloatArray) -> FloatArray:
        ones = np.ones(x.shape[0])
        for _ in range(RAKING_PROJECTIONS):
            for codes, n_groups, psw in self.margins:
                means = _group_mean(x / psw[:, None], codes, n_groups, ones)
                x = x - psw[:, None] * means[codes]
        return x


@dataclass(frozen=True)
class Calibration:
    """GREG-type calibration: model matrix, weights before, and g = new / old weights."""

    model: FloatArray
    old_weights: FloatArray
    g: FloatArray

    def residuals(self, x: FloatArray) -> FloatArray:
        root = np.sqrt(self.old_weights)
        scale = (self.g * root)[:, None]
        a = self.model * root[:, None]
        z = x / scale
        beta, *_ = np.linalg.lstsq(a, z, rcond=None)
        return (z - a @ beta) * scale
