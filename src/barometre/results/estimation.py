"""Estimates of one questionnaire table, as storage rows: no statistics here.

``stats.estimate_wave`` computes everything (weighted and raw figures, the weighting report
with every margin's target and achieved total, the parameters); this module only arranges
its results as the rows and the JSON report a result set stores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import polars as pl

from barometre import stats
from barometre.results.rows import base_column, numerator_column
from barometre.stats import barometer_parameters
from barometre.stats.barometer import OVERALL

RAW: Final = "brut"
WEIGHTED: Final = "pondere"
DOMAINS: Final = (OVERALL, "region", "departement", "type", "stratum", "role")


@dataclass(frozen=True)
class ResultColumns(stats.WaveColumns):
    """The barometer's domains, plus the département (suppressed where too small)."""

    departement: str = "departement"

    @property
    def domains(self) -> tuple[str, ...]:
        return (self.region, self.departement, self.type, self.stratum, self.role)


COLUMNS: Final = ResultColumns()
#: The margins a weighting report may name (``WeightingReport.margins``), as ``stats`` names them.
CELLS: Final = barometer_parameters.CELLS
REGION: Final = barometer_parameters.REGION
GROUPS: Final = barometer_parameters.GROUPS


@dataclass(frozen=True)
class EstimateRow:
    """One figure: an indicator in one domain level, raw or weighted."""

    indicator: str
    domain: str
    level: str
    weighting: str
    value: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    suppressed: str


@dataclass(frozen=True)
class TableEstimates:
    """One questionnaire's storage rows (weighted then raw), its weighting report as stored,
    each cell's base (for the disclosure decision of the whole result set) and the
    parameters the estimation ran with."""

    rows: tuple[EstimateRow, ...]
    weighting: dict[str, Any]
    cells: tuple[stats.Cell, ...] = ()
    parameters: stats.BarometerParameters = field(default_factory=stats.BarometerParameters)


def cell_key(row: EstimateRow) -> tuple[str, str, str]:
    return (row.indicator, row.domain, row.level)


def base_cells(
    data: pl.DataFrame, indicators: Mapping[str, str], table: str = ""
) -> list[stats.Cell]:
    """For every indicator, overall and in each domain level, the authorities of its base
    that answered (the unweighted base ``n`` of the cell); ``table`` names the questionnaire."""
    cells: list[stats.Cell] = []
    for indicator in indicators:
        value = pl.col(numerator_column(indicator))
        answered = data.filter(
            pl.col(base_column(indicator)) & value.is_not_null() & value.is_not_nan()
        )
        if answered.is_empty():
            continue
        where = (table, indicator)
        cells.append(stats.Cell(where, OVERALL, "", frozenset(answered["authority"])))
        for column in COLUMNS.domains:
            groups = answered.filter(pl.col(column).is_not_null()).group_by(column)
            for (level,), group in groups:
                cells.append(stats.Cell(where, column, str(level), frozenset(group["authority"])))
    return cells


def _clean(number: float | None) -> float:
    return math.nan if number is None else float(number)


def _row(weighting: str, r: stats.IndicatorResult, level: float) -> EstimateRow:
    e = r.estimate
    try:
        low, high = e.ci(level, df=e.df)
    except ValueError:  # no degrees of freedom left (df <= 0): no interval, as in R
        low, high = math.nan, math.nan
    return EstimateRow(
        r.indicator, r.domain, "" if r.level is None else str(r.level), weighting,
        _clean(e.value), _clean(e.se), _clean(low), _clean(high), int(e.n), e.suppressed or "",
    )  # fmt: skip


def _analysis_data(table: pl.DataFrame, indicators: Iterable[str]) -> pl.DataFrame:
    wanted = ["authority", *COLUMNS.domains]
    wanted += [c for i in indicators for c in (numerator_column(i), base_column(i))]
    return table.select(wanted).with_columns(pl.col(COLUMNS.domains).cast(pl.Utf8))


def storage_rows(results: stats.BarometerResults) -> tuple[EstimateRow, ...]:
    """Every figure of ``results``, weighted then raw, as the rows a result set stores."""
    level = results.parameters.level
    weighted = (_row(WEIGHTED, r, level) for r in results.rows)
    raw = (_row(RAW, r, level) for r in results.raw_rows)
    return (*weighted, *raw)


