"""Taylor-linearisation variance for multistage stratified designs (R's ``svyrecvar``).

Estimators hand over their influence values already multiplied by the weights; the rows
outside a domain carry zeros, so the PSUs stay in the design. Calibration steps first
replace the influence values by their residuals on the calibration variables.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from barometre.stats._columns import FloatArray, IntArray
from barometre.stats._influence import Influence, Residual, Sparse, as_dense, group_sums
from barometre.stats._stages import Stage
from barometre.stats.design import Design
from barometre.stats.errors import LonelyPSUError

__all__ = ["Influence", "Sparse", "dense", "design_variance", "totals", "variances"]

DENSE_PAIRS = 50_000_000  # (cluster, column) totals kept dense up to this size
CERTAIN = 1e-7  # as R: a stratum sampled at more than 1 - 1e-7 contributes no variance


def dense(x: Influence) -> FloatArray:
    return as_dense(x)


def totals(x: Influence, groups: IntArray, n_groups: int) -> FloatArray:
    """Sum of the influence values within each group: an (n_groups, p) matrix."""
    return group_sums(x, groups, n_groups, None)


def _weighted(design: Design, x: Influence) -> Residual:
    """The influence values after every weighting step (residuals), in factored form."""
    r = Residual(x)
    for adjustment in design.adjustments:
        r = adjustment.project(r)
    return r


def design_variance(design: Design, x: Influence) -> FloatArray:
    """Covariance matrix (p, p) of the estimators whose weighted influence values are ``x``."""
    return _stages_variance(design, _weighted(design, x), diagonal=False)


def variances(design: Design, x: Influence) -> FloatArray:
    """The diagonal of ``design_variance``: one variance per column, without the covariances.

    For a ``Sparse`` influence without weighting adjustments nor lonely PSUs, uses
    Σ_c s_c T_ck² − Σ_h s_h n_h M_hk² on the non-zero (cluster, column) totals only;
    otherwise the cluster totals of the (factored) residuals, squared column by column.
    """
    if isinstance(x, Sparse) and not design.adjustments and not _has_lonely(design):
        return _sparse_variances(design, x)
    return _stages_variance(design, _weighted(design, x), diagonal=True)


def _stages_variance(design: Design, r: Residual, *, diagonal: bool) -> FloatArray:
    multiplier = np.ones(design.columns.n)
    width = r.width
    v = np.zeros(width) if diagonal else np.zeros((width, width))
    for stage in design.stages:
        t = r.group_sums(stage.cluster, stage.cluster_stratum.size, None)
        centred, per_cluster = _one_stage(stage, t, multiplier, design.lonely_psu)
        if diagonal:
            v += (centred**2 * per_cluster[:, None]).sum(axis=0)  # no threaded BLAS call
        else:
            v += centred.T @ (centred * per_cluster[:, None])
        if stage.popsize is None:
            break
        multiplier = multiplier * stage.sampling_fraction[stage.stratum]
        if not multiplier.any():
            break
    return np.asarray(v, dtype=np.float64)


def _sparse_variances(design: Design, x: Sparse) -> FloatArray:
    multiplier = np.ones(design.columns.n)
    v = np.zeros(x.width)
    for stage in design.stages:
        v += _one_stage_diagonal(stage, x, multiplier)
        if stage.popsize is None:
            break
        multiplier = multiplier * stage.sampling_fraction[stage.stratum]
        if not multiplier.any():
            break
    return v


def _has_lonely(design: Design) -> bool:
    return any(
        bool(((s.n_psu == 1) & (s.sampling_fraction < 1 - CERTAIN)).any()) for s in design.stages
    )


def _one_stage_diagonal(stage: Stage, x: Sparse, multiplier: FloatArray) -> FloatArray:
    n_h = stage.n_psu
    f = 1.0 - stage.sampling_fraction
    scale = np.where(n_h > 1, f * n_h / np.maximum(n_h - 1, 1), f)
    scale = np.where(f < CERTAIN, 0.0, scale)
    ok = x.column >= 0
    rows_scale = (scale[stage.stratum] * multiplier)[ok]
    col, values, cluster = x.column[ok], x.values[ok], stage.cluster[ok]
    stratum_sums = np.bincount(
        stage.stratum[ok] * x.width + col, weights=values, minlength=n_h.size * x.width
    ).reshape(n_h.size, x.width)
    between = (scale * n_h * _stratum_multiplier(stage, multiplier)) @ (
        (stratum_sums / n_h[:, None]) ** 2
    )
    if stage.cluster_stratum.size == stage.cluster.size:  # one row per cluster
        within = np.bincount(col, weights=rows_scale * values**2, minlength=x.width).astype(
            np.float64
        )
    else:
        within = _cluster_squares(
            cluster, col, values, rows_scale, (stage.cluster_stratum.size, x.width)
        )
    return np.asarray(within - between, dtype=np.float64)


def _stratum_multiplier(stage: Stage, multiplier: FloatArray) -> FloatArray:
    out = np.zeros(stage.n_psu.size)
    out[stage.stratum] = multiplier
    return out


def _cluster_squares(
    cluster: IntArray,
    col: IntArray,
    values: FloatArray,
    rows_scale: FloatArray,
    shape: tuple[int, int],
) -> FloatArray:
    """Σ over (cluster, column) pairs of scale × (cluster total)²."""
    n_clusters, width = shape
    keys = cluster * width + col
    if n_clusters * width <= DENSE_PAIRS:
        sums = np.bincount(keys, weights=values, minlength=n_clusters * width)
        scales = np.zeros(n_clusters * width)
        scales[keys] = rows_scale
        pair_col = np.arange(n_clusters * width) % width
        return np.bincount(pair_col, weights=scales * sums**2, minlength=width).astype(np.float64)
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse, weights=values)
    scales = np.zeros(unique.size)
    scales[inverse] = rows_scale
    return np.bincount(unique % width, weights=scales * sums**2, minlength=width).astype(np.float64)


def _one_stage(
    stage: Stage, t: FloatArray, multiplier: FloatArray, policy: str
) -> tuple[FloatArray, FloatArray]:
    """Cluster totals centred on their stratum mean, and each cluster's variance factor."""
    h = stage.cluster_stratum
    n_h = stage.n_psu
    stratum_mean = _group_sums(t, h, n_h.size) / n_h[:, None]
    centred = t - stratum_mean[h]
    f = 1.0 - stage.sampling_fraction
    scale = np.where(n_h > 1, f * n_h / np.maximum(n_h - 1, 1), f)
    scale = np.where(f < CERTAIN, 0.0, scale)
    lonely = (n_h == 1) & (f >= CERTAIN)
    if lonely.any():
        centred, scale = _lonely(stage, t, (centred, scale), lonely, policy)
    return centred, scale[h] * _cluster_multiplier(stage, multiplier)


