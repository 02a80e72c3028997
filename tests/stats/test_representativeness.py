"""R-indicators and partial R-indicators against the RISQ definitions, on hand-computed frames.

Every expected value below is worked out by hand in the comment beside it (Schouten, Shlomo &
Skinner 2011: S² with N − 1, P_u(Z, k) = √(N_k/N)(ρ̄_k − ρ̄)); the logistic fit is checked
against R's ``glm`` on a frame where main effects do not reproduce the cells' rates.
"""

from __future__ import annotations

import math
import shutil
import subprocess

import numpy as np
import pytest

from barometre.stats.representativeness import (
    RepresentativenessError,
    cells_of,
    coverage,
    fit_propensities,
    projected_half_width,
    r_value,
    representativeness,
)


def frame(*cells: tuple[tuple[str, ...], int, int]) -> tuple[dict[str, list[str]], list[bool]]:
    """Units from (categories, units, respondents) cells; variables named a, b, c…"""
    width = len(cells[0][0])
    variables: dict[str, list[str]] = {name: [] for name in "abc"[:width]}
    responded: list[bool] = []
    for categories, units, respondents in cells:
        for i in range(units):
            for name, category in zip(variables, categories, strict=True):
                variables[name].append(category)
            responded.append(i < respondents)
    return variables, responded


def by_name(result: object, variable: str) -> object:
    return next(v for v in result.variables if v.variable == variable)  # type: ignore[attr-defined]


def test_a_single_variable_is_its_own_r_indicator() -> None:
    # a: 4 units, 1 respondent (ρ = 0,25); b: 6 units, 3 respondents (ρ = 0,5); ρ̄ = 0,4.
    # S² = (4 · 0,15² + 6 · 0,1²) / 9 = 0,15 / 9 ; R = 1 − 2 √(0,15/9) = 0,741801…
    result = representativeness(*frame((("a",), 4, 1), (("b",), 6, 3)))
    spread = math.sqrt(0.15 / 9)
    assert result.r.value == pytest.approx(1 - 2 * spread, abs=1e-9)
    assert result.mean_propensity == pytest.approx(0.4)
    variable = by_name(result, "a")
    assert variable.unconditional == pytest.approx(spread, abs=1e-9)  # type: ignore[attr-defined]
    assert variable.conditional == pytest.approx(spread, abs=1e-9)  # type: ignore[attr-defined]
    low, high = variable.categories  # type: ignore[attr-defined]
    assert low.unconditional == pytest.approx(math.sqrt(0.4) * -0.15, abs=1e-9)
    assert high.unconditional == pytest.approx(math.sqrt(0.6) * 0.1, abs=1e-9)
    assert (low.units, low.respondents, low.propensity) == (4, 1, pytest.approx(0.25))
    # maximal standardised bias (1 − R) / (2 ρ̄)
    assert result.max_bias == pytest.approx(2 * spread / 0.8, abs=1e-9)


def test_two_main_effects_decompose_into_between_and_within() -> None:
    # odds 1/4 ×4 for a=1, ×4 for b=1: rates 0,2 / 0,5 / 0,5 / 0,8 (ten units each) fit the
    # main-effects model exactly. ρ̄ = 0,5 ; S² = 10 (0,3² + 0,3²) / 39 ; R = 0,570332…
    result = representativeness(
        *frame((("0", "0"), 10, 2), (("1", "0"), 10, 5), (("0", "1"), 10, 5), (("1", "1"), 10, 8))
    )
    assert result.r.value == pytest.approx(1 - 2 * math.sqrt(1.8 / 39), abs=1e-9)
    a = by_name(result, "a")
    # between: ρ̄_a0 = 0,35, ρ̄_a1 = 0,65 → 40 · 0,15² / 39 ; within b: ±0,15 everywhere
    assert a.unconditional == pytest.approx(math.sqrt(0.9 / 39), abs=1e-9)  # type: ignore[attr-defined]
    assert a.conditional == pytest.approx(math.sqrt(0.9 / 39), abs=1e-9)  # type: ignore[attr-defined]
    under, over = a.categories  # type: ignore[attr-defined]
    assert under.unconditional == pytest.approx(-0.15 * math.sqrt(0.5), abs=1e-9)
    assert over.unconditional == pytest.approx(0.15 * math.sqrt(0.5), abs=1e-9)
    assert under.conditional == pytest.approx(math.sqrt(20 * 0.15**2 / 39), abs=1e-9)
    # S² = S_B² + S_W² for each variable
    s2 = ((1 - result.r.value) / 2) ** 2
    assert a.unconditional**2 + a.conditional**2 == pytest.approx(s2)  # type: ignore[attr-defined]


def test_everyone_answering_alike_gives_one_and_no_partial_indicator() -> None:
    result = representativeness(
        *frame((("x", "p"), 10, 3), (("y", "p"), 20, 6), (("x", "q"), 30, 9), (("y", "q"), 40, 12))
    )
    assert result.r.value == pytest.approx(1.0)
    assert result.r.se is None
    assert "égales" in result.r.note
    for variable in result.variables:
        assert variable.unconditional == pytest.approx(0, abs=1e-12)
        assert variable.conditional == pytest.approx(0, abs=1e-12)
        assert all(abs(c.unconditional) < 1e-12 for c in variable.categories)


