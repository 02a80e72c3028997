"""Influence values in factored form, so that the variance after weighting never loops on rows.

Post-stratification and raking replace the influence values x (n rows, K columns) by
residuals x − Σⱼ diag(wⱼ) Eⱼ Bⱼ, where Eⱼ is the one-hot matrix of a weighting variable's
levels, wⱼ a weight vector and Bⱼ a small (levels × K) coefficient matrix. ``Residual`` keeps
that form: group sums of the residuals (by cluster for the variance, by margin level for the
next projection) are a ``bincount`` of x plus small cross-tables times Bⱼ, without building
the dense n × K residual matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from barometre.stats._columns import FloatArray, IntArray


@dataclass(frozen=True)
class Sparse:
    """Influence values where each row feeds at most one column (domains of a ``by``)."""

    values: FloatArray
    column: IntArray  # -1: the row feeds no column
    width: int


Influence = FloatArray | Sparse


def as_dense(x: Influence) -> FloatArray:
    if isinstance(x, Sparse):
        out = np.zeros((x.values.size, x.width))
        rows = np.flatnonzero(x.column >= 0)
        out[rows, x.column[rows]] = x.values[rows]
        return out
    return x.reshape(x.shape[0], -1)


def width_of(x: Influence) -> int:
    return x.width if isinstance(x, Sparse) else int(np.prod(x.shape[1:], dtype=np.int64))


def membership(
    groups: IntArray, n_groups: int, scale: FloatArray | None, columns: IntArray | None = None
) -> Any:
    """(groups × rows) matrix holding ``scale`` (ones when ``None``), or (groups × levels)
    when ``columns`` gives each row's level: a cross-table, summed over the rows."""
    n = groups.size
    data = np.ones(n) if scale is None else scale
    cols = np.arange(n) if columns is None else columns
    n_cols = n if columns is None else int(cols.max(initial=-1)) + 1
    return sparse.csr_matrix((data, (groups, cols)), shape=(n_groups, n_cols))


def group_sums(
    x: Influence, groups: IntArray, n_groups: int, scale: FloatArray | None
) -> FloatArray:
    """Σ over the rows of each group of scale × x: an (n_groups, K) matrix."""
    if isinstance(x, Sparse):
        ok = x.column >= 0
        values = x.values if scale is None else x.values * scale
        flat = np.bincount(
            groups[ok] * x.width + x.column[ok], weights=values[ok], minlength=n_groups * x.width
        )
        return np.asarray(flat.reshape(n_groups, x.width), dtype=np.float64)
    x2 = x.reshape(x.shape[0], -1)
    return np.asarray(membership(groups, n_groups, scale) @ x2, dtype=np.float64).reshape(
        n_groups, x2.shape[1]
    )


@dataclass(eq=False)
class TermShape:
    """The fixed part of a residual term: level codes and weights of one weighting variable.

    Cross-tables against the groupings asked for (clusters, other margins) are cached; the
    shapes live in the weighting records, so the cache serves every estimate of a design.
    """

    codes: IntArray
    n_levels: int
    weights: FloatArray
    _cache: dict[tuple[int, int], tuple[Any, Any, Any]] = field(default_factory=dict, repr=False)

    def cross(self, groups: IntArray, n_groups: int, scale: FloatArray | None) -> Any:
        """(n_groups × levels) table of Σ scale × weights over the rows of each pair."""
        key = (id(groups), id(scale))
        hit = self._cache.get(key)
        if hit is not None and hit[0] is groups and hit[1] is scale:
            return hit[2]
        values = self.weights if scale is None else self.weights * scale
        # Sparse even when small: its product runs in scipy's own loop, never in a threaded
        # BLAS call that stalls on a busy machine.
        table = sparse.csr_matrix((values, (groups, self.codes)), shape=(n_groups, self.n_levels))
        self._cache[key] = (groups, scale, table)
        return table


@dataclass(frozen=True)
class Residual:
    """x − Σⱼ diag(wⱼ) Eⱼ Bⱼ: influence values after weighting steps, in factored form."""

    base: Influence
    terms: tuple[tuple[TermShape, FloatArray], ...] = ()

    @property
    def width(self) -> int:
        return width_of(self.base)

    def group_sums(self, groups: IntArray, n_groups: int, scale: FloatArray | None) -> FloatArray:
        """Σ over the rows of each group of scale × residual: an (n_groups, K) matrix."""
        out = group_sums(self.base, groups, n_groups, scale)
        for shape, coefficients in self.terms:
            out = out - shape.cross(groups, n_groups, scale) @ coefficients
        return out

    def with_terms(self, terms: list[tuple[TermShape, FloatArray]]) -> Residual:
        return Residual(self.base, (*self.terms, *terms))

    def dense(self) -> FloatArray:
        out = as_dense(self.base).copy()
        for shape, coefficients in self.terms:
            out -= shape.weights[:, None] * coefficients[shape.codes]
        return out