def _group_sums(t: FloatArray, groups: IntArray, n_groups: int) -> FloatArray:
    return group_sums(t, groups, n_groups, None)


def _cluster_multiplier(stage: Stage, multiplier: FloatArray) -> FloatArray:
    out = np.zeros(stage.cluster_stratum.size)
    out[stage.cluster] = multiplier
    return out


def _lonely(
    stage: Stage,
    t: FloatArray,
    centred_scale: tuple[FloatArray, FloatArray],
    lonely: npt.NDArray[np.bool_],
    policy: str,
) -> tuple[FloatArray, FloatArray]:
    """Strata with a single PSU, per R's ``survey.lonely.psu`` options."""
    centred, scale = centred_scale
    h = stage.cluster_stratum
    if policy == "fail":
        raise LonelyPSUError(
            "Une strate n'a qu'une seule unité primaire (stratum has only one PSU); "
            "choisissez lonely_psu='certainty', 'average' ou 'adjust'."
        )
    parent = stage.stratum_parent[h]
    if policy == "adjust":
        n_parent = int(parent.max()) + 1
        grand = _group_sums(t, parent, n_parent) / np.bincount(parent, minlength=n_parent)[:, None]
        alone = lonely[h]
        centred = centred.copy()
        centred[alone] = t[alone] - grand[parent[alone]]
    elif policy == "average":
        strata_parent = stage.stratum_parent
        n_parent = int(strata_parent.max()) + 1
        n_strata = np.bincount(strata_parent, minlength=n_parent).astype(np.float64)
        n_ok = np.bincount(strata_parent, weights=(~lonely).astype(np.float64), minlength=n_parent)
        factor = np.where(n_ok > 0, n_strata / np.maximum(n_ok, 1), 0.0)
        scale = np.where(lonely, 0.0, scale * factor[strata_parent])
    return centred, scale
