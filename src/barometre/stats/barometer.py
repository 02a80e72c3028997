"""The barometer's own estimation: from a wave's responses and the frame to published figures.

Design: respondents of one authority form one cluster; strata are type × stratum cells with
the frame's unit counts as finite population correction (a census cell has zero variance);
base weights N_h / n_h shared among an authority's respondents; post-stratification on
type × stratum, then raking on type × stratum and région — régions with too few responding
authorities pooled with their neighbours, then groups of neighbouring régions if the régions
cannot all be met, then the post-stratification alone; the weighting report names the margins
met, the régions pooled and each step given up. Every indicator is then estimated overall and
by région, type, stratum and respondent role, raw and weighted, with a Korn–Graubard interval
(shares, ``SHARE_INTERVAL``) or a Wald/t interval (means) and disclosure flags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from barometre.stats._columns import Columns, FloatArray
from barometre.stats.barometer_margins import (
    CELL,
    FrameCell,
    WaveWeighting,
    cell_key,
    wave_weighting,
)
from barometre.stats.barometer_parameters import (
    CELLS,
    GROUPS,
    MIN_REGION_AUTHORITIES,
    RAKE_EPSILON,
    RAKE_MAX_ITER,
    RAKE_MAX_MISFIT,
    REGION,
    REGION_GROUPS,
    SHARE_INTERVAL,
    BarometerParameters,
)
from barometre.stats.barometer_rows import (
    KINDS,
    OVERALL,
    Estimation,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    indicator_rows,
    raw_design,
)
from barometre.stats.design import Design, WeightingStep
from barometre.stats.disclosure import DisclosureRule
from barometre.stats.errors import CalibrationError, StatsError
from barometre.stats.weighting import poststratify, rake

__all__ = [  # the barometer's public names, some declared next door and re-exported here
    "CELL", "KINDS", "MIN_REGION_AUTHORITIES", "OVERALL", "RAKE_EPSILON", "RAKE_MAX_ITER",
    "RAKE_MAX_MISFIT", "REGION_GROUPS", "SHARE_INTERVAL", "BarometerParameters",
    "BarometerResults", "FrameCell", "Indicator", "IndicatorKind", "IndicatorResult",
    "RegionStep", "WaveColumns", "WaveWeighting", "barometer_design", "estimate_wave",
    "wave_weighting",
]  # fmt: skip
IndicatorSpec = tuple[str, str | None] | tuple[str, str | None, str]
DEFAULT_PARAMETERS = BarometerParameters()


@dataclass(frozen=True)
class WaveColumns:
    """Column names of the responses table."""

    authority: str = "authority"
    type: str = "type"
    stratum: str = "stratum"
    region: str = "region"
    role: str = "role"

    @property
    def domains(self) -> tuple[str, ...]:
        return (self.region, self.type, self.stratum, self.role)


@dataclass(frozen=True)
class BarometerResults:
    """Everything ``estimate_wave`` computes for one wave, as data.

    ``rows``: every indicator weighted, overall and by each domain (each with the raw mean of
    its answers); ``raw_rows``: the same figures unweighted, with their own standard errors
    (one cluster per authority); ``weighting``: the weighting report and every margin's target
    and achieved total; ``parameters``: what the estimation ran with.
    """

    design: Design
    rows: tuple[IndicatorResult, ...]
    uncovered_cells: tuple[str, ...] = field(default=())
    uncovered_regions: tuple[str, ...] = field(default=())
    raw_rows: tuple[IndicatorResult, ...] = field(default=())
    weighting: WaveWeighting | None = None
    parameters: BarometerParameters = DEFAULT_PARAMETERS

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        records = []
        for row in self.rows:
            e = row.estimate
            low, high = e.ci(level)
            records.append(
                {"indicator": row.indicator, "domain": row.domain, "level": row.level,
                 "raw": row.raw, "value": e.value, "se": e.se, "ci_low": low, "ci_high": high,
                 "n": e.n, "deff": e.deff, "suppressed": e.suppressed}
            )  # fmt: skip
        return pd.DataFrame.from_records(records)


def _analysis_frame(responses: Any, columns: WaveColumns, extra: Iterable[str]) -> pd.DataFrame:
    source = Columns(responses)
    names = dict.fromkeys([columns.authority, *columns.domains, *extra])
    frame = pd.DataFrame({name: source.raw(name) for name in names})
    kinds = frame[columns.type].astype(str).to_numpy()
    strata = frame[columns.stratum].astype(str).to_numpy()
    frame[CELL] = np.char.add(np.char.add(kinds.astype(str), "·"), strata.astype(str))
    return frame


def _targets(
    cells: Iterable[FrameCell], covered_cells: set[str], covered_regions: set[str]
) -> tuple[dict[str, float], dict[str, float]]:
    by_cell: dict[str, float] = defaultdict(float)
    by_region: dict[str, float] = defaultdict(float)
    for c in cells:
        key = cell_key(c.type, c.stratum)
        if key in covered_cells and str(c.region) in covered_regions:
            by_cell[key] += c.units
            by_region[str(c.region)] += c.units
    return dict(by_cell), dict(by_region)


def barometer_design(
    responses: Any,
    frame_counts: Sequence[FrameCell],
    *,
    columns: WaveColumns = WaveColumns(),
    extra: Iterable[str] = (),
    parameters: BarometerParameters = DEFAULT_PARAMETERS,
) -> tuple[Design, tuple[str, ...], tuple[str, ...]]:
    """The weighted design of a wave, and the frame cells and régions without respondents."""
    frame = _analysis_frame(responses, columns, extra)
    frame[columns.region] = frame[columns.region].astype(str)
    frame_cells = {cell_key(c.type, c.stratum) for c in frame_counts}
    frame_regions = {str(c.region) for c in frame_counts}
    covered_cells, covered_regions = set(frame[CELL]), set(frame[columns.region])
    if not covered_cells <= frame_cells or not covered_regions <= frame_regions:
        unknown = sorted((covered_cells - frame_cells) | (covered_regions - frame_regions))
        raise StatsError(f"Cellules ou régions absentes de la base de sondage : {unknown}.")
    cell_targets, region_targets = _targets(frame_counts, covered_cells, covered_regions)
    frame["_N"] = frame[CELL].map(cell_targets).astype(float)
    frame["_w"] = _base_weights(frame, columns.authority)
    steps = _region_steps(frame, columns, parameters)
    margins = [_raking_margins(frame, columns, (cell_targets, region_targets), s) for s in steps]
    design = Design(
        frame, ids=columns.authority, strata=CELL, weights="_w", fpc="_N",
        lonely_psu=parameters.lonely_psu,
    )  # fmt: skip
    posted = poststratify(design, CELL, cell_targets)
    design = _rake_or_poststratify(posted, list(zip(steps, margins, strict=True)), parameters)
    return (
        design,
        tuple(sorted(frame_cells - covered_cells)),
        tuple(sorted(frame_regions - covered_regions)),
    )


@dataclass(frozen=True)
class RegionStep:
    """One way of putting the région into the raking: each région's level in the margin."""

    margin: str  # the margin in words, as the weighting report names it
    column: str  # the analysis column holding each row's level
    levels: dict[str, str]  # région → its level (itself, or the pooled régions "01+02")

    @property
    def collapsed(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        pooled = sorted({level for region, level in self.levels.items() if level != region})
        return tuple(
            (level, tuple(sorted(r for r, lv in self.levels.items() if lv == level)))
            for level in pooled
        )


def _group_of(region: str, groups: Mapping[str, tuple[str, ...]]) -> str:
    return next((name for name, codes in groups.items() if region in codes), region)


def _sparse_levels(
    authorities: Mapping[str, int], parameters: BarometerParameters
) -> dict[str, str]:
    """Each région alone, except those with fewer than ``min_region_authorities`` responding
    authorities: pooled with the other sparse régions of their group, and with the group's
    smallest other région when the pool is still too small."""
    least, groups = parameters.min_region_authorities, parameters.region_groups
    levels: dict[str, str] = {}
    for group in dict.fromkeys(_group_of(r, groups) for r in sorted(authorities)):
        members = [r for r in sorted(authorities) if _group_of(r, groups) == group]
        pool = [r for r in members if authorities[r] < least]
        dense = sorted((r for r in members if r not in pool), key=lambda r: (authorities[r], r))
        if pool and sum(authorities[r] for r in pool) < least and dense:
            pool.append(dense[0])
        levels.update({r: r for r in members})
        if len(pool) > 1:
            levels.update(dict.fromkeys(pool, "+".join(sorted(pool))))
    return levels


def _region_steps(
    frame: pd.DataFrame, columns: WaveColumns, parameters: BarometerParameters
) -> list[RegionStep]:
    """Régions (sparse ones pooled), then groups of neighbouring régions: distinct steps only."""
    counted = frame.groupby(columns.region)[columns.authority].nunique()
    authorities = {str(region): int(n) for region, n in counted.items()}
    regions, groups = sorted(authorities), parameters.region_groups
    grouped = {
        r: "+".join(x for x in regions if _group_of(x, groups) == _group_of(r, groups))
        for r in regions
    }
    steps = [RegionStep(REGION, "_rake_region", _sparse_levels(authorities, parameters))]
    if grouped != steps[0].levels:
        steps.append(RegionStep(GROUPS, "_rake_group", grouped))
    for step in steps:
        frame[step.column] = frame[columns.region].map(step.levels)
    return steps


def _rake_or_poststratify(
    design: Design,
    steps: list[tuple[RegionStep, dict[str | tuple[str, ...], Any]]],
    parameters: BarometerParameters,
) -> Design:
    """Rake on type × stratum and région — sparse régions pooled, then groups of régions if
    the régions cannot be met; when no step meets its margins, keep the post-stratification
    on type × stratum. The weighting report says which margins were met and what was pooled,
    and names every step tried."""
    if design.report is None:  # pragma: no cover - poststratify always reports
        raise CalibrationError("Post-stratification sans rapport de pondération.")
    tried = [WeightingStep(CELLS, "poststratify", met=True)]
    failures: list[str] = []
    for step, margin in steps:
        try:
            raked = rake(design, margin, epsilon=parameters.rake_epsilon,
                         max_iter=parameters.rake_max_iter,
                         max_misfit=parameters.rake_max_misfit)  # fmt: skip
        except CalibrationError as error:
            reason = f"marge « {step.margin} » abandonnée ({error.code}) : {error}"
            failures.append(reason)
            tried.append(
                WeightingStep(
                    step.margin, "rake", met=False, reason=reason, collapsed=step.collapsed
                )
            )
            continue
        if raked.report is None:  # pragma: no cover - rake always reports
            raise CalibrationError("Raking sans rapport de pondération.")
        tried.append(WeightingStep(step.margin, "rake", met=True, collapsed=step.collapsed))
        report = replace(raked.report, margins=(CELLS, step.margin), collapsed=step.collapsed,
                         note=" ".join(failures), steps=tuple(tried))  # fmt: skip
        return raked.with_report(report)
    note = (
        f"Raking sur la région abandonné : {' '.join(failures)} Poids post-stratifiés par "
        f"{CELLS} seulement : les totaux par région ne sont pas calés sur le référentiel."
    )
    return design.with_report(
        replace(design.report, margins=(CELLS,), note=note, steps=tuple(tried))
    )


def _raking_margins(
    frame: pd.DataFrame,
    columns: WaveColumns,
    targets: tuple[dict[str, float], dict[str, float]],
    step: RegionStep,
) -> dict[str | tuple[str, ...], Any]:
    """Raking margins in which authorities of census cells keep their weight (N_h / n_h = 1).

    Each of them is its own level in both margins, so raking never moves a census weight and
    the calibration residuals of a census cell vanish: its variance stays zero.
    """
    cell_targets, region_targets = targets
    n_authorities = frame.groupby(CELL)[columns.authority].transform("nunique")
    census = (n_authorities >= frame["_N"]).to_numpy()
    fixed = np.char.add("fixe:", frame[columns.authority].astype(str).to_numpy().astype(str))
    frame["_rake_cell"] = np.where(census, fixed, frame[CELL].to_numpy().astype(str))
    region_column = f"{step.column}_fixed"
    frame[region_column] = np.where(census, fixed, frame[step.column].to_numpy().astype(str))
    held = frame.loc[census].drop_duplicates(columns.authority)
    fixed_targets = dict.fromkeys(
        np.char.add("fixe:", held[columns.authority].astype(str).to_numpy().astype(str)).tolist(),
        1.0,
    )
    levels: dict[str, float] = defaultdict(float)
    for region, count in region_targets.items():
        levels[step.levels[region]] += count
    for level, count in held[step.column].value_counts().items():
        levels[str(level)] -= float(count)
    census_cells = set(frame.loc[census, CELL])
    cells = {k: v for k, v in cell_targets.items() if k not in census_cells}
    return {"_rake_cell": {**cells, **fixed_targets}, region_column: {**levels, **fixed_targets}}


def _base_weights(frame: pd.DataFrame, authority: str) -> FloatArray:
    """N_h / n_h per authority, shared equally among its respondents."""
    authorities_in_cell = frame.groupby(CELL)[authority].transform("nunique")
    respondents = frame.groupby(authority)[authority].transform("size")
    return np.asarray(frame["_N"] / authorities_in_cell / respondents, dtype=np.float64)


def estimate_wave(
    responses: Any,
    frame_counts: Sequence[FrameCell],
    indicators: Sequence[Indicator] | Mapping[str, IndicatorSpec],
    *,
    columns: WaveColumns = WaveColumns(),
    rule: DisclosureRule = DisclosureRule(),  # noqa: B008 - a frozen, immutable default
    parameters: BarometerParameters = DEFAULT_PARAMETERS,
) -> BarometerResults:
    """Every indicator overall and by région, type, stratum and role, weighted and raw, with
    the weighting report, every margin's target and achieved total, and the parameters.

    ``responses``: a polars or pandas table, one row per respondent; ``indicators``:
    ``Indicator`` objects, or ``{id: (numerator, denominator)}`` (a share) or
    ``{id: (numerator, denominator, kind)}`` with ``kind`` ``"share"`` or ``"mean"``.
    """
    wanted = _as_indicators(indicators)
    extra = {c for i in wanted for c in (i.numerator, i.denominator) if c is not None}
    design, cells, regions = barometer_design(
        responses, frame_counts, columns=columns, extra=extra, parameters=parameters
    )
    how = Estimation(rule, parameters)
    raw = raw_design(responses, columns.authority, parameters)
    rows: list[IndicatorResult] = []
    raw_rows: list[IndicatorResult] = []
    for indicator in wanted:
        weighted = indicator_rows(design, indicator, columns.domains, how)
        rows.extend(weighted)
        if weighted:
            raw_rows.extend(indicator_rows(raw, indicator, columns.domains, how))
    weighting = wave_weighting(
        design, frame_counts, region=columns.region, authority=columns.authority
    )
    return BarometerResults(
        design, tuple(rows), cells, regions, tuple(raw_rows), weighting, parameters
    )


def _as_indicators(
    indicators: Sequence[Indicator] | Mapping[str, IndicatorSpec],
) -> list[Indicator]:
    if isinstance(indicators, Mapping):
        return [Indicator(key, *spec) for key, spec in indicators.items()]
    return list(indicators)
