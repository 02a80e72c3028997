"""Sampling stages: clusters nested in strata, sample and population sizes (R's svydesign)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from barometre.stats._columns import Columns, Factor, FloatArray, IntArray, combine
from barometre.stats.errors import DesignError, FpcError


@dataclass(frozen=True)
class Stage:
    """One sampling stage: per-row cluster and stratum codes, per-stratum sizes."""

    cluster: IntArray  # per row, 0..P-1, unique across strata (nested)
    stratum: IntArray  # per row, 0..H-1
    cluster_stratum: IntArray  # per cluster: its stratum
    stratum_parent: IntArray  # per stratum: the cluster of the previous stage (0 at stage 1)
    n_psu: FloatArray  # per stratum: clusters sampled
    popsize: FloatArray | None  # per stratum: clusters in the population (None: unknown)

    @property
    def sampling_fraction(self) -> FloatArray:
        if self.popsize is None:
            return np.zeros_like(self.n_psu)
        return np.where(np.isinf(self.popsize), 0.0, self.n_psu / self.popsize)


def _per_cluster(values: IntArray, cluster: IntArray, n_clusters: int) -> IntArray:
    out = np.zeros(n_clusters, dtype=np.int64)
    out[cluster] = values
    return out


def _codes(columns: Columns, name: str, role: str) -> Factor:
    factor = columns.factor(name)
    if factor.missing.any():
        raise DesignError(
            f"Valeurs manquantes dans la colonne {role} « {name} » "
            f"(missing values in the {role} column): {int(factor.missing.sum())} lignes."
        )
    return factor


def build_stages(
    columns: Columns,
    ids: Sequence[str],
    strata: Sequence[str],
    fpc: Sequence[str],
    *,
    nest: bool,
) -> tuple[Stage, ...]:
    """Stages as R builds them: subclusters nested in clusters, strata nested in clusters."""
    n = columns.n
    one = Factor((1,), np.zeros(n, dtype=np.int64))
    id_factors = [_codes(columns, c, "ids") for c in ids] or [
        Factor(range(n), np.arange(n, dtype=np.int64))
    ]
    strata_factors = [_codes(columns, c, "strata") for c in strata] or [one]
    if len(fpc) > len(id_factors):
        raise FpcError(
            "Plus de colonnes fpc que d'étapes de tirage (more fpc columns than stages)."
        )
    stages: list[Stage] = []
    previous: Factor | None = None
    for i, ident in enumerate(id_factors):
        stratum_f = strata_factors[min(i, len(strata_factors) - 1)]
        cluster_f = ident if previous is None else combine([previous, ident])
        if previous is not None:
            stratum_f = combine([previous, stratum_f])
        elif nest and strata:
            cluster_f = combine([stratum_f, ident])
        stage = _stage(cluster_f, stratum_f, previous)
        if previous is None and strata and not nest:
            _check_nested(stage, ids[0] if ids else "1")
        popsize = _popsize(columns, fpc[i], stage) if i < len(fpc) else None
        stages.append(Stage(**{**stage.__dict__, "popsize": popsize}))
        previous = cluster_f
    return tuple(stages)


def _stage(cluster_f: Factor, stratum_f: Factor, parent: Factor | None) -> Stage:
    cluster = cluster_f.codes
    stratum = stratum_f.codes
    n_clusters = len(cluster_f.levels)
    cluster_stratum = _per_cluster(stratum, cluster, n_clusters)
    n_strata = len(stratum_f.levels)
    n_psu = np.bincount(cluster_stratum, minlength=n_strata).astype(np.float64)
    parent_codes = np.zeros(cluster.shape, dtype=np.int64) if parent is None else parent.codes
    stratum_parent = _per_cluster(parent_codes, stratum, n_strata)
    return Stage(cluster, stratum, cluster_stratum, stratum_parent, n_psu, None)


def _check_nested(stage: Stage, name: str) -> None:
    if (stage.cluster_stratum[stage.cluster] != stage.stratum).any():
        raise DesignError(
            f"Des grappes « {name} » appartiennent à plusieurs strates (clusters not nested "
            "in strata); utilisez nest=True si leurs identifiants ne sont uniques que par strate."
        )


def _popsize(columns: Columns, name: str, stage: Stage) -> FloatArray:
    values = columns.numeric(name)
    if np.isnan(values).any():
        raise FpcError(f"Valeurs manquantes dans la colonne fpc « {name} » (missing fpc values).")
    if (values <= 0).any():
        raise FpcError(f"La colonne fpc « {name} » contient des valeurs ≤ 0 (fpc must be > 0).")
    per_stratum = np.full(stage.n_psu.size, np.nan)
    per_stratum[stage.stratum] = values
    if not np.allclose(per_stratum[stage.stratum], values):
        raise FpcError(
            f"La colonne fpc « {name} » varie à l'intérieur d'une strate "
            "(fpc varies within strata)."
        )
    fraction = bool((values <= 1).all())
    popsize = stage.n_psu / per_stratum if fraction else per_stratum
    too_small = popsize < stage.n_psu - 1e-9
    if too_small.any():
        h = int(np.flatnonzero(too_small)[0])
        raise FpcError(
            f"fpc « {name} » : la population ({popsize[h]:g}) est plus petite que l'échantillon "
            f"({stage.n_psu[h]:g}) dans une strate (fpc smaller than the sample: "
            ">100 % sampling)."
        )
    return np.asarray(popsize, dtype=np.float64)