def estimate_table(
    table: pl.DataFrame,
    counts: Sequence[Any],
    indicators: Mapping[str, str],
    rule: stats.DisclosureRule,
    key: str = "",
    *,
    parameters: stats.BarometerParameters | None = None,
) -> TableEstimates:
    """Every indicator of one questionnaire table (``indicators``: id → « share » or « mean »),
    estimated by ``stats.estimate_wave`` straight from the polars table."""
    data = _analysis_data(table, indicators)
    wanted = [
        stats.Indicator(i, numerator_column(i), base_column(i), kind=kind)  # type: ignore[arg-type]
        for i, kind in indicators.items()
    ]
    results = stats.estimate_wave(
        data, counts, wanted, columns=COLUMNS, rule=rule,
        parameters=parameters or stats.BarometerParameters(),
    )  # fmt: skip
    cells = tuple(base_cells(data, indicators, key))
    return TableEstimates(
        storage_rows(results), weighting_report(data, counts, results), cells, results.parameters
    )


def disclose(
    estimates: Mapping[str, Sequence[EstimateRow]],
    cells: Sequence[stats.Cell],
    rule: stats.DisclosureRule,
) -> tuple[dict[str, tuple[EstimateRow, ...]], int]:
    """Every row, raw and weighted, with the one decision taken over all tables (a cell of
    questionnaire ``key`` is ``cells``' cell of table ``(key, indicator)``), and how many
    hidden cells keep a base fixed by the published reasons alone."""
    decision = stats.linked_decision(cells, rule)
    status = {
        (c.table, c.domain, c.level): s or "" for c, s in zip(cells, decision.status, strict=True)
    }
    bases = {(c.table, c.domain, c.level): len(c.units) for c in cells}
    for key, rows in estimates.items():
        for r in rows:
            where = ((key, r.indicator), r.domain, r.level)
            if r.weighting == WEIGHTED and bases.get(where) != r.n:
                raise stats.StatsError(
                    f"Secret statistique : la base de « {r.indicator} » ({r.domain} "
                    f"« {r.level} », n = {r.n}) ne correspond à aucune cellule recomptée."
                )
    rows_out = {
        key: tuple(
            replace(r, suppressed=status.get(((key, r.indicator), r.domain, r.level), "primary"))
            for r in rows
        )
        for key, rows in estimates.items()
    }
    return rows_out, len(decision.pinned)


def weighting_report(
    _data: object, counts: Sequence[Any], results: stats.BarometerResults
) -> dict[str, Any]:
    """The weighting report of ``results`` as a result set stores it: targets and achieved
    margins by type × stratum, by région and by level of the région margin met, effective
    sample size, the margins met, the régions pooled and every step tried. Results assembled
    by hand from a design alone are reported from that design and ``counts``."""
    weighting = results.weighting or stats.wave_weighting(results.design, counts)
    return {
        "n": weighting.n,
        "effective_n": weighting.effective_n,
        "kish_deff": weighting.kish_deff,
        "method": weighting.method,
        "iterations": weighting.iterations,
        "max_misfit": weighting.max_misfit,
        "note": weighting.note,
        "margins": list(weighting.margins),
        "collapsed": [{"level": k, "members": list(m)} for k, m in weighting.collapsed],
        "steps": [_step(step) for step in weighting.steps],
        "weights": {"min": weighting.weight_range[0], "max": weighting.weight_range[1]},
        "cells": [_level(level) for level in weighting.cells],
        "regions": [_level(level) for level in weighting.regions],
        "region_levels": [
            {**_level(level), "members": list(level.members)} for level in weighting.region_levels
        ],
        "uncovered_cells": list(weighting.uncovered_cells),
        "uncovered_regions": list(weighting.uncovered_regions),
    }


def _step(step: stats.WeightingStep) -> dict[str, Any]:
    return {"margin": step.margin, "method": step.method, "met": step.met, "reason": step.reason}


def _level(level: stats.MarginLevel) -> dict[str, Any]:
    return {
        "level": level.level,
        "responses": level.responses,
        "units": level.units,
        "target": level.target,
        "achieved": level.achieved,
    }


def margins_of(report: Mapping[str, Any]) -> list[str]:
    """The margins met; reports stored before they were recorded say it by their method."""
    if "margins" in report:
        return list(report["margins"])
    return [CELLS, REGION] if report.get("method") == "rake" else [CELLS]


def signature(report: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """What makes two weightings the same: the margins met and the régions pooled."""
    pools = tuple(sorted(tuple(p["members"]) for p in report.get("collapsed", [])))
    return tuple(margins_of(report)), pools