def test_a_category_without_respondent_gets_propensity_zero_and_the_rest_is_fitted() -> None:
    # région "r3" has nobody: its units have ρ = 0 (limit of the fit), the others are fitted
    # without it; r1 and r2 keep their rates (saturated on the remaining cells).
    variables, responded = frame((("r1",), 10, 5), (("r2",), 10, 2), (("r3",), 5, 0))
    result = representativeness(variables, responded)
    rates = {c.category: c.propensity for c in result.variables[0].categories}
    assert rates == {"r1": pytest.approx(0.5), "r2": pytest.approx(0.2), "r3": 0.0}
    mean = 7 / 25
    s2 = (10 * (0.5 - mean) ** 2 + 10 * (0.2 - mean) ** 2 + 5 * mean**2) / 24
    assert result.r.value == pytest.approx(1 - 2 * math.sqrt(s2), abs=1e-9)
    cells = coverage([(v,) for v in variables["a"]], responded)
    empty = [c for c in cells if not c.weightable]
    assert [(c.key, c.units, c.respondents) for c in empty] == [(("r3",), 5, 0)]
    assert cells[0].ratio == pytest.approx(0.5)


def test_a_category_where_everyone_answered_gets_propensity_one() -> None:
    result = representativeness(*frame((("a", "x"), 4, 4), (("b", "x"), 6, 3), (("b", "y"), 6, 2)))
    rates = {c.category: c.propensity for c in result.variables[0].categories}
    assert rates["a"] == 1.0


def test_nobody_answered_and_nobody_in_the_frame_are_refused_in_french() -> None:
    with pytest.raises(RepresentativenessError, match="Aucune collectivité n'a encore répondu"):
        representativeness(*frame((("a",), 4, 0), (("b",), 6, 0)))
    with pytest.raises(RepresentativenessError, match="Aucune collectivité du référentiel"):
        representativeness({"a": []}, [])
    with pytest.raises(RepresentativenessError, match="une modalité par collectivité"):
        representativeness({"a": ["x"]}, [True, False])


def test_more_respondents_in_the_under_represented_category_raise_r() -> None:
    cells = cells_of(*frame((("a",), 40, 4), (("b",), 60, 30)))
    before = r_value(cells, cells.respondents)
    more = cells.respondents.copy()
    more[0] += 10
    assert r_value(cells, more) > before + 0.1
    more = cells.respondents.copy()
    more[1] += 10
    assert r_value(cells, more) < before


GLM = """
d <- read.csv(file("stdin"))
m <- glm(cbind(r, n - r) ~ a + b, family = binomial, data = d)
cat(sprintf("%.12f", fitted(m)), sep = "\\n")
"""


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is required")
def test_the_logistic_fit_matches_r_glm_when_main_effects_do_not_fit_exactly() -> None:
    table = [
        (("a1", "b1"), 30, 3),
        (("a1", "b2"), 20, 9),
        (("a1", "b3"), 25, 5),
        (("a2", "b1"), 15, 9),
        (("a2", "b2"), 40, 11),
        (("a2", "b3"), 10, 8),
        (("a3", "b1"), 12, 2),
        (("a3", "b2"), 18, 14),
    ]
    cells = cells_of(*frame(*table))
    fit = fit_propensities(cells)
    csv = "a,b,n,r\n" + "".join(f"{k[0]},{k[1]},{n},{r}\n" for k, n, r in table)
    out = subprocess.run(
        ["Rscript", "-e", GLM], input=csv, capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    expected = {k: float(v) for (k, _, _), v in zip(table, out, strict=True)}
    got = {cells.key(c): float(fit.propensity[c]) for c in range(len(cells.units))}
    assert got == {k: pytest.approx(v, abs=1e-9) for k, v in expected.items()}


def test_the_standard_error_matches_the_spread_over_simulated_collections() -> None:
    # known propensities from main effects; 300 collections drawn: the delta-method se is
    # within 20 % of the standard deviation of R̂ (the approximation the page relies on).
    rng = np.random.default_rng(14)
    sizes = {("r1", "s1"): 400, ("r1", "s2"): 300, ("r2", "s1"): 500, ("r2", "s2"): 200}
    truth = {("r1", "s1"): 0.1, ("r1", "s2"): 0.25, ("r2", "s1"): 0.2, ("r2", "s2"): 0.4}
    variables, _ = frame(*((k, n, 0) for k, n in sizes.items()))
    keys = list(zip(variables["a"], variables["b"], strict=True))
    p = np.array([truth[k] for k in keys])
    values, errors = [], []
    for _ in range(300):
        result = representativeness(variables, list(rng.random(len(p)) < p))
        values.append(result.r.value)
        errors.append(result.r.se)
    assert float(np.mean(errors)) == pytest.approx(float(np.std(values)), rel=0.2)
    r = representativeness(variables, list(rng.random(len(p)) < p)).r
    assert r.low is not None
    assert r.high is not None
    assert r.low < r.value < r.high


def test_projected_half_width_by_hand() -> None:
    # one stratum N = 101, n = 26, p = ½: var = (1 − 26/101) · (101 · ¼ / 100) / 26
    projection = projected_half_width({"h": 101}, {"h": 26})
    expected = 1.959963984540054 * math.sqrt((1 - 26 / 101) * (101 * 0.25 / 100) / 26)
    assert projection.half_width == pytest.approx(expected)
    # two strata, one empty: left out and counted as uncovered
    two = projected_half_width({"h": 101, "k": 50}, {"h": 26})
    assert two.half_width == pytest.approx(expected)
    assert (two.uncovered, two.units, two.respondents) == (50, 151, 26)
    # a census stratum has no variance; nobody at all: no width
    assert projected_half_width({"h": 10}, {"h": 10}).half_width == 0.0
    assert projected_half_width({"h": 10}, {}).half_width is None
