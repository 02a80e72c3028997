"""How one estimate is printed: secret without any number, « fragile » by the documented rule."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from barometre.www.dashboard.figures import (
    MAX_CV,
    MIN_RELIABLE_BASE,
    figure,
    gap,
    level_name,
)


def estimate(**changes: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "value": 0.5, "se": 0.05, "ci_low": 0.4, "ci_high": 0.6, "n": 100, "suppressed": "",
    }  # fmt: skip
    values.update(changes)
    return SimpleNamespace(**values)


@pytest.mark.parametrize("suppressed", ["primary", "secondary"])
def test_a_suppressed_estimate_prints_no_number(suppressed: str) -> None:
    shown = figure(estimate(suppressed=suppressed))
    assert shown.secret
    assert (shown.value, shown.interval, shown.base) == ("secret statistique", "", "")


def test_a_missing_estimate_is_secret_too() -> None:
    assert figure(None).secret


def test_a_published_estimate_prints_value_interval_and_base() -> None:
    shown = figure(estimate())
    assert (shown.value, shown.interval, shown.base) == (
        "50,0\u202f%",
        "40,0\u202f% à 60,0\u202f%",
        "100",
    )
    assert not shown.fragile


def test_fragile_above_the_cv_threshold_or_below_the_base() -> None:
    assert figure(estimate(se=0.5 * (MAX_CV + 0.01))).fragile
    assert not figure(estimate(se=0.5 * (MAX_CV - 0.01))).fragile
    assert figure(estimate(n=MIN_RELIABLE_BASE - 1)).fragile
    assert not figure(estimate(value=0.0, se=0.0)).fragile


def test_an_interval_that_could_not_be_computed_says_so() -> None:
    assert figure(estimate(ci_low=None, ci_high=None)).interval == "non calculable"


def test_levels_have_french_names() -> None:
    places = {"region": {"84": "Auvergne-Rhône-Alpes"}, "departement": {"84": "Vaucluse"}}
    assert level_name("region", "84", places) == "Auvergne-Rhône-Alpes"
    assert level_name("departement", "84", places) == "Vaucluse"
    assert level_name("role", "elu", places) == "Élus et élues"
    assert level_name("role", "", places) == "Non renseigné"
    assert level_name("ensemble", "", places) == "Ensemble des collectivités"
    assert level_name("stratum", "<500", places) == "Communes de moins de 500 hab."
    assert level_name("stratum", "CA", places) == "Communauté d'agglomération"
    assert level_name("stratum", "departement", places) == "Départements"
    assert level_name("stratum", "inconnue", places) == "inconnue"


def test_the_gap_is_in_points_and_only_between_published_figures() -> None:
    assert gap(estimate(value=0.40), estimate(value=0.45)) == "+5,0\u202fpt"
    assert gap(estimate(value=0.45), estimate(value=0.40)) == "\u22125,0\u202fpt"
    assert gap(estimate(suppressed="primary"), estimate()) == ""
    assert gap(estimate(), None) == ""
