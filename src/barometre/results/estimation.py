"""Estimates of one questionnaire table, raw and weighted, by calling ``barometre.stats``.

No statistics here: the weighted figures come from ``stats.estimate_wave`` (the barometer's
design), the raw ones from the same verbs on an unweighted design (one cluster per
authority). This module only arranges their results as plain rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

import pandas as pd
import polars as pl

from barometre import stats
from barometre.results.rows import base_column, numerator_column
from barometre.stats.barometer import OVERALL, SHARE_INTERVAL
from barometre.stats.proportions import mean_interval

RAW: Final = "brut"
WEIGHTED: Final = "pondere"
LEVEL: Final = 0.95
DOMAINS: Final = (OVERALL, "region", "departement", "type", "stratum", "role")


@dataclass(frozen=True)
class ResultColumns(stats.WaveColumns):
    """The barometer's domains, plus the département (suppressed where too small)."""

    departement: str = "departement"

    @property
    def domains(self) -> tuple[str, ...]:
        return (self.region, self.departement, self.type, self.stratum, self.role)


COLUMNS: Final = ResultColumns()
#: The margins a weighting report may name (``WeightingReport.margins``).
CELLS: Final = "type × strate"
REGION: Final = "région"
GROUPS: Final = "groupe de régions voisines"


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
    rows: tuple[EstimateRow, ...]
    weighting: dict[str, Any]
    cells: tuple[stats.Cell, ...] = ()


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


def _row(indicator: str, domain: str, level: Any, weighting: str, e: stats.Estimate) -> EstimateRow:
    try:
        low, high = e.ci(LEVEL, df=e.df)
    except ValueError:  # no degrees of freedom left (df <= 0): no interval, as in R
        low, high = math.nan, math.nan
    return EstimateRow(
        indicator, domain, "" if level is None else str(level), weighting,
        _clean(e.value), _clean(e.se), _clean(low), _clean(high), int(e.n), e.suppressed or "",
    )  # fmt: skip


def _analysis_data(table: pl.DataFrame, indicators: Sequence[str]) -> pl.DataFrame:
    wanted = ["authority", *COLUMNS.domains]
    wanted += [c for i in indicators for c in (numerator_column(i), base_column(i))]
    return table.select(wanted).with_columns(pl.col(COLUMNS.domains).cast(pl.Utf8))


def _pandas(data: pl.DataFrame) -> pd.DataFrame:
    """Without pyarrow: column by column through numpy (nulls of text columns become None)."""
    return pd.DataFrame({name: data[name].to_numpy() for name in data.columns})


def weighted_rows(
    data: pl.DataFrame, counts: Sequence[Any], indicators: Mapping[str, str], rule: Any
) -> tuple[list[EstimateRow], stats.BarometerResults]:
    """``indicators`` maps each indicator id to its kind (« share » or « mean »)."""
    wanted = [
        stats.Indicator(i, numerator_column(i), base_column(i), kind=kind)
        for i, kind in indicators.items()
    ]
    results = stats.estimate_wave(_pandas(data), counts, wanted, columns=COLUMNS, rule=rule)
    rows = [_row(r.indicator, r.domain, r.level, WEIGHTED, r.estimate) for r in results.rows]
    return rows, results


def raw_rows(
    data: pl.DataFrame, indicators: Mapping[str, str], estimated: set[tuple[str, str, str]]
) -> list[EstimateRow]:
    """Unweighted shares or means with their SE (authorities as clusters), for the indicators
    that have a weighted estimate (``estimated`` holds the weighted cells' keys)."""
    design = stats.Design(_pandas(data), ids="authority", lonely_psu="average")
    rows: list[EstimateRow] = []
    for indicator, kind in indicators.items():
        domain = design.subset(base_column(indicator))
        variable = numerator_column(indicator)
        if (indicator, OVERALL, "") not in estimated:
            continue  # nobody in its base: no weighted figure either
        verb = stats.mean if kind == "mean" else stats.ciprop
        options = {} if kind == "mean" else {"method": SHARE_INTERVAL}
        overall = _raw_interval(verb(domain, variable, na_rm=True, **options), kind)
        rows.append(_row(indicator, OVERALL, "", RAW, overall))
        for column in COLUMNS.domains:
            table = stats.by(domain, column, verb, variable, na_rm=True, **options)
            rows.extend(
                _row(indicator, column, lv[0], RAW, _raw_interval(e, kind)) for lv, e in table
            )
    return rows


def _raw_interval(estimate: stats.Estimate, kind: str) -> stats.Estimate:
    """A raw mean gets the weighted one's interval rule (none without variance)."""
    if kind != "mean":
        return estimate
    return replace(estimate, interval=mean_interval(estimate))


