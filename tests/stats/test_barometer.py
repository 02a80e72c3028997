"""The barometer's own estimation, on a small inline frame and wave."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from barometre import stats
from barometre.stats.barometer import Indicator, barometer_design, estimate_wave


@dataclass(frozen=True)
class Cell:
    type: str
    stratum: str
    region: str
    units: int
    population: int = 0


FRAME = [
    Cell("commune", "S1", "R1", 40),
    Cell("commune", "S1", "R2", 60),
    Cell("commune", "S2", "R1", 10),
    Cell("commune", "S2", "R2", 20),
    Cell("region", "R", "R1", 1),
    Cell("region", "R", "R2", 1),
]


PLAN = [
    ("commune", "S1", "R1", 8),
    ("commune", "S1", "R2", 6),
    ("commune", "S2", "R1", 4),
    ("commune", "S2", "R2", 5),
    ("region", "R", "R1", 1),
    ("region", "R", "R2", 1),
]


def respondent(
    authority: str, cell: tuple[str, str, str], role: str, rng: np.random.Generator
) -> dict[str, object]:
    kind, stratum, region = cell
    return {
        "authority": authority, "type": kind, "stratum": stratum, "region": region,
        "role": role, "has_site": float(rng.random() < 0.6), "concerned": bool(rng.random() < 0.8),
    }  # fmt: skip


def wave(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        respondent(f"{kind}-{stratum}-{region}-{a}", (kind, stratum, region), str(role), rng)
        for kind, stratum, region, authorities in PLAN
        for a in range(authorities)
        for role in rng.choice(["élu", "agent"], size=rng.integers(1, 3))
    ]
    return pd.DataFrame(rows)


def test_weights_reproduce_the_frame_counts() -> None:
    data = wave()
    design, _, _ = barometer_design(data, FRAME)
    by_region = pd.Series(design.weights).groupby(data["region"].to_numpy()).sum()
    assert by_region.to_dict() == pytest.approx({"R1": 51, "R2": 81})


def test_a_census_cell_has_zero_variance() -> None:
    results = estimate_wave(wave(), FRAME, [Indicator("site", "has_site")])
    regions_type = [r for r in results.rows if r.domain == "type" and r.level == "region"]
    assert regions_type[0].estimate.se == pytest.approx(0.0, abs=1e-12)


def test_every_indicator_is_estimated_overall_and_by_each_domain() -> None:
    results = estimate_wave(wave(), FRAME, {"site": ("has_site", "concerned")})
    domains = {r.domain for r in results.rows}
    assert domains == {"ensemble", "region", "type", "stratum", "role"}


def test_small_domains_are_flagged_for_suppression() -> None:
    results = estimate_wave(wave(), FRAME, [Indicator("site", "has_site")])
    region_type = next(r for r in results.rows if r.domain == "type" and r.level == "region")
    assert region_type.estimate.suppressed == "primary"


def test_raw_share_is_the_unweighted_mean() -> None:
    data = wave()
    results = estimate_wave(data, FRAME, [Indicator("site", "has_site")])
    overall = next(r for r in results.rows if r.domain == "ensemble")
    assert overall.raw == pytest.approx(data["has_site"].mean())


def test_frame_cells_without_respondents_are_reported() -> None:
    frame = [*FRAME, Cell("epci", "E1", "R1", 12)]
    _, uncovered, _ = barometer_design(wave(), frame)
    assert uncovered == ("epci·E1",)


def test_respondents_of_one_authority_share_its_weight() -> None:
    data = wave()
    design = stats.Design(data.assign(w=1.0), ids="authority", weights="w")
    weighted, _, _ = barometer_design(data, FRAME)
    assert design.stages[0].n_psu.sum() == data["authority"].nunique()
    per_authority = pd.Series(weighted.weights).groupby(data["authority"].to_numpy()).nunique()
    assert (per_authority == 1).all()


def test_wave_drawn_from_the_real_frame_is_weighted_to_its_counts() -> None:
    from barometre.referentiel import load_frame  # noqa: PLC0415 - the frame loads in ~1 s

    counts = [c for c in load_frame().counts() if c.type in {"departement", "region"}]
    rng = np.random.default_rng(3)
    rows = [
        {"authority": f"{c.type}-{c.region}-{i}", "type": c.type, "stratum": c.stratum,
         "region": c.region, "role": "élu", "has_site": float(rng.random() < 0.5)}
        for c in counts
        for i in range(c.units)
        if rng.random() < 0.7
    ]  # fmt: skip
    results = estimate_wave(pd.DataFrame(rows), counts, [Indicator("site", "has_site")])
    cells = {(r["type"], r["stratum"]) for r in rows}
    regions = {r["region"] for r in rows}
    expected = sum(c.units for c in counts if (c.type, c.stratum) in cells and c.region in regions)
    assert results.design.weights.sum() == pytest.approx(expected)


def test_a_mean_indicator_outside_zero_one_gets_a_mean_and_a_t_interval() -> None:
    data = wave().assign(staff=lambda d: np.arange(len(d), dtype=float) % 7 * 3.5)
    results = estimate_wave(data, FRAME, [Indicator("staff", "staff", "concerned", kind="mean")])
    overall = next(r for r in results.rows if r.domain == "ensemble")
    estimate = overall.estimate
    assert estimate.value > 1
    reference = stats.mean(results.design.subset("concerned"), "staff")
    assert isinstance(reference, stats.Estimate)
    assert (estimate.value, estimate.se) == pytest.approx((reference.value, reference.se))
    assert estimate.ci() == pytest.approx(reference.ci(df=estimate.df))
    assert {r.domain for r in results.rows} == {"ensemble", "region", "type", "stratum", "role"}


def test_the_mapping_form_takes_the_kind_third() -> None:
    data = wave().assign(staff=lambda d: np.arange(len(d), dtype=float) % 5 * 2.0)
    results = estimate_wave(data, FRAME, {"staff": ("staff", None, "mean")})
    assert max(r.estimate.value for r in results.rows) > 1


def test_a_share_indicator_outside_zero_one_is_still_refused() -> None:
    data = wave().assign(staff=2.0)
    with pytest.raises(stats.StatsError, match="0 ou 1"):
        estimate_wave(data, FRAME, [Indicator("staff", "staff")])


def test_an_unknown_indicator_kind_is_refused() -> None:
    with pytest.raises(stats.StatsError, match="Nature d'indicateur"):
        Indicator("x", "x", kind="median")  # type: ignore[arg-type]


def sparse_wave() -> pd.DataFrame:
    """Cells S1 answered only in R1, S2 only in R2: the région margins cannot be met."""
    plan = {("commune", "S1", "R1"): 8, ("commune", "S2", "R2"): 5, ("region", "R", "R1"): 1,
            ("region", "R", "R2"): 1}  # fmt: skip
    rng = np.random.default_rng(11)
    rows = [
        respondent(f"{kind}-{stratum}-{region}-{a}", (kind, stratum, region), "élu", rng)
        for (kind, stratum, region), authorities in plan.items()
        for a in range(authorities)
    ]
    return pd.DataFrame(rows)


def test_unreachable_raking_margins_are_an_error_with_a_code() -> None:
    data = sparse_wave()
    design = stats.Design(data.assign(w=1.0), weights="w")
    margins = {"stratum": {"S1": 100.0, "S2": 30.0, "R": 2.0},
               "region": {"R1": 51.0, "R2": 81.0}}  # fmt: skip
    with pytest.raises(stats.UnreachableMarginsError, match="marges") as caught:
        stats.rake(design, margins, epsilon=1e-10, max_iter=500)
    assert caught.value.code == "margins-unreachable"


def test_a_sparse_wave_falls_back_to_post_stratification_and_says_so() -> None:
    data = sparse_wave()
    design, _, _ = barometer_design(data, FRAME)
    assert design.report is not None
    assert design.report.method == "poststratify"
    assert design.report.margins == ("type × strate",)
    assert "Raking sur la région abandonné" in design.report.note
    assert "marge « région » abandonnée (margins-unreachable)" in design.report.note
    cells = pd.Series(design.weights).groupby((data["type"] + data["stratum"]).to_numpy()).sum()
    assert cells.to_dict() == pytest.approx({"communeS1": 100, "communeS2": 30, "regionR": 2})
    results = estimate_wave(data, FRAME, [Indicator("site", "has_site")])
    assert max(r.estimate.se for r in results.rows) < 1


def test_a_covered_wave_is_raked_within_the_tolerance() -> None:
    design, _, _ = barometer_design(wave(), FRAME)
    assert design.report is not None
    assert (design.report.method, design.report.note) == ("rake", "")
    assert design.report.max_misfit <= 1e-6
    assert design.report.margins == ("type × strate", "région")
    assert design.report.collapsed == ()


GUYANE_FRAME = [
    Cell("commune", "S1", "03", 20),
    Cell("commune", "S1", "04", 24),
    Cell("commune", "S1", "02", 34),
    Cell("commune", "S1", "84", 400),
    Cell("region", "R", "03", 1),
    Cell("region", "R", "04", 1),
    Cell("region", "R", "02", 1),
    Cell("region", "R", "84", 1),
]


def guyane_wave() -> pd.DataFrame:
    """Guyane's only respondent is the région itself, as in the 2026 demo's first wave."""
    plan = {("commune", "S1", "04"): 3, ("commune", "S1", "02"): 4, ("commune", "S1", "84"): 40,
            ("region", "R", "03"): 1, ("region", "R", "84"): 1}  # fmt: skip
    rng = np.random.default_rng(5)
    rows = [
        respondent(f"{kind}-{stratum}-{region}-{a}", (kind, stratum, region), "agent", rng)
        for (kind, stratum, region), authorities in plan.items()
        for a in range(authorities)
    ]
    return pd.DataFrame(rows)


def test_a_region_answered_only_by_itself_cannot_be_raked_alone() -> None:
    data = guyane_wave()
    design = stats.Design(data.assign(w=1.0), weights="w")
    cells = {"S1": 478.0, "R": 4.0}
    regions = {"03": 21.0, "04": 25.0, "02": 35.0, "84": 401.0}
    with pytest.raises(stats.UnreachableMarginsError):
        stats.rake(design, {"stratum": cells, "region": regions}, epsilon=1e-10, max_iter=500)


def test_a_sparse_region_is_pooled_with_its_group_and_the_raking_meets_the_pool() -> None:
    data = guyane_wave()
    design, _, _ = barometer_design(data, GUYANE_FRAME)
    report = design.report
    assert report is not None
    assert (report.method, report.note) == ("rake", "")
    assert report.margins == ("type × strate", "région")
    assert report.collapsed == (("02+03+04", ("02", "03", "04")),)
    by_region = pd.Series(design.weights).groupby(data["region"].to_numpy()).sum()
    assert by_region["84"] == pytest.approx(401, rel=1e-6)
    assert by_region[["02", "03", "04"]].sum() == pytest.approx(81, rel=1e-6)


NEIGHBOURS_FRAME = [
    Cell("commune", "S1", "75", 20),
    Cell("commune", "S2", "75", 80),
    Cell("commune", "S1", "76", 50),
    Cell("commune", "S2", "76", 10),
    Cell("commune", "S1", "84", 70),
    Cell("commune", "S2", "84", 40),
]


def neighbours_wave() -> pd.DataFrame:
    """Larger communes answered only in 76, which holds 10 of their 130: 76 cannot be met;
    pooled with 75 (its « sud-ouest » neighbour), the group can, and so can 84."""
    plan = {("commune", "S1", "75"): 12, ("commune", "S2", "76"): 12,
            ("commune", "S1", "84"): 12}  # fmt: skip
    rng = np.random.default_rng(3)
    rows = [
        respondent(f"{kind}-{stratum}-{region}-{a}", (kind, stratum, region), "agent", rng)
        for (kind, stratum, region), authorities in plan.items()
        for a in range(authorities)
    ]
    return pd.DataFrame(rows)


def test_when_the_regions_cannot_be_met_their_groups_are_and_the_report_says_why() -> None:
    data = neighbours_wave()
    design, _, _ = barometer_design(data, NEIGHBOURS_FRAME)
    report = design.report
    assert report is not None
    assert report.method == "rake"
    assert report.margins == ("type × strate", "groupe de régions voisines")
    assert report.collapsed == (("75+76", ("75", "76")),)
    assert "marge « région » abandonnée (margins-unreachable)" in report.note
    by_region = pd.Series(design.weights).groupby(data["region"].to_numpy()).sum()
    assert by_region["84"] == pytest.approx(110, rel=1e-6)
    assert by_region[["75", "76"]].sum() == pytest.approx(160, rel=1e-6)


def test_a_raking_that_runs_out_of_passes_counts_them_in_good_french() -> None:
    design = stats.Design(wave().assign(w=1.0), weights="w")
    margins = {"region": {"R1": 51.0, "R2": 81.0}, "stratum": {"S1": 100.0, "S2": 30.0, "R": 2.0}}
    with pytest.raises(stats.CalibrationError, match="n'a pas convergé en 1 itération "):
        stats.rake(design, margins, epsilon=1e-12, max_iter=1)


def test_a_domain_where_everyone_says_yes_gets_an_interval_wider_than_zero() -> None:
    data = wave().assign(has_site=lambda d: np.where(d["region"] == "R2", 1.0, d["has_site"]))
    results = estimate_wave(data, FRAME, [Indicator("site", "has_site")])
    r2 = next(r for r in results.rows if r.domain == "region" and r.level == "R2")
    low, high = r2.estimate.ci(0.95, df=r2.estimate.df)
    assert r2.estimate.value == 1.0
    assert high == 1.0
    assert low < 0.9  # about twenty answers, all yes: likely high, not certain
    for row in results.rows:
        row_low, row_high = row.estimate.ci(0.95, df=row.estimate.df)
        assert row_high > row_low, (row.domain, row.level)
