"""Calibration to population totals (R's ``calibrate``): linear (GREG), raking, logit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import polars as pl

from barometre.stats._columns import FloatArray
from barometre.stats.adjustments import Calibration
from barometre.stats.design import Design
from barometre.stats.errors import CalibrationError, MissingValuesError
from barometre.stats.weighting import _report, iterations, margin_codes

Method = Literal["linear", "raking", "logit"]
INTERCEPT = "(Intercept)"
Options = tuple[float, float, float, int]  # lo, hi, epsilon, max_iter
Bounds = tuple[float, float]
CalFun = Callable[[FloatArray, float, float], tuple[FloatArray, FloatArray]]


def _linear(u: FloatArray, lo: float, hi: float) -> tuple[FloatArray, FloatArray]:
    g = np.clip(1.0 + u, lo, hi)
    return g, ((u + 1 > lo) & (u + 1 < hi)).astype(np.float64)


def _raking(u: FloatArray, lo: float, hi: float) -> tuple[FloatArray, FloatArray]:
    del lo, hi
    g = np.exp(u)
    return g, g


def _logit(u: FloatArray, lo: float, hi: float) -> tuple[FloatArray, FloatArray]:
    if not (np.isfinite(lo) and np.isfinite(hi)) or not lo < 1 < hi:
        raise CalibrationError(
            "La calibration logit exige des bornes finies lo < 1 < hi "
            "(logit calibration requires finite bounds around 1)."
        )
    a = (hi - lo) / ((1 - lo) * (hi - 1))
    e = np.exp(np.clip(a * u, -700, 700))
    den = (hi - 1) + (1 - lo) * e
    g = (lo * (hi - 1) + hi * (1 - lo) * e) / den
    return g, e * (hi - lo) ** 2 / den**2


CALFUNS: dict[str, CalFun] = {"linear": _linear, "raking": _raking, "logit": _logit}


def model_matrix(
    design: Design, totals: Mapping[Any, Any]
) -> tuple[FloatArray, FloatArray, list[str]]:
    """Columns of the calibration model and their population totals, R-style (treatment)."""
    cols: list[FloatArray] = []
    targets: list[float] = []
    names: list[str] = []
    n = design.columns.n
    intercept = totals.get(INTERCEPT)
    categorical = [k for k, v in totals.items() if _is_margin(v)]
    sizes: list[tuple[str, float]] = []
    if intercept is not None:
        sizes.append((INTERCEPT, float(intercept)))
    for key in categorical:
        codes, level_targets = margin_codes(design, key, totals[key])
        sizes.append((key, float(level_targets.sum())))
        for j in range(1, level_targets.size):
            cols.append((codes == j).astype(np.float64))
            targets.append(float(level_targets[j]))
            names.append(f"{key}[{j}]")
    _check_sizes(sizes)
    if sizes:
        cols.insert(0, np.ones(n))
        targets.insert(0, sizes[0][1])
        names.insert(0, INTERCEPT)
    for key, value in totals.items():
        if key == INTERCEPT or _is_margin(value):
            continue
        col, target = _numeric_or_dummy(design, key, value)
        cols.append(col)
        targets.append(target)
        names.append(key)
    if not cols:
        raise CalibrationError("Aucune cible de calibration (no calibration totals given).")
    return np.column_stack(cols), np.asarray(targets), names


def _is_margin(value: Any) -> bool:
    return isinstance(value, Mapping | pd.DataFrame | pl.DataFrame)


def _check_sizes(sizes: list[tuple[str, float]]) -> None:
    if len(sizes) <= 1:
        return
    values = [s for _, s in sizes]
    if max(values) - min(values) > 1e-6 * max(values):
        detail = ", ".join(f"{k} = {s:g}" for k, s in sizes)
        raise CalibrationError(
            "Les cibles se contredisent : tailles de population différentes "
            f"(targets contradict each other): {detail}."
        )


def _numeric_or_dummy(design: Design, key: str, value: Any) -> tuple[FloatArray, float]:
    """A numeric column, or an R-style dummy name such as ``stypeH``."""
    if key in design.columns.names:
        x = design.columns.numeric(key)
        if np.isnan(x).any():
            raise MissingValuesError(
                f"Valeurs manquantes dans la variable de calibration « {key} » (missing values)."
            )
        return x, float(value)
    for name in design.columns.names:
        if key.startswith(name) and not design.columns.is_numeric(name):
            factor = design.columns.factor(name)
            for j, level in enumerate(factor.levels):
                if f"{name}{level}" == key:
                    return (factor.codes == j).astype(np.float64), float(value)
    design.columns.require(key)
    raise AssertionError  # pragma: no cover - require() raised


def _newton(
    model: tuple[FloatArray, FloatArray],
    w: FloatArray,
    targets: FloatArray,
    calfun: CalFun,
    options: Options,
) -> tuple[FloatArray, int, float]:
    """Deville–Särndal Newton iterations (R's grake); ``sigma2`` is the working variance."""
    x, sigma2 = model
    scaled = x / sigma2[:, None]
    lo, hi, epsilon, max_iter = options
    eta = np.zeros(x.shape[1])
    g, d = calfun(scaled @ eta, lo, hi)
    misfit = targets - x.T @ (w * g)
    for iteration in range(1, max_iter + 1):
        step = np.linalg.pinv(x.T @ (scaled * (w * d)[:, None])) @ misfit
        eta, g, d = _halve_until_finite(scaled, (eta, step), calfun, (lo, hi))
        misfit = targets - x.T @ (w * g)
        achieved = float(np.max(np.abs(misfit) / (1 + np.abs(targets))))
        if achieved < epsilon:
            return g, iteration, achieved
    raise CalibrationError(
        f"La calibration n'a pas convergé en {iterations(max_iter)} (calibration did not "
        f"converge), écart relatif {achieved:.3g}; élargissez les bornes ou regroupez des niveaux."
    )


def _halve_until_finite(
    x: FloatArray, eta_step: tuple[FloatArray, FloatArray], calfun: CalFun, bounds: Bounds
) -> tuple[FloatArray, FloatArray, FloatArray]:
    eta, step = eta_step
    lo, hi = bounds
    for _ in range(50):
        g, d = calfun(x @ (eta + step), lo, hi)
        if np.isfinite(g).all() and np.isfinite(d).all():
            return eta + step, g, d
        step = step / 2
    raise CalibrationError("La calibration diverge (calibration diverged).")


def calibrate(
    design: Design,
    totals: Mapping[Any, Any],
    method: Method = "linear",
    bounds: tuple[float, float] | None = None,
    *,
    variance: Sequence[float] | None = None,
    epsilon: float = 1e-7,
    max_iter: int = 50,
) -> Design:
    """Calibrate the weights to population ``totals``.

    ``totals`` maps ``"(Intercept)"`` to the population size, a numeric column to its total,
    a categorical column to ``{level: count}``, or an R-style dummy name (``"stypeH"``) to a
    count. ``bounds=(lo, hi)`` limits g = new / old weight. ``variance`` (linear only, as R):
    coefficients of the working variance on the model columns, e.g. ``[1]`` with the single
    total ``{"enroll": T}`` gives the ratio estimator.
    """
    if method not in CALFUNS:
        raise CalibrationError(f"Méthode de calibration inconnue « {method} » (unknown method).")
    x, targets, _ = model_matrix(design, totals)
    sigma2 = _working_variance(x, variance, method)
    lo, hi = bounds if bounds is not None else (-np.inf, np.inf)
    old = design.weights
    options = (lo, hi, epsilon, max_iter)
    g, iterations, achieved = _newton((x, sigma2), old, targets, CALFUNS[method], options)
    if bounds is not None and ((g < lo - 1e-8).any() or (g > hi + 1e-8).any()):
        raise CalibrationError(
            f"Bornes de calibration non respectées (calibration bounds not satisfied): "
            f"g dans [{g.min():.4g}, {g.max():.4g}] pour [{lo}, {hi}]."
        )
    if (g <= 0).any():
        raise CalibrationError(
            "La calibration produit des poids nuls ou négatifs (non-positive weights); "
            "utilisez method='raking' ou 'logit', ou des bornes."
        )
    new = old * g
    report = _report(f"calibrate:{method}", new, iterations, achieved)
    return design.with_weights(new, Calibration(x, old, g, np.sqrt(sigma2)), report)


def _working_variance(x: FloatArray, variance: Sequence[float] | None, method: str) -> FloatArray:
    if variance is None:
        ones = np.ones(x.shape[0])
        beta, *_ = np.linalg.lstsq(x, ones, rcond=None)
        if np.abs(ones - x @ beta).max() > 1e-7:  # noqa: PLR2004 - R's tolerance
            raise CalibrationError(
                "Un modèle de calage à variance constante doit avoir une constante : ajoutez "
                "« (Intercept) » ou une variable qualitative, ou donnez variance= "
                "(calibration models with constant variance must have an intercept)."
            )
        return ones
    if method != "linear":
        raise CalibrationError("variance= ne s'utilise qu'avec method='linear' (linear only).")
    coefficients = np.asarray(variance, dtype=np.float64)
    if coefficients.shape != (x.shape[1],):
        raise CalibrationError(
            f"variance= doit avoir un coefficient par colonne du modèle ({x.shape[1]})."
        )
    sigma2 = x @ coefficients
    if (sigma2 <= 0).any():
        raise CalibrationError("La variance de travail doit être > 0 (working variance ≤ 0).")
    return np.asarray(sigma2, dtype=np.float64)
