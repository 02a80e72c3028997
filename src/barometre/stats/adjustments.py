"""How each weighting step changes the variance: residuals on the calibration variables.

Each record replays, on the influence values, the projection R's ``svyrecvar`` applies for
post-stratification, raking (iterated projections) and GREG calibration. Post-stratification
and raking work on the factored ``Residual`` (group means by ``bincount``, small level ×
level tables), never row by row; GREG calibration works on the dense residuals.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from barometre.stats._columns import FloatArray, IntArray
from barometre.stats._influence import Residual, TermShape

RAKING_PROJECTIONS = 10  # as R: the raking projections are iterated ten times
PRECOMPUTED_LEVELS = 2_000  # up to this many margin levels, the ten rounds are one matrix


@dataclass(frozen=True)
class PostStratification:
    """Post-strata and the weights before and after: residuals from post-stratum means."""

    codes: IntArray
    n_groups: int
    old_weights: FloatArray
    new_weights: FloatArray

    @cached_property
    def _scale(self) -> FloatArray:
        """Per row: old weight / (post-stratum old total × new weight)."""
        totals = np.bincount(self.codes, weights=self.old_weights, minlength=self.n_groups)
        share = self.old_weights / np.where(totals > 0, totals, 1.0)[self.codes]
        return np.asarray(share / self.new_weights, dtype=np.float64)

    @cached_property
    def _shape(self) -> TermShape:
        return TermShape(self.codes, self.n_groups, self.new_weights)

    def project(self, r: Residual) -> Residual:
        """r − w_new · (old-weight mean of r / w_new within the post-stratum)."""
        means = r.group_sums(self.codes, self.n_groups, self._scale)
        return r.with_terms([(self._shape, means)])

    def residuals(self, x: FloatArray) -> FloatArray:
        return self.project(Residual(x)).dense()


@dataclass(frozen=True)
class Raking:
    """Margins of a raking (codes, level count, weights after that margin's last pass).

    R's ``svyrecvar`` removes from x/w the unweighted level means of each margin in turn,
    ten times, with w the weights after that margin's last pass. The residual after any
    number of these projections is x − Σₘ diag(wₘ) Eₘ Bₘ: the projections update the level
    coefficients Bₘ through small (levels × levels) cross-tables, exactly as R row by row,
    and since they are linear in the level means, the ten rounds are one precomputed matrix.
    """

    margins: tuple[tuple[IntArray, int, FloatArray], ...]

    @cached_property
    def _scales(self) -> list[FloatArray]:
        """Per margin, per row: 1 / (level count × that margin's weights)."""
        out = []
        for codes, n_groups, psw in self.margins:
            counts = np.bincount(codes, minlength=n_groups).astype(np.float64)
            out.append(np.asarray(1.0 / (np.maximum(counts, 1)[codes] * psw), dtype=np.float64))
        return out

    @cached_property
    def _shapes(self) -> list[TermShape]:
        return [TermShape(codes, n, psw) for codes, n, psw in self.margins]

    @cached_property
    def _cross(self) -> list[list[sparse.csr_matrix]]:
        """[m][k]: level means of margin m (of x / wₘ) for the term of margin k."""
        return [
            [shape.cross(codes, n, scale) for shape in self._shapes]
            for (codes, n, _), scale in zip(self.margins, self._scales, strict=True)
        ]

    def _rounds(self, start: list[FloatArray]) -> list[FloatArray]:
        """The ten rounds of projections on the level coefficients, from the level means."""
        coefficients = [np.zeros(block.shape) for block in start]
        for _ in range(RAKING_PROJECTIONS):
            for m, cross in enumerate(self._cross):
                current = start[m]
                for table, b in zip(cross, coefficients, strict=True):
                    current = current - table @ b
                coefficients[m] = coefficients[m] + current
        return coefficients

    @cached_property
    def _projection(self) -> list[sparse.csr_matrix] | None:
        """The ten rounds as one linear map (they are linear in the level means): per margin
        m, the (levels of m × all levels) matrix; ``None`` when the levels are too many."""
        sizes = [n for _, n, _ in self.margins]
        if sum(sizes) > PRECOMPUTED_LEVELS:
            return None
        start = np.split(np.eye(sum(sizes)), np.cumsum(sizes)[:-1])
        return [sparse.csr_matrix(c) for c in self._rounds(start)]

    def project(self, r: Residual) -> Residual:
        """Level means of r / wₘ per margin, then the ten rounds (one product when small)."""
        start = [
            r.group_sums(codes, n, scale)
            for (codes, n, _), scale in zip(self.margins, self._scales, strict=True)
        ]
        projection = self._projection
        if projection is None:
            coefficients = self._rounds(start)
        else:
            stacked = np.vstack(start)
            coefficients = [np.asarray(m @ stacked, dtype=np.float64) for m in projection]
        return r.with_terms(list(zip(self._shapes, coefficients, strict=True)))

    def residuals(self, x: FloatArray) -> FloatArray:
        return self.project(Residual(x)).dense()


@dataclass(frozen=True)
class Calibration:
    """GREG-type calibration: model matrix, weights before, and g = new / old weights."""

    model: FloatArray
    old_weights: FloatArray
    g: FloatArray
    sigma: FloatArray  # square root of the working variance (ones: homoscedastic)

    def project(self, r: Residual) -> Residual:
        return Residual(self.residuals(r.dense()))

    def residuals(self, x: FloatArray) -> FloatArray:
        root = np.sqrt(self.old_weights)
        scale = (self.g * root * self.sigma)[:, None]
        a = self.model * (root / self.sigma)[:, None]
        z = x / scale
        beta, *_ = np.linalg.lstsq(a, z, rcond=None)
        return (z - a @ beta) * scale
