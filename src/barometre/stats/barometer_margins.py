"""What the barometer's weights achieve: every margin's target and weighted total, and the
weighting report (method, steps tried, régions pooled, margins given up, iterations, gaps).

Computed from the weighted design itself (its analysis columns and weights) and the frame
counts, so the report says what the weights do, not what they were meant to do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol

import numpy as np
import pandas as pd

from barometre.stats.barometer_parameters import CELLS
from barometre.stats.design import Design, WeightingStep

CELL: Final = "_cell"  # the analysis column holding each row's type × stratum cell


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


def cell_key(kind: Any, stratum: Any) -> str:
    """« commune·<500 »: the type × stratum cell of a frame count or a response."""
    return f"{getattr(kind, 'value', kind)}·{stratum}"


@dataclass(frozen=True)
class MarginLevel:
    """One level of a margin: responding authorities, frame units, target and weighted total.

    ``target`` is ``None`` for a frame cell nobody answered (it cannot be met); ``members``
    are the régions of a level of the région margin (one, or the régions pooled).
    """

    level: str
    responses: int
    units: int
    target: float | None
    achieved: float
    members: tuple[str, ...] = ()

    @property
    def gap(self) -> float | None:
        """|achieved − target| / target; ``None`` without a target."""
        if not self.target:
            return None
        return abs(self.achieved - self.target) / self.target


@dataclass(frozen=True)
class WaveWeighting:
    """The weighting report of a wave: what the weights meet and how they got there."""

    method: str  # « rake » or « poststratify »
    margins: tuple[str, ...]  # the margins met, in words
    steps: tuple[WeightingStep, ...]  # every step tried, met or given up
    collapsed: tuple[tuple[str, tuple[str, ...]], ...]  # régions pooled in the margin met
    iterations: int
    max_misfit: float  # the raking's own largest relative gap
    note: str
    n: int
    effective_n: float
    kish_deff: float
    weight_range: tuple[float, float]
    cells: tuple[MarginLevel, ...]  # type × stratum: every frame cell, answered or not
    regions: tuple[MarginLevel, ...]  # each answered région alone
    region_levels: tuple[MarginLevel, ...]  # the région margin met (empty when none was)
    uncovered_cells: tuple[str, ...] = ()
    uncovered_regions: tuple[str, ...] = ()

    @property
    def dropped(self) -> tuple[str, ...]:
        """The margins given up, in the order they were tried."""
        return tuple(step.margin for step in self.steps if not step.met)

    @property
    def max_gap(self) -> float:
        """The largest relative gap over every level of the margins met."""
        met = [*self.cells, *self.region_levels]
        gaps = [g for g in (level.gap for level in met) if g is not None]
        return max(gaps, default=0.0)


def frame_coverage(
    responses: Mapping[str, set[str]], frame_counts: Iterable[FrameCell]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Frame cells and régions without any response (``responses``: « cells », « regions »)."""
    counts = list(frame_counts)
    cells = {cell_key(c.type, c.stratum) for c in counts}
    regions = {str(c.region) for c in counts}
    return tuple(sorted(cells - responses["cells"])), tuple(sorted(regions - responses["regions"]))


def wave_weighting(
    design: Design, frame_counts: Iterable[FrameCell], *, region: str = "region",
    authority: str = "authority",
) -> WaveWeighting:  # fmt: skip
    """The weighting report of a design built by ``barometer_design``."""
    frame = _weighted_rows(design, region, authority)
    counts = list(frame_counts)
    covered = {"cells": set(frame["cell"]), "regions": set(frame["region"])}
    targets = _targets(counts, covered)
    report = design.report
    if report is None:
        raise ValueError("Plan sans rapport de pondération : il n'a pas été pondéré.")
    cells = _margin(frame, "cell", targets["cell"], targets["units"])
    regions = _margin(frame, "region", targets["region"], None)
    met = len(report.margins) > 1
    uncovered = frame_coverage(covered, counts)
    return WaveWeighting(
        method=report.method, margins=report.margins or (CELLS,), steps=report.steps,
        collapsed=report.collapsed, iterations=report.iterations, max_misfit=report.max_misfit,
        note=report.note, n=design.n, effective_n=design.effective_n, kish_deff=design.kish_deff,
        weight_range=(float(design.weights.min()), float(design.weights.max())),
        cells=cells, regions=regions,
        region_levels=_region_levels(frame, targets["region"], report.collapsed) if met else (),
        uncovered_cells=uncovered[0], uncovered_regions=uncovered[1],
    )  # fmt: skip


def _weighted_rows(design: Design, region: str, authority: str) -> pd.DataFrame:
    columns = design.columns
    cell = np.asarray(columns.raw(CELL)).astype(str)
    return pd.DataFrame(
        {
            "cell": cell,
            "region": np.asarray(columns.raw(region)).astype(str),
            "authority": columns.raw(authority),
            "weight": design.weights,
        }
    )


def _targets(counts: list[FrameCell], covered: Mapping[str, set[str]]) -> dict[str, Any]:
    """Frame units of covered cells in covered régions, by cell and by région; all units."""
    by_cell: dict[str, float] = defaultdict(float)
    by_region: dict[str, float] = defaultdict(float)
    units: dict[str, int] = defaultdict(int)
    for c in counts:
        key = cell_key(c.type, c.stratum)
        units[key] += c.units
        if key in covered["cells"] and str(c.region) in covered["regions"]:
            by_cell[key] += c.units
            by_region[str(c.region)] += c.units
    return {"cell": dict(by_cell), "region": dict(by_region), "units": dict(units)}


def _margin(
    frame: pd.DataFrame,
    column: str,
    targets: Mapping[str, float],
    units: Mapping[str, int] | None,
    members: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[MarginLevel, ...]:
    grouped = frame.groupby(column, sort=False)
    achieved = grouped["weight"].sum().to_dict()
    responses = grouped["authority"].nunique().to_dict()
    return tuple(
        MarginLevel(
            level=level,
            responses=int(responses.get(level, 0)),
            units=(units or {}).get(level, int(targets.get(level, 0))),
            target=targets.get(level),
            achieved=float(achieved.get(level, 0.0)),
            members=(members or {}).get(level, (level,) if members is not None else ()),
        )
        for level in sorted(set(targets) | set(units or {}))
    )


def _region_levels(
    frame: pd.DataFrame,
    targets: Mapping[str, float],
    collapsed: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[MarginLevel, ...]:
    """The levels of the région margin met (a région alone, or pooled régions)."""
    level_of = {region: level for level, members in collapsed for region in members}
    pooled = frame.assign(level=frame["region"].map(lambda r: level_of.get(r, r)))
    level_targets: dict[str, float] = defaultdict(float)
    for region, target in targets.items():
        level_targets[level_of.get(region, region)] += target
    return _margin(pooled, "level", dict(level_targets), None, dict(collapsed))
