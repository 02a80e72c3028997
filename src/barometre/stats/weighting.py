"""Weighting to known population figures: post-stratification, raking, calibration.

Each verb returns a new design whose weights hit the targets and whose variance uses the
residuals on the weighting variables (R's ``postStratify``, ``rake`` and ``calibrate``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from barometre.stats._columns import FloatArray, IntArray, combine
from barometre.stats.adjustments import PostStratification, Raking
from barometre.stats.design import Design, WeightingReport
from barometre.stats.errors import CalibrationError, MissingValuesError, UnreachableMarginsError

MAX_MISFIT = 1e-2  # default: a raked margin level may miss its target by at most 1 %


def _report(method: str, weights: FloatArray, iterations: int, misfit: float) -> WeightingReport:
    n = weights.size
    effective = float(weights.sum() ** 2 / (weights**2).sum())
    return WeightingReport(method, iterations, misfit, n, effective, n / effective)


def iterations(count: int) -> str:
    """« 1 itération », « 50 itérations »."""
    return f"{count} itération" if count < 2 else f"{count} itérations"  # noqa: PLR2004


def _label(value: Any) -> str:
    """Levels and target keys match by their text (1, 1.0 and "1" are the same level)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_mapping(population: Any, names: list[str]) -> Mapping[Any, float]:
    """Targets as ``{level: count}``; a data frame with the level columns and ``Freq`` (as R)."""
    if isinstance(population, pd.DataFrame | pl.DataFrame):
        frame = (
            population
            if isinstance(population, pd.DataFrame)
            else pd.DataFrame(population.to_dict(as_series=False))
        )
        if "Freq" not in frame.columns or not set(names) <= set(frame.columns):
            raise CalibrationError(
                f"Les cibles doivent avoir les colonnes {names} et « Freq » (R's population table)."
            )
        keys = zip(*(frame[n].tolist() for n in names), strict=True)
        return {
            k if len(names) > 1 else k[0]: float(v)
            for k, v in zip(keys, frame["Freq"], strict=True)
        }
    if not isinstance(population, Mapping):
        raise CalibrationError("Les cibles doivent être un dictionnaire {niveau: effectif}.")
    return population


def _key(level: Any) -> Any:
    return level[0] if isinstance(level, tuple) and len(level) == 1 else level


def margin_codes(
    design: Design, columns: str | Sequence[str], population: Any
) -> tuple[IntArray, FloatArray]:
    """Row codes of the margin's levels and the population count of each level."""
    names = [columns] if isinstance(columns, str) else list(columns)
    population = _as_mapping(population, names)
    factor = combine([design.columns.factor(c) for c in names])
    label = " × ".join(names)
    if factor.missing.any():
        raise MissingValuesError(
            f"Valeurs manquantes dans la variable de pondération « {label} » "
            f"(missing values in a weighting variable): {int(factor.missing.sum())} lignes."
        )
    lookup = {_label(k): float(v) for k, v in population.items()}
    labels = [_label(_key(level)) for level in factor.levels]
    absent = [lv for lv, label in zip(factor.levels, labels, strict=True) if label not in lookup]
    if absent:
        raise CalibrationError(
            f"Le niveau {_key(absent[0])!r} de « {label} » est présent dans l'échantillon mais "
            "absent des cibles de population (sample level missing from the targets)."
        )
    targets = np.asarray([lookup[label] for label in labels], dtype=np.float64)
    known = set(labels)
    unmatched = [k for k in population if _label(k) not in known and float(population[k]) > 0]
    if unmatched:
        raise CalibrationError(
            f"Niveau(x) {unmatched!r} de « {label} » sans aucun répondant "
            "(margin level with no respondent): impossible de pondérer; regroupez les niveaux."
        )
    if (targets < 0).any() or np.isnan(targets).any():
        raise CalibrationError(f"Cibles négatives ou manquantes pour « {label} » (bad targets).")
    return factor.codes, targets


def poststratify(design: Design, strata: str | Sequence[str], population: Any) -> Design:
    """Post-stratify: weights scaled so that each post-stratum sums to its population count.

    ``population``: ``{level: count}`` (tuples of levels for several columns) or an R-style
    table with the ``strata`` columns and ``Freq``.
    """
    codes, targets = margin_codes(design, strata, population)
    old = design.weights
    sample = np.bincount(codes, weights=old, minlength=targets.size)
    new = old * (targets / sample)[codes]
    adjustment = PostStratification(codes, targets.size, old, new)
    return design.with_weights(new, adjustment, _report("poststratify", new, 1, 0.0))


