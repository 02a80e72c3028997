"""Representativeness of the response during collection: R-indicator and partial R-indicators.

The definitions are those of the RISQ project (Schouten, Cobben & Bethlehem 2009, *Survey
Methodology* 35(1); Schouten, Shlomo & Skinner 2011, *Journal of Official Statistics* 27(2)),
for a frame observed in full (every frame unit is a potential respondent, design weight 1):

- response propensities ρ̂ from a logistic regression of « responded » on the main effects of
  the auxiliary variables (categorical: one indicator per category), fitted by maximum
  likelihood on the cells of their cross-classification (binomial counts, exact same fit as on
  the units). A category where no unit (or every unit) responded has ρ̂ = 0 (or 1): the limit
  of the likelihood's maximum, whose coefficient is infinite; those units are set aside and the
  model is fitted on the others (again, until no such category is left);
- R = 1 − 2·S(ρ̂), S²(ρ̂) = Σ (ρ̂ᵢ − ρ̄)² / (N − 1);
- unconditional partial indicators: P_u(Z) = S_B(ρ̂ | Z) = √(Σ_k N_k (ρ̄_k − ρ̄)² / (N − 1)),
  and per category, signed, P_u(Z, k) = √(N_k / N) · (ρ̄_k − ρ̄) (negative: under-represented);
- conditional partial indicators: P_c(Z) = S_W(ρ̂ | X⁻) = √(Σᵢ (ρ̂ᵢ − ρ̄_{X⁻(i)})² / (N − 1)),
  the variation left within the cells of the other variables X⁻, and per category
  P_c(Z, k) = √(Σ_{i ∈ k} (ρ̂ᵢ − ρ̄_{X⁻(i)})² / (N − 1)) (unsigned).

The standard error of R is the first-order (delta-method) approximation of the variance that
comes from estimating the model, var(Ŝ²) ≈ gᵀ V g with g = ∂S²/∂β and V = (Xᵀ W X)⁻ the
inverse information of the logistic fit; se(R) = √(gᵀ V g) / S. With the whole frame observed
there is no sampling term. It is not defined when every propensity is equal (S = 0).

Pure: numpy only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from barometre.stats.errors import StatsError

Z95 = 1.959963984540054
MAX_ITERATIONS = 200
TOLERANCE = 1e-12
#: The linear predictor's bound while fitting (R: binomial()$linkinv, 1 − 2.2e-16 beyond it).
LINK_BOUND = 30.0
#: Singular values below this share of the largest are taken as zero (a singular information).
SINGULAR_CUTOFF = 1e-10

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class RepresentativenessError(StatsError):
    """R-indicators that cannot be computed: the message says why, in French."""

    code = "representativeness"


@dataclass(frozen=True, slots=True)
class Cells:
    """The cross-classification of the auxiliary variables, as counts.

    ``codes[c, j]`` is the category index of cell ``c`` on variable ``j`` (into
    ``categories[j]``); ``units`` and ``respondents`` are the cell's frame units and respondents.
    """

    variables: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    codes: IntArray
    units: FloatArray
    respondents: FloatArray

    def key(self, cell: int) -> tuple[str, ...]:
        return tuple(
            self.categories[j][int(self.codes[cell, j])] for j in range(len(self.variables))
        )


def cells_of(variables: Mapping[str, Sequence[str]], responded: Sequence[bool]) -> Cells:
    """Count units and respondents per cell; ``variables`` maps a name to each unit's category."""
    names = tuple(variables)
    count = len(responded)
    if not names:
        raise RepresentativenessError("Aucune variable auxiliaire : rien à comparer.")
    if any(len(values) != count for values in variables.values()):
        raise RepresentativenessError(
            "Chaque variable auxiliaire doit donner une modalité par collectivité du référentiel."
        )
    if count == 0:
        raise RepresentativenessError(
            "Aucune collectivité du référentiel dans ce périmètre : l'indicateur n'a pas de base."
        )
    categories: list[tuple[str, ...]] = []
    combined = np.zeros(count, dtype=np.int64)
    for name in names:
        values = variables[name]
        levels = sorted(set(values))
        index = {level: k for k, level in enumerate(levels)}
        codes = np.fromiter((index[value] for value in values), dtype=np.int64, count=count)
        categories.append(tuple(str(level) for level in levels))
        combined = combined * len(levels) + codes
    keys, cell_of_unit = np.unique(combined, return_inverse=True)
    cell_codes = np.zeros((len(keys), len(names)), dtype=np.int64)
    rest = keys.copy()
    for j in range(len(names) - 1, -1, -1):
        cell_codes[:, j] = rest % len(categories[j])
        rest //= len(categories[j])
    flags = np.asarray(responded, dtype=np.float64)
    return Cells(
        variables=names,
        categories=tuple(categories),
        codes=cell_codes,
        units=np.bincount(cell_of_unit, minlength=len(keys)).astype(np.float64),
        respondents=np.bincount(cell_of_unit, weights=flags, minlength=len(keys)).astype(
            np.float64
        ),
    )


