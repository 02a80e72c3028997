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
from typing import Any, Final, Literal, Protocol

import numpy as np
import pandas as pd

from barometre.stats._columns import Columns, FloatArray
from barometre.stats.design import Design, LonelyPSU
from barometre.stats.disclosure import DisclosureRule
from barometre.stats.domains import by
from barometre.stats.errors import CalibrationError, StatsError
from barometre.stats.estimate import Estimate, EstimateTable
from barometre.stats.estimators import mean
from barometre.stats.proportions import ciprop, mean_interval
from barometre.stats.weighting import poststratify, rake

IndicatorSpec = tuple[str, str | None] | tuple[str, str | None, str]
CELL = "_cell"
RAKE_EPSILON = 1e-10  # raking converged when no cell moves by more than this × Σw
RAKE_MAX_ITER = 500
RAKE_MAX_MISFIT = 1e-6  # a région or cell may miss its frame count by at most this (relative)
MIN_REGION_AUTHORITIES = 10  # fewer responding authorities: the région is pooled for raking
#: Declared groups of neighbouring régions (codes of the Code officiel géographique): a sparse
#: région is pooled within its group; when the régions cannot all be met, the groups are.
REGION_GROUPS: Final = {
    "outre-mer": ("01", "02", "03", "04", "06"),
    "nord-ouest": ("11", "24", "28"),
    "nord-est": ("27", "32", "44"),
    "ouest": ("52", "53"),
    "sud-ouest": ("75", "76"),
    "sud-est": ("84", "93", "94"),
}
OVERALL = "ensemble"
#: Shares: Korn–Graubard everywhere, never a point interval at 0 % or 100 % (methodology § 8).
SHARE_INTERVAL: Final = "beta"


class FrameCell(Protocol):
    """One type × stratum × région cell of the frame (``referentiel.FrameCount`` fits)."""

    @property
    def type(self) -> Any: ...
    @property
    def stratum(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def units(self) -> int: ...


IndicatorKind = Literal["share", "mean"]
KINDS: tuple[str, ...] = ("share", "mean")


@dataclass(frozen=True)
class Indicator:
    """An indicator among the rows where ``denominator`` is true (all rows when ``None``).

    ``kind="share"`` (default): share of ``numerator`` (a 0/1 column), Korn–Graubard interval
    (``ciprop`` with ``SHARE_INTERVAL``); ``kind="mean"``: mean of a numeric ``numerator`` (any
    range), Wald interval with Student's t at the design's degrees of freedom (``mean``).
    """

    id: str
    numerator: str
    denominator: str | None = None
    kind: IndicatorKind = "share"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise StatsError(
                f"Nature d'indicateur inconnue « {self.kind} » pour « {self.id} » "
                f"(unknown indicator kind); valeurs possibles : {', '.join(KINDS)}."
            )


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
class IndicatorResult:
    """One published figure: raw (unweighted) share and weighted estimate of one domain."""

    indicator: str
    domain: str
    level: Any
    raw: float
    estimate: Estimate


@dataclass(frozen=True)
class BarometerResults:
    """Every indicator by every domain, with the design and the frame cells left uncovered."""

    design: Design
    rows: tuple[IndicatorResult, ...]
    uncovered_cells: tuple[str, ...] = field(default=())
    uncovered_regions: tuple[str, ...] = field(default=())

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


def _cell_key(kind: Any, stratum: Any) -> str:
    return f"{kind}·{stratum}"


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
        key = _cell_key(getattr(c.type, "value", c.type), c.stratum)
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
    lonely_psu: LonelyPSU = "average",
) -> tuple[Design, tuple[str, ...], tuple[str, ...]]:
    """The weighted design of a wave, and the frame cells and régions without respondents."""
    frame = _analysis_frame(responses, columns, extra)
    frame[columns.region] = frame[columns.region].astype(str)
    frame_cells = {_cell_key(getattr(c.type, "value", c.type), c.stratum) for c in frame_counts}
    frame_regions = {str(c.region) for c in frame_counts}
    covered_cells, covered_regions = set(frame[CELL]), set(frame[columns.region])
    if not covered_cells <= frame_cells or not covered_regions <= frame_regions:
        unknown = sorted((covered_cells - frame_cells) | (covered_regions - frame_regions))
        raise StatsError(f"Cellules ou régions absentes de la base de sondage : {unknown}.")
    cell_targets, region_targets = _targets(frame_counts, covered_cells, covered_regions)
    frame["_N"] = frame[CELL].map(cell_targets).astype(float)
    frame["_w"] = _base_weights(frame, columns.authority)
    steps = _region_steps(frame, columns)
    margins = [_raking_margins(frame, columns, (cell_targets, region_targets), s) for s in steps]
    design = Design(
        frame, ids=columns.authority, strata=CELL, weights="_w", fpc="_N", lonely_psu=lonely_psu
    )
    design = _rake_or_poststratify(poststratify(design, CELL, cell_targets), steps, margins)
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