def _check_consistent(targets: list[FloatArray], names: list[str], tolerance: float) -> None:
    sums = [float(t.sum()) for t in targets]
    if max(sums) - min(sums) > tolerance * max(sums):
        detail = ", ".join(f"{n} = {s:g}" for n, s in zip(names, sums, strict=True))
        raise CalibrationError(
            "Les marges cibles se contredisent : leurs totaux diffèrent "
            f"(targets contradict each other): {detail}."
        )


def rake(
    design: Design,
    margins: Mapping[str | tuple[str, ...], Any],
    *,
    epsilon: float = 1e-6,
    max_iter: int = 50,
    max_misfit: float = MAX_MISFIT,
) -> Design:
    """Iterative proportional fitting to several margins (R's ``rake``).

    ``margins`` maps a column (or a tuple of columns, for a joint margin) to its population
    counts: ``{level: count}`` or an R-style table with a ``Freq`` column. Converged when no
    cell of the cross-table of the margin variables moves by more than ``epsilon`` × the sum
    of the weights between two sweeps (``epsilon >= 1``: an absolute count, as R's default 1).
    Then every margin level must be within ``max_misfit`` (relative) of its target: when the
    sample's cross-coverage of the margins cannot meet them all, the sweeps settle into a
    cycle that "converges" with margins far off, and ``UnreachableMarginsError`` is raised.
    """
    names = list(margins)
    coded = [margin_codes(design, name, margins[name]) for name in names]
    labels = [name if isinstance(name, str) else " × ".join(name) for name in names]
    _check_consistent([t for _, t in coded], labels, 1e-6)
    columns = [c for name in names for c in ([name] if isinstance(name, str) else name)]
    joint = combine([design.columns.factor(c) for c in dict.fromkeys(columns)]).codes
    tolerance = epsilon * float(design.weights.sum()) if epsilon < 1 else epsilon
    w, passes, iteration, _ = _ipf(design.weights, coded, joint, (tolerance, max_iter))
    misfit = _check_margins(w, coded, labels, max_misfit)
    margins_info = tuple(
        (codes, targets.size, psw) for (codes, targets), psw in zip(coded, passes, strict=True)
    )
    return design.with_weights(w, Raking(margins_info), _report("rake", w, iteration, misfit))


def _check_margins(
    w: FloatArray, coded: list[tuple[IntArray, FloatArray]], labels: list[str], max_misfit: float
) -> float:
    """The largest relative gap between achieved margins and targets; raises above the limit."""
    worst, where = 0.0, ""
    for (codes, targets), label in zip(coded, labels, strict=True):
        achieved = np.bincount(codes, weights=w, minlength=targets.size)
        gaps = np.abs(achieved - targets) / np.where(targets > 0, targets, 1.0)
        j = int(np.argmax(gaps))
        if gaps[j] > worst:
            worst, where = (
                float(gaps[j]),
                f"« {label} » (cible {targets[j]:g}, atteint {achieved[j]:g})",
            )
    if not worst <= max_misfit:
        raise UnreachableMarginsError(
            f"Le raking ne peut pas atteindre toutes les marges (margins cannot all be met): "
            f"écart relatif {worst:.3g} sur {where}, au-delà de la tolérance {max_misfit:g}. "
            "L'échantillon ne couvre pas conjointement les niveaux des marges; "
            "regroupez des niveaux ou retirez une marge."
        )
    return worst


def _ipf(
    weights: FloatArray,
    coded: list[tuple[IntArray, FloatArray]],
    joint: IntArray,
    control: tuple[float, int],
) -> tuple[FloatArray, list[FloatArray], int, float]:
    """Sweeps of post-stratification on each margin until the joint table stops moving."""
    tolerance, max_iter = control
    n_cells = int(joint.max()) + 1
    w = weights.copy()
    table = np.bincount(joint, weights=w, minlength=n_cells)
    delta = float("inf")
    for iteration in range(1, max_iter + 1):
        passes = []
        for codes, targets in coded:
            w = w * (targets / np.bincount(codes, weights=w, minlength=targets.size))[codes]
            passes.append(w)
        new_table = np.bincount(joint, weights=w, minlength=n_cells)
        delta = float(np.abs(new_table - table).max())
        table = new_table
        if delta < tolerance:
            return w, passes, iteration, delta
    raise CalibrationError(
        f"Le calage (raking) n'a pas convergé en {iterations(max_iter)} "
        f"(raking did not converge); écart restant {delta:.3g}. Vérifiez les marges "
        "ou augmentez max_iter."
    )