def cells_from_counts(
    variables: Sequence[str],
    keys: Sequence[tuple[str, ...]],
    units: Sequence[int],
    respondents: Sequence[int],
) -> Cells:
    """Cells already counted: each key gives the cell's category on every variable, in order."""
    if not variables:
        raise RepresentativenessError("Aucune variable auxiliaire : rien à comparer.")
    if not keys or sum(units) == 0:
        raise RepresentativenessError(
            "Aucune collectivité du référentiel dans ce périmètre : l'indicateur n'a pas de base."
        )
    categories = tuple(tuple(sorted({key[j] for key in keys})) for j in range(len(variables)))
    index = [{level: k for k, level in enumerate(levels)} for levels in categories]
    codes = np.array(
        [[index[j][key[j]] for j in range(len(variables))] for key in keys], dtype=np.int64
    )
    return Cells(
        variables=tuple(variables),
        categories=categories,
        codes=codes,
        units=np.asarray(units, dtype=np.float64),
        respondents=np.asarray(respondents, dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class Fit:
    """The propensity of each cell, and what the standard error needs (free cells only)."""

    propensity: FloatArray
    free: npt.NDArray[np.bool_]
    design: FloatArray
    covariance: FloatArray
    beta: FloatArray


def fit_propensities(
    cells: Cells, respondents: FloatArray | None = None, start: Fit | None = None
) -> Fit:
    """Main-effects logistic regression on the cells (binomial counts), fixed categories aside.

    ``start`` (an earlier fit of the same cells) starts Newton–Raphson from its coefficients
    when the same cells are free: the ranking of reminders refits once per cell.
    """
    responded = cells.respondents if respondents is None else respondents
    propensity = np.zeros(len(cells.units))
    free = cells.units > 0
    changed = True
    while changed:  # a category empty (or full) among the free cells is fixed at 0 (or 1)
        changed = False
        for j, levels in enumerate(cells.categories):
            codes = cells.codes[:, j]
            total = np.bincount(codes, weights=cells.units * free, minlength=len(levels))
            got = np.bincount(codes, weights=responded * free, minlength=len(levels))
            fixed = (total > 0) & ((got == 0) | (got == total))
            if fixed.any():
                members = free & fixed[codes]
                propensity[members] = (got[codes] > 0)[members].astype(np.float64)
                free &= ~members
                changed = True
    same = start is not None and bool(np.array_equal(start.free, free))
    wanted = start is None  # a warm start is a refit for R alone: no covariance
    design = start.design if same and start is not None else _design(cells, free)
    covariance = np.zeros((design.shape[1], design.shape[1]))
    beta = np.zeros(design.shape[1])
    if free.any():
        propensity[free], covariance, beta = _logistic(
            design,
            responded[free],
            cells.units[free],
            start.beta if same and start is not None else None,
            covariance=wanted,
        )
    return Fit(propensity, free, design, covariance, beta)


def _design(cells: Cells, free: npt.NDArray[np.bool_]) -> FloatArray:
    """Intercept and one indicator per category of each variable (free cells' rows), keeping
    only columns independent of the previous ones (a type is the sum of its strata)."""
    columns = [np.ones(int(free.sum()))]
    for j in range(len(cells.variables)):
        present = np.unique(cells.codes[free, j])
        for k in present[1:]:
            column = (cells.codes[free, j] == k).astype(np.float64)
            candidate = np.column_stack([*columns, column])
            if np.linalg.matrix_rank(candidate) == candidate.shape[1]:
                columns.append(column)
    return np.column_stack(columns)


def _logistic(
    x: FloatArray,
    successes: FloatArray,
    trials: FloatArray,
    start: FloatArray | None,
    *,
    covariance: bool = True,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Newton–Raphson (IRLS) on binomial counts, with step halving."""
    if start is not None:
        beta = start.copy()
    else:
        beta = np.zeros(x.shape[1])
        rate = successes.sum() / trials.sum()
        beta[0] = np.log(rate / (1 - rate))
    p = _fitted(x, beta)
    deviance = _deviance(successes, trials, p)
    for _iteration in range(MAX_ITERATIONS):
        weights = trials * p * (1 - p)
        information = x.T @ (weights[:, None] * x)
        step = _newton_step(information, x.T @ (successes - trials * p))
        if not np.isfinite(step).all():
            break
        for _halving in range(40):  # step halving, as R's glm.fit does when deviance grows
            p = _fitted(x, beta + step)
            new = _deviance(successes, trials, p)
            if np.isfinite(new) and new <= deviance * (1 + TOLERANCE) + TOLERANCE:
                break
            step = step / 2
        if not np.isfinite(new):
            break
        beta = beta + step
        if abs(deviance - new) <= TOLERANCE * (1 + abs(new)):
            if not covariance:
                return p, np.zeros((x.shape[1], x.shape[1])), beta
            weights = trials * p * (1 - p)
            return p, _inverse(x.T @ (weights[:, None] * x)), beta
        deviance = new
    raise RepresentativenessError(
        "Le modèle des probabilités de réponse ne converge pas : l'indicateur n'est pas calculé."
    )


def _fitted(x: FloatArray, beta: FloatArray) -> FloatArray:
    """The fitted propensities, the linear predictor held within ±30 as R's binomial family
    does (its ``linkinv``): a cell whose propensity tends to 0 or 1 stops moving there."""
    return _expit(np.clip(x @ beta, -LINK_BOUND, LINK_BOUND))


def _newton_step(information: FloatArray, gradient: FloatArray) -> FloatArray:
    """The Newton step; the minimum-norm one when the information is singular, as it becomes
    when some cells' fitted propensities tend to 0 or 1 (quasi-separation: the likelihood's
    maximum is at infinity along a direction, and the fitted propensities converge to it)."""
    try:
        return np.asarray(np.linalg.solve(information, gradient), dtype=np.float64)
    except np.linalg.LinAlgError:
        step = np.linalg.lstsq(information, gradient, rcond=SINGULAR_CUTOFF)[0]
        return np.asarray(step, dtype=np.float64)


def _inverse(information: FloatArray) -> FloatArray:
    """(Xᵀ W X)⁻¹, or its Moore–Penrose pseudo-inverse when singular (see ``_newton_step``)."""
    try:
        return np.asarray(np.linalg.inv(information), dtype=np.float64)
    except np.linalg.LinAlgError:
        return np.asarray(np.linalg.pinv(information, rcond=SINGULAR_CUTOFF), dtype=np.float64)


def _expit(eta: FloatArray) -> FloatArray:
    """1 / (1 + e^−η) without overflow."""
    return np.exp(-np.logaddexp(0.0, -eta))


def _deviance(successes: FloatArray, trials: FloatArray, p: FloatArray) -> float:
    eps = 1e-300
    value = successes * np.log(np.maximum(p, eps)) + (trials - successes) * np.log(
        np.maximum(1 - p, eps)
    )
    return float(-2 * value.sum())


@dataclass(frozen=True, slots=True)
class RIndicator:
    """R, its standard error and 95 % interval (``None`` when not defined: ``note`` says why)."""

    value: float
    se: float | None
    low: float | None
    high: float | None
    note: str


@dataclass(frozen=True, slots=True)
class CategoryIndicator:
    variable: str
    category: str
    units: int
    respondents: int
    propensity: float  # mean propensity ρ̄_k (the response rate of the category)
    unconditional: float  # signed: negative means under-represented
    conditional: float


@dataclass(frozen=True, slots=True)
class VariableIndicator:
    variable: str
    unconditional: float
    conditional: float
    categories: tuple[CategoryIndicator, ...]


@dataclass(frozen=True, slots=True)
class Representativeness:
    units: int
    respondents: int
    mean_propensity: float
    r: RIndicator
    max_bias: float  # (1 − R) / (2 ρ̄): RISQ's maximal absolute standardised bias
    variables: tuple[VariableIndicator, ...]
    cells: Cells
    fit: Fit  # ``fit.propensity`` per cell of ``cells``


def representativeness(
    variables: Mapping[str, Sequence[str]], responded: Sequence[bool]
) -> Representativeness:
    """R-indicator and partial R-indicators of the respondents against the whole frame."""
    return from_cells(cells_of(variables, responded))


def from_cells(cells: Cells, respondents: FloatArray | None = None) -> Representativeness:
    got = cells.respondents if respondents is None else respondents
    total, answered = float(cells.units.sum()), float(got.sum())
    if answered == 0:
        raise RepresentativenessError(
            "Aucune collectivité n'a encore répondu : on ne peut pas comparer les répondants "
            "au référentiel."
        )
    fit = fit_propensities(cells, got)
    rho, mean = fit.propensity, float((cells.units * fit.propensity).sum() / total)
    spread = float(np.sqrt(_sum_squares(cells.units, rho - mean) / max(total - 1, 1)))
    r = _r_indicator(cells, fit, mean, spread, total)
    return Representativeness(
        units=int(total),
        respondents=int(answered),
        mean_propensity=mean,
        r=r,
        max_bias=(1 - r.value) / (2 * mean),
        variables=tuple(_variable(cells, got, rho, mean, j) for j in range(len(cells.variables))),
        cells=cells,
        fit=fit,
    )


def r_value(cells: Cells, respondents: FloatArray, start: Fit | None = None) -> float:
    """R alone (no interval, no partial indicators): for the gains of the reminder ranking."""
    rho = fit_propensities(cells, respondents, start).propensity
    total = float(cells.units.sum())
    mean = float((cells.units * rho).sum() / total)
    return 1 - 2 * float(np.sqrt(_sum_squares(cells.units, rho - mean) / max(total - 1, 1)))


def gains(result: Representativeness, extra: Mapping[int, int]) -> dict[int, float]:
    """R if ``extra[c]`` more units of cell ``c`` answered (at most its units), cell by cell."""
    cells = result.cells
    after = {}
    for cell, more in extra.items():
        got = cells.respondents.copy()
        got[cell] = min(got[cell] + more, cells.units[cell])
        after[cell] = r_value(cells, got, result.fit)
    return after


def _sum_squares(weights: FloatArray, deviations: FloatArray) -> float:
    return float((weights * deviations**2).sum())


def _r_indicator(cells: Cells, fit: Fit, mean: float, spread: float, total: float) -> RIndicator:
    value = 1 - 2 * spread
    if spread == 0:
        return RIndicator(
            value,
            None,
            None,
            None,
            "toutes les probabilités de réponse estimées sont égales : l'intervalle (méthode "
            "delta) n'est pas défini",
        )
    free = fit.free
    rho = fit.propensity[free]
    units = cells.units[free]
    gradient = (2 / (total - 1)) * ((units * (rho - mean) * rho * (1 - rho)) @ fit.design)
    variance = max(float(gradient @ fit.covariance @ gradient), 0.0)
    se = float(np.sqrt(variance)) / spread
    low, high = max(value - Z95 * se, 0.0), min(value + Z95 * se, 1.0)
    return RIndicator(value, se, low, high, "")


def _variable(
    cells: Cells, got: FloatArray, rho: FloatArray, mean: float, j: int
) -> VariableIndicator:
    units, total = cells.units, float(cells.units.sum())
    others = [i for i in range(len(cells.variables)) if i != j]
    within = rho - _group_means(cells, rho, others)
    categories = []
    between = 0.0
    for k, category in enumerate(cells.categories[j]):
        members = cells.codes[:, j] == k
        size = float(units[members].sum())
        if size == 0:
            continue
        level = float((units[members] * rho[members]).sum() / size)
        between += size * (level - mean) ** 2
        categories.append(
            CategoryIndicator(
                variable=cells.variables[j],
                category=category,
                units=int(size),
                respondents=int(got[members].sum()),
                propensity=level,
                unconditional=float(np.sqrt(size / total) * (level - mean)),
                conditional=float(
                    np.sqrt(_sum_squares(units[members], within[members]) / max(total - 1, 1))
                ),
            )
        )
    return VariableIndicator(
        variable=cells.variables[j],
        unconditional=float(np.sqrt(between / max(total - 1, 1))),
        conditional=float(np.sqrt(_sum_squares(units, within) / max(total - 1, 1))),
        categories=tuple(categories),
    )


def _group_means(cells: Cells, rho: FloatArray, columns: list[int]) -> FloatArray:
    """Each cell's mean propensity over the cells that share its categories on ``columns``."""
    if not columns:
        total = float(cells.units.sum())
        return np.full(len(rho), float((cells.units * rho).sum() / total))
    _, group = np.unique(cells.codes[:, columns], axis=0, return_inverse=True)
    group = group.reshape(-1)
    sizes = np.bincount(group, weights=cells.units)
    sums = np.bincount(group, weights=cells.units * rho)
    return (sums / np.where(sizes > 0, sizes, 1))[group]


@dataclass(frozen=True, slots=True)
class Coverage:
    """A weighting cell: its frame units and respondents; no respondent, no weight."""

    key: tuple[str, ...]
    units: int
    respondents: int

    @property
    def ratio(self) -> float:
        return self.respondents / self.units if self.units else 0.0

    @property
    def weightable(self) -> bool:
        return self.respondents > 0


def coverage(keys: Sequence[tuple[str, ...]], responded: Sequence[bool]) -> list[Coverage]:
    """Units and respondents per weighting cell (sorted by key)."""
    units: dict[tuple[str, ...], int] = {}
    got: dict[tuple[str, ...], int] = {}
    for key, flag in zip(keys, responded, strict=True):
        units[key] = units.get(key, 0) + 1
        got[key] = got.get(key, 0) + int(bool(flag))
    return [Coverage(key, units[key], got[key]) for key in sorted(units)]


@dataclass(frozen=True, slots=True)
class Projection:
    """Half-width of the 95 % interval of a share if collection stopped now (worst case p = ½).

    ``half_width`` is ``None`` when no respondent; ``uncovered`` counts the frame units in
    strata without any respondent (left out: the weighting cannot reach them).
    """

    respondents: int
    units: int
    uncovered: int
    half_width: float | None


def projected_half_width(
    units: Mapping[str, int], respondents: Mapping[str, int], share: float = 0.5
) -> Projection:
    """Stratified estimator of a share: var = Σ_h W_h² (1 − n_h/N_h) S_h² / n_h, p = ``share``.

    ``units`` and ``respondents`` are counted per post-stratum; S_h² = N_h p (1 − p) / (N_h − 1)
    (sampling without replacement). p = ½ gives the widest interval any share can have.
    """
    covered = {h: n for h, n in units.items() if respondents.get(h, 0) > 0}
    total = sum(covered.values())
    answered = sum(respondents.get(h, 0) for h in covered)
    uncovered = sum(units.values()) - total
    if answered == 0:
        return Projection(0, sum(units.values()), uncovered, None)
    variance = 0.0
    for stratum, size in covered.items():
        n = min(respondents[stratum], size)
        if size <= 1 or n >= size:
            continue
        s2 = size * share * (1 - share) / (size - 1)
        variance += (size / total) ** 2 * (1 - n / size) * s2 / n
    return Projection(answered, sum(units.values()), uncovered, Z95 * float(np.sqrt(variance)))