def estimate_table(
    table: pl.DataFrame,
    counts: Sequence[Any],
    indicators: Mapping[str, str],
    rule: stats.DisclosureRule,
    key: str = "",
) -> TableEstimates:
    """Every indicator of one questionnaire table, weighted then raw, the weighting report and
    each cell's base (for the disclosure decision of the whole result set)."""
    data = _analysis_data(table, indicators)
    weighted, results = weighted_rows(data, counts, indicators, rule)
    raw = raw_rows(data, indicators, {cell_key(r) for r in weighted})
    cells = tuple(base_cells(data, indicators, key))
    return TableEstimates((*weighted, *raw), weighting_report(data, counts, results), cells)


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
    data: pl.DataFrame, counts: Sequence[Any], results: stats.BarometerResults
) -> dict[str, Any]:
    """Targets and achieved margins by type × stratum and by région, effective sample size,
    the margins the weights meet and the régions pooled to meet them."""
    design = results.design
    frame = pl.DataFrame(
        {
            "cell": [f"{t}·{s}" for t, s in zip(data["type"], data["stratum"], strict=True)],
            "region": data["region"],
            "authority": data["authority"],
            "weight": design.weights,
        }
    )
    targets_cell, targets_region, units_cell = _frame_targets(frame, counts)
    report = design.report
    margins = list(report.margins) if report else []
    collapsed = [{"level": k, "members": list(m)} for k, m in (report.collapsed if report else ())]
    levels = _region_levels(frame, targets_region, margins, collapsed)
    return {
        "n": design.n,
        "effective_n": design.effective_n,
        "kish_deff": design.kish_deff,
        "method": report.method if report else "",
        "iterations": report.iterations if report else 0,
        "max_misfit": report.max_misfit if report else 0.0,
        "note": getattr(report, "note", "") or "",
        "margins": margins,
        "collapsed": collapsed,
        "weights": {"min": float(design.weights.min()), "max": float(design.weights.max())},
        "cells": _margins(frame, "cell", targets_cell, units_cell),
        "regions": _margins(frame, "region", targets_region, None),
        "region_levels": levels,
        "uncovered_cells": list(results.uncovered_cells),
        "uncovered_regions": list(results.uncovered_regions),
    }


def _frame_targets(
    frame: pl.DataFrame, counts: Sequence[Any]
) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    covered = set(frame["region"].to_list())
    cells = set(frame["cell"].to_list())
    targets_cell: dict[str, float] = {}
    targets_region: dict[str, float] = {}
    units_cell: dict[str, int] = {}
    for c in counts:
        key = f"{getattr(c.type, 'value', c.type)}·{c.stratum}"
        units_cell[key] = units_cell.get(key, 0) + c.units
        if key in cells and str(c.region) in covered:
            targets_cell[key] = targets_cell.get(key, 0) + c.units
            targets_region[str(c.region)] = targets_region.get(str(c.region), 0) + c.units
    return targets_cell, targets_region, units_cell


def _region_levels(
    frame: pl.DataFrame,
    targets: dict[str, float],
    margins: list[str],
    collapsed: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The levels of the région margin the raking met (a région alone, or pooled régions),
    with their target and achieved total; empty when no région margin was met."""
    if len(margins) < 2:  # noqa: PLR2004 - type × stratum, then the région margin
        return []
    level_of = {r: c["level"] for c in collapsed for r in c["members"]}
    pooled = frame.with_columns(
        pl.col("region").replace_strict(level_of, default=pl.col("region")).alias("level")
    )
    level_targets: dict[str, float] = {}
    for region, target in targets.items():
        key = level_of.get(region, region)
        level_targets[key] = level_targets.get(key, 0) + target
    members = {c["level"]: c["members"] for c in collapsed}
    return [
        {**row, "members": members.get(row["level"], [row["level"]])}
        for row in _margins(pooled, "level", level_targets, None)
    ]


def _margins(
    frame: pl.DataFrame, column: str, targets: dict[str, float], units: dict[str, int] | None
) -> list[dict[str, Any]]:
    achieved = frame.group_by(column).agg(
        pl.col("weight").sum().alias("achieved"), pl.col("authority").n_unique().alias("responses")
    )
    by_level = {row[column]: row for row in achieved.iter_rows(named=True)}
    levels = sorted(set(targets) | set(units or {}))
    return [
        {
            "level": level,
            "responses": int(by_level.get(level, {}).get("responses", 0)),
            "units": (units or {}).get(level, int(targets.get(level, 0))),
            "target": targets.get(level),
            "achieved": float(by_level.get(level, {}).get("achieved", 0.0)),
        }
        for level in levels
    ]


def margins_of(report: Mapping[str, Any]) -> list[str]:
    """The margins met; reports stored before they were recorded say it by their method."""
    if "margins" in report:
        return list(report["margins"])
    return [CELLS, REGION] if report.get("method") == "rake" else [CELLS]


def signature(report: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """What makes two weightings the same: the margins met and the régions pooled."""
    pools = tuple(sorted(tuple(p["members"]) for p in report.get("collapsed", [])))
    return tuple(margins_of(report)), pools