def _group_of(region: str) -> str:
    return next((name for name, codes in REGION_GROUPS.items() if region in codes), region)


def _sparse_levels(authorities: Mapping[str, int]) -> dict[str, str]:
    """Each région alone, except those with fewer than ``MIN_REGION_AUTHORITIES`` responding
    authorities: pooled with the other sparse régions of their group, and with the group's
    smallest other région when the pool is still too small."""
    levels: dict[str, str] = {}
    for group in dict.fromkeys(_group_of(r) for r in sorted(authorities)):
        members = [r for r in sorted(authorities) if _group_of(r) == group]
        pool = [r for r in members if authorities[r] < MIN_REGION_AUTHORITIES]
        dense = sorted((r for r in members if r not in pool), key=lambda r: (authorities[r], r))
        if pool and sum(authorities[r] for r in pool) < MIN_REGION_AUTHORITIES and dense:
            pool.append(dense[0])
        levels.update({r: r for r in members})
        if len(pool) > 1:
            levels.update(dict.fromkeys(pool, "+".join(sorted(pool))))
    return levels


def _region_steps(frame: pd.DataFrame, columns: WaveColumns) -> list[RegionStep]:
    """Régions (sparse ones pooled), then groups of neighbouring régions: distinct steps only."""
    counted = frame.groupby(columns.region)[columns.authority].nunique()
    authorities = {str(region): int(n) for region, n in counted.items()}
    regions = sorted(authorities)
    grouped = {r: "+".join(x for x in regions if _group_of(x) == _group_of(r)) for r in regions}
    steps = [RegionStep("région", "_rake_region", _sparse_levels(authorities))]
    if grouped != steps[0].levels:
        steps.append(RegionStep("groupe de régions voisines", "_rake_group", grouped))
    for step in steps:
        frame[step.column] = frame[columns.region].map(step.levels)
    return steps


