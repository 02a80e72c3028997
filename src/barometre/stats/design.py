"""The survey design: one object holding the data, weights, stages and weighting history."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl

from barometre.stats._columns import BoolArray, Columns, FloatArray
from barometre.stats._stages import Stage, build_stages
from barometre.stats.errors import DesignError, LonelyPSUError, StatsError, WeightError

LonelyPSU = Literal["fail", "certainty", "average", "adjust", "remove"]
LONELY_POLICIES: tuple[str, ...] = ("fail", "certainty", "average", "adjust", "remove")


@dataclass(frozen=True)
class WeightingStep:
    """One weighting step tried: the margin it adds, the method, and whether it was met.

    ``reason``: why a step was given up (the calibration error's code and message, in
    French); empty for a step met. ``collapsed``: levels of the margin pooled for this step.
    """

    margin: str
    method: str
    met: bool
    reason: str = ""
    collapsed: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class WeightingReport:
    """What a weighting step did: method, iterations, and the cost in precision (Kish).

    ``max_misfit``: for raking, the largest gap between an achieved margin and its target,
    relative to the target; ``note``: a fallback taken (empty when none), in French;
    ``margins``: the margins the weights meet, in words; ``collapsed``: levels of a margin
    pooled into one (the pooled level and its members); ``steps``: every step tried, in
    order, met or given up.
    """

    method: str
    iterations: int
    max_misfit: float
    n: int
    effective_n: float
    kish_deff: float
    note: str = ""
    margins: tuple[str, ...] = ()
    collapsed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    steps: tuple[WeightingStep, ...] = ()


def _names(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [] if value in {"1", "0"} else [value]
    return list(value)


class Design:
    """A survey design in the style of R's ``svydesign``; every verb returns a new design.

    ``ids``: cluster column (or one per stage), ``None`` for one unit per row; ``strata``;
    ``weights`` or ``probs``; ``fpc``: population sizes (or sampling fractions when all
    values are <= 1), one column per stage; ``lonely_psu``: what to do with a stratum holding
    a single PSU: ``"fail"`` (default), ``"certainty"``, ``"average"``, ``"adjust"``, ``"remove"``.
    """

    columns: Columns
    weights: FloatArray
    stages: tuple[Stage, ...]
    adjustments: tuple[Any, ...]
    domain: BoolArray | None
    lonely_psu: str
    report: WeightingReport | None
    has_strata: bool

    def __init__(  # noqa: PLR0917 - the positional order is R's svydesign, a public contract
        self,
        data: Any,
        ids: str | Sequence[str] | None = None,
        strata: str | Sequence[str] | None = None,
        weights: str | None = None,
        probs: str | None = None,
        fpc: str | Sequence[str] | None = None,
        *,
        nest: bool = False,
        lonely_psu: LonelyPSU = "fail",
    ) -> None:
        if lonely_psu not in LONELY_POLICIES:
            raise DesignError(
                f"Politique lonely_psu inconnue « {lonely_psu} » (unknown lonely-PSU policy); "
                f"valeurs possibles : {', '.join(LONELY_POLICIES)}."
            )
        self.columns = Columns(data)
        if self.columns.n == 0:
            raise DesignError("Aucune ligne dans les données (the data has no rows).")
        self.has_strata = bool(_names(strata))
        self.stages = build_stages(
            self.columns, _names(ids), _names(strata), _names(fpc), nest=nest
        )
        self.weights = self._initial_weights(weights, probs)
        self.adjustments = ()
        self.domain = None
        self.lonely_psu = lonely_psu
        self.report = None
        if lonely_psu == "fail":
            check_lonely(self.stages)

    def _initial_weights(self, weights: str | None, probs: str | None) -> FloatArray:
        if weights is not None and probs is not None:
            raise WeightError("Donnez weights ou probs, pas les deux (not both weights and probs).")
        if weights is not None:
            return validate_weights(self.columns.numeric(weights), weights)
        if probs is not None:
            p = self.columns.numeric(probs)
            if np.isnan(p).any() or (p <= 0).any() or (p > 1).any():
                raise WeightError(
                    f"Probabilités « {probs} » manquantes ou hors de ]0, 1] "
                    "(selection probabilities must lie in (0, 1])."
                )
            return 1.0 / p
        w = np.ones(self.columns.n)
        for stage in self.stages:
            if stage.popsize is not None:
                w = w * (stage.popsize / stage.n_psu)[stage.stratum]
        return w

    # -- derived designs -------------------------------------------------------------------
    def _derive(self, **changes: Any) -> Design:
        new = copy.copy(self)
        for key, value in changes.items():
            setattr(new, key, value)
        return new

    def subset(self, mask: Any) -> Design:
        """A domain: the rows outside ``mask`` leave the estimates, not the design (as R)."""
        keep = as_mask(self, mask)
        domain = keep if self.domain is None else (self.domain & keep)
        return self._derive(domain=domain)

    def with_weights(self, weights: FloatArray, adjustment: Any, report: WeightingReport) -> Design:
        return self._derive(
            weights=weights, adjustments=(*self.adjustments, adjustment), report=report
        )

    def with_report(self, report: WeightingReport) -> Design:
        """The same design with another weighting report (e.g. one noting a fallback)."""
        return self._derive(report=report)

    # -- summaries ------------------------------------------------------------------------
    @property
    def in_domain(self) -> BoolArray:
        return np.ones(self.columns.n, dtype=bool) if self.domain is None else self.domain

    @property
    def n(self) -> int:
        """Unweighted number of rows in the domain."""
        return int(self.in_domain.sum())

    def degf(self, rows: BoolArray | None = None) -> int:
        """Degrees of freedom: PSUs minus strata among the rows used (R's ``degf``)."""
        use = self.in_domain if rows is None else rows
        first = self.stages[0]
        psus = np.count_nonzero(np.bincount(first.cluster[use], minlength=1))
        strata = np.count_nonzero(np.bincount(first.stratum[use], minlength=1))
        return int(psus - strata)

    @property
    def effective_n(self) -> float:
        w = self.weights[self.in_domain]
        return float(w.sum() ** 2 / (w**2).sum())

    @property
    def kish_deff(self) -> float:
        return self.n / self.effective_n

    @property
    def data(self) -> Any:
        return self.columns.data

    def __repr__(self) -> str:
        stages = len(self.stages)
        return (
            f"Design(n={self.n}, stages={stages}, strata={self.has_strata}, "
            f"adjustments={len(self.adjustments)}, lonely_psu={self.lonely_psu!r})"
        )


def validate_weights(w: FloatArray, name: str) -> FloatArray:
    bad_nan = int(np.isnan(w).sum())
    if bad_nan:
        raise WeightError(
            f"Poids « {name} » manquants (NaN) sur {bad_nan} lignes (weights contain NaN)."
        )
    if np.isinf(w).any():
        raise WeightError(f"Poids « {name} » infinis (weights contain infinity).")
    bad = int((w <= 0).sum())
    if bad:
        raise WeightError(
            f"Poids « {name} » nuls ou négatifs sur {bad} lignes "
            "(weights must be strictly positive)."
        )
    return w.astype(np.float64, copy=True)


def check_lonely(stages: tuple[Stage, ...]) -> None:
    """Strata with one PSU at a stage whose variance is computed (later stages need an fpc)."""
    for number, stage in enumerate(stages, start=1):
        if number > 1 and stages[number - 2].popsize is None:
            return
        lonely = np.flatnonzero(stage.n_psu == 1)
        certain = stage.sampling_fraction[lonely] >= 1 - 1e-7
        lonely = lonely[~certain]
        if lonely.size:
            raise LonelyPSUError(
                f"{lonely.size} strate(s) à l'étape {number} n'ont qu'une seule unité primaire "
                f"(stratum has only one PSU at stage {number}); la variance n'est pas définie. "
                "Choisissez lonely_psu='certainty', 'average' ou 'adjust' dans Design(...)."
            )


def as_mask(design: Design, mask: Any) -> BoolArray:
    """A boolean row mask from a column name, an array or a pandas/polars series."""
    if isinstance(mask, pl.Expr):
        data = design.columns.data
        frame = (
            data
            if isinstance(data, pl.DataFrame)
            else pl.DataFrame([pl.Series(n, design.columns.raw(n)) for n in design.columns.names])
        )
        values: npt.NDArray[Any] = np.asarray(frame.select(mask).to_series().to_numpy())
    elif isinstance(mask, str):
        values = design.columns.raw(mask)
    elif isinstance(mask, pl.Series | pd.Series):
        values = np.asarray(mask.to_numpy())
    else:
        values = np.asarray(mask)
    if values.shape != (design.columns.n,):
        raise StatsError(
            f"Le masque doit avoir une valeur par ligne ({design.columns.n}), reçu {values.shape} "
            "(mask must have one value per row)."
        )
    if values.dtype.kind == "f":
        return np.asarray(np.nan_to_num(values, nan=0.0) != 0, dtype=bool)
    if values.dtype.kind == "O":
        present = ~np.asarray(pd.isna(values), dtype=bool)
        out = np.zeros(values.shape, dtype=bool)
        out[present] = values[present].astype(bool)
        return out
    return values.astype(bool)
