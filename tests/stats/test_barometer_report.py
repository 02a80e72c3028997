"""What ``estimate_wave`` hands back besides the weighted figures: raw figures, the weighting
report with every margin's target and achieved total, and the parameters it ran with."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from barometre import stats
from barometre.stats.barometer import RAKE_MAX_MISFIT, Indicator, estimate_wave
from tests.stats.test_barometer import (
    FRAME,
    GUYANE_FRAME,
    NEIGHBOURS_FRAME,
    Cell,
    guyane_wave,
    neighbours_wave,
    sparse_wave,
    wave,
)

SITE = [Indicator("site", "has_site", "concerned")]


def weighting_of(data: pd.DataFrame, frame: list[object]) -> stats.WaveWeighting:
    weighting = estimate_wave(data, frame, SITE).weighting  # type: ignore[arg-type]
    assert weighting is not None
    return weighting


def test_every_answered_cell_and_region_meets_its_frame_count_within_the_tolerance() -> None:
    weighting = weighting_of(wave(), FRAME)
    targets = {c.level: c.target for c in weighting.cells}
    assert targets == {"commune·S1": 100, "commune·S2": 30, "region·R": 2}
    for level in (*weighting.cells, *weighting.regions, *weighting.region_levels):
        assert level.target is not None
        assert level.achieved == pytest.approx(level.target, rel=RAKE_MAX_MISFIT), level
    assert weighting.max_gap <= RAKE_MAX_MISFIT


def test_the_achieved_totals_are_the_sums_of_the_weights() -> None:
    data = wave()
    results = estimate_wave(data, FRAME, SITE)
    assert results.weighting is not None
    by_region = pd.Series(results.design.weights).groupby(data["region"].to_numpy()).sum()
    achieved = {r.level: r.achieved for r in results.weighting.regions}
    assert achieved == pytest.approx(by_region.to_dict(), rel=1e-12)
    responses = {r.level: r.responses for r in results.weighting.regions}
    assert responses == data.groupby("region")["authority"].nunique().to_dict()


def test_a_frame_cell_nobody_answered_has_no_target_and_is_named_uncovered() -> None:
    frame = [*FRAME, Cell("epci", "E1", "R1", 12)]
    weighting = weighting_of(wave(), frame)
    epci = next(c for c in weighting.cells if c.level == "epci·E1")
    assert (epci.units, epci.target, epci.achieved, epci.responses) == (12, None, 0.0, 0)
    assert epci.gap is None
    assert weighting.uncovered_cells == ("epci·E1",)


def test_a_covered_wave_reports_post_stratification_then_raking_on_the_region() -> None:
    weighting = weighting_of(wave(), FRAME)
    steps = [(s.margin, s.method, s.met) for s in weighting.steps]
    assert steps == [("type × strate", "poststratify", True), ("région", "rake", True)]
    assert (weighting.method, weighting.margins) == ("rake", ("type × strate", "région"))
    assert weighting.dropped == ()
    assert weighting.iterations > 1


def test_a_sparse_wave_names_the_region_margin_given_up_and_why() -> None:
    weighting = weighting_of(sparse_wave(), FRAME)
    assert weighting.method == "poststratify"
    assert weighting.dropped == ("région",)
    given_up = next(s for s in weighting.steps if not s.met)
    assert given_up.reason.startswith("marge « région » abandonnée (margins-unreachable)")
    assert weighting.region_levels == ()
    for cell in weighting.cells:
        assert cell.achieved == pytest.approx(cell.target, rel=1e-12)


def test_groups_of_regions_replace_regions_that_cannot_be_met() -> None:
    weighting = weighting_of(neighbours_wave(), NEIGHBOURS_FRAME)
    steps = [(s.margin, s.met) for s in weighting.steps]
    assert steps == [("type × strate", True), ("région", False),
                     ("groupe de régions voisines", True)]  # fmt: skip
    assert weighting.dropped == ("région",)
    pooled = next(level for level in weighting.region_levels if level.level == "75+76")
    assert (pooled.members, pooled.target) == (("75", "76"), 160)
    assert pooled.achieved == pytest.approx(160, rel=RAKE_MAX_MISFIT)


def test_a_pooled_region_level_lists_its_members_and_meets_their_summed_target() -> None:
    weighting = weighting_of(guyane_wave(), GUYANE_FRAME)
    assert weighting.collapsed == (("02+03+04", ("02", "03", "04")),)
    levels = {level.level: level for level in weighting.region_levels}
    assert levels["02+03+04"].members == ("02", "03", "04")
    assert levels["02+03+04"].target == 21 + 25 + 35
    assert levels["84"].members == ("84",)
    step = weighting.steps[-1]
    assert (step.margin, step.collapsed) == ("région", weighting.collapsed)


def test_raw_figures_are_the_unweighted_shares_of_every_domain_level() -> None:
    data = wave()
    results = estimate_wave(data, FRAME, SITE)
    concerned = data[data["concerned"]]
    raw = {(r.domain, r.level): r.estimate.value for r in results.raw_rows}
    assert raw[("ensemble", "")] == pytest.approx(concerned["has_site"].mean())
    by_role = concerned.groupby("role")["has_site"].mean().to_dict()
    assert {k[1]: v for k, v in raw.items() if k[0] == "role"} == pytest.approx(by_role)
    assert set(raw) == {(r.domain, r.level) for r in results.rows}


def test_a_raw_share_has_the_standard_error_of_authorities_as_clusters() -> None:
    data = wave()
    results = estimate_wave(data, FRAME, SITE)
    overall = next(r for r in results.raw_rows if r.domain == "ensemble").estimate
    concerned = data["concerned"].to_numpy()
    y = np.where(concerned, data["has_site"].to_numpy(), 0.0)
    p = y.sum() / concerned.sum()
    residuals = pd.Series(np.where(concerned, y - p, 0.0) / concerned.sum())
    totals = residuals.groupby(data["authority"].to_numpy()).sum().to_numpy()
    clusters = totals.size
    se = np.sqrt(clusters / (clusters - 1) * (totals**2).sum())
    assert overall.se == pytest.approx(se, rel=1e-9)
    assert overall.n == concerned.sum()


def test_an_indicator_nobody_answered_has_neither_weighted_nor_raw_figures() -> None:
    data = wave().assign(never=False)
    results = estimate_wave(data, FRAME, [Indicator("site", "has_site", "never")])
    assert (results.rows, results.raw_rows) == ((), ())


def test_a_polars_table_gives_the_same_figures_as_a_pandas_one() -> None:
    data = wave()
    from_pandas = estimate_wave(data, FRAME, SITE)
    from_polars = estimate_wave(pl.from_dict(data.to_dict("list")), FRAME, SITE)
    for ours, theirs in zip(
        (*from_pandas.rows, *from_pandas.raw_rows),
        (*from_polars.rows, *from_polars.raw_rows),
        strict=True,
    ):
        assert (ours.domain, ours.level) == (theirs.domain, theirs.level)
        assert (ours.estimate.value, ours.estimate.se) == (
            theirs.estimate.value,
            theirs.estimate.se,
        )


def test_the_results_carry_the_parameters_they_were_computed_with() -> None:
    strict = stats.BarometerParameters(min_region_authorities=1, strata="essai")
    results = estimate_wave(guyane_wave(), GUYANE_FRAME, SITE, parameters=strict)
    assert results.parameters is strict
    assert results.weighting is not None
    assert results.weighting.margins == ("type × strate", "groupe de régions voisines")
    assert results.weighting.dropped == ("région",)
    words = strict.in_words(stats.DisclosureRule(min_base=3))
    assert "les régions de moins de 1 collectivités répondantes" in words["calage"]
    assert words["plan"].endswith("strates type × strate de taille (essai)")
    assert words["secret"]["base_minimale"] == 3
    assert words["valeurs"]["min_region_authorities"] == 1


def test_the_parameters_state_the_tolerances_the_raking_uses() -> None:
    words = stats.BarometerParameters().in_words(stats.DisclosureRule())
    assert "plus de 1e-10 × Σw entre deux passes" in words["calage"]
    assert "atteinte à 1e-6 près ; 500 itérations au plus" in words["calage"]
    assert words["intervalle"].startswith("niveau 95 % ; parts : Korn–Graubard")


def test_an_undescribed_share_interval_is_refused() -> None:
    with pytest.raises(stats.StatsError, match="non décrit"):
        stats.BarometerParameters(share_interval="wilson")