def _rake_or_poststratify(
    design: Design, steps: list[RegionStep], margins: list[dict[str | tuple[str, ...], Any]]
) -> Design:
    """Rake on type × stratum and région — sparse régions pooled, then groups of régions if
    the régions cannot be met; when no step meets its margins, keep the post-stratification
    on type × stratum. The weighting report says which margins were met and what was pooled."""
    if design.report is None:  # pragma: no cover - poststratify always reports
        raise CalibrationError("Post-stratification sans rapport de pondération.")
    failures: list[str] = []
    for step, margin in zip(steps, margins, strict=True):
        try:
            raked = rake(design, margin, epsilon=RAKE_EPSILON, max_iter=RAKE_MAX_ITER,
                         max_misfit=RAKE_MAX_MISFIT)  # fmt: skip
        except CalibrationError as error:
            failures.append(f"marge « {step.margin} » abandonnée ({error.code}) : {error}")
            continue
        if raked.report is None:  # pragma: no cover - rake always reports
            raise CalibrationError("Raking sans rapport de pondération.")
        report = replace(
            raked.report,
            margins=("type × strate", step.margin),
            collapsed=step.collapsed,
            note=" ".join(failures),
        )
        return raked.with_report(report)
    note = (
        f"Raking sur la région abandonné : {' '.join(failures)} Poids post-stratifiés par "
        "type × strate seulement : les totaux par région ne sont pas calés sur le référentiel."
    )
    return design.with_report(replace(design.report, margins=("type × strate",), note=note))


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
) -> BarometerResults:
    """Every indicator overall and by région, type, stratum and role, raw and weighted.

    ``indicators``: ``Indicator`` objects, or ``{id: (numerator, denominator)}`` (a share) or
    ``{id: (numerator, denominator, kind)}`` with ``kind`` ``"share"`` or ``"mean"``.
    """
    wanted = _as_indicators(indicators)
    extra = {c for i in wanted for c in (i.numerator, i.denominator) if c is not None}
    design, cells, regions = barometer_design(responses, frame_counts, columns=columns, extra=extra)
    rows: list[IndicatorResult] = []
    for indicator in wanted:
        rows.extend(_indicator_rows(design, indicator, columns, rule))
    return BarometerResults(design, tuple(rows), cells, regions)


def _as_indicators(
    indicators: Sequence[Indicator] | Mapping[str, IndicatorSpec],
) -> list[Indicator]:
    if isinstance(indicators, Mapping):
        return [Indicator(key, *spec) for key, spec in indicators.items()]
    return list(indicators)


def _mean_with_interval(design: Design, variable: str, *, na_rm: bool) -> Estimate:
    """``mean`` with a Wald interval, Student's t at the design's df, none without variance."""
    estimate = mean(design, variable, na_rm=na_rm)
    if not isinstance(estimate, Estimate):  # pragma: no cover - numeric checked by the caller
        raise StatsError(f"« {variable} » n'est pas numérique.")
    return replace(estimate, interval=mean_interval(estimate))


def _indicator_rows(
    design: Design, indicator: Indicator, columns: WaveColumns, rule: DisclosureRule
) -> list[IndicatorResult]:
    y = design.columns.numeric(indicator.numerator)
    domain = design
    if indicator.denominator is not None:
        domain = design.subset(indicator.denominator)
    answered = domain.in_domain & ~np.isnan(y)
    if not answered.any():
        return []
    if indicator.kind == "mean":
        overall = _mean_with_interval(domain, indicator.numerator, na_rm=True)
    else:
        overall = ciprop(domain, indicator.numerator, method=SHARE_INTERVAL, na_rm=True)
    overall = rule.check(overall)
    rows = [IndicatorResult(indicator.id, OVERALL, "", float(y[answered].mean()), overall)]
    for column in columns.domains:
        if indicator.kind == "mean":
            table = _with_mean_intervals(by(domain, column, mean, indicator.numerator, na_rm=True))
        else:
            table = by(
                domain, column, ciprop, indicator.numerator, method=SHARE_INTERVAL, na_rm=True
            )
        table = rule.apply(table)
        rows.extend(_table_rows(indicator.id, column, table, design, (y, answered)))
    return rows


def _with_mean_intervals(table: EstimateTable) -> EstimateTable:
    return table.replace_estimates([replace(e, interval=mean_interval(e)) for e in table.estimates])


def _table_rows(
    indicator: str,
    column: str,
    table: EstimateTable,
    design: Design,
    answers: tuple[FloatArray, Any],
) -> list[IndicatorResult]:
    y, answered = answers
    factor = design.columns.factor(column)
    use = answered & ~factor.missing
    counts = np.bincount(factor.codes[use], minlength=len(factor.levels))
    sums = np.bincount(factor.codes[use], weights=y[use], minlength=len(factor.levels))
    raw = {level: sums[j] / counts[j] for j, level in enumerate(factor.levels) if counts[j]}
    return [
        IndicatorResult(indicator, column, levels[0], float(raw[levels[0]]), estimate)
        for levels, estimate in table
    ]
