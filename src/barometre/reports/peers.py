"""The peers' weighted figures of one theme, by the statistics engine (pure).

For a peer group — a domain of the wave's weighted design, never a cut of the data — the mean
score with its 95 % interval, the quartiles with Woodruff's interval and the share of each
level with its Korn–Graubard interval. Every figure goes through the result set's disclosure
rule; a figure it holds back has no value, interval nor base.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

import numpy as np

from barometre import stats
from barometre.questionnaire.maturity import LEVELS, Level
from barometre.reports.groups import PeerGroup
from barometre.stats.barometer import SHARE_INTERVAL
from barometre.stats.proportions import mean_interval
from barometre.stats.quantiles import quantile

CONFIDENCE: Final = 0.95
QUARTILES: Final = (0.25, 0.5, 0.75)


def score_column(theme: str) -> str:
    return f"score:{theme}"


def level_column(theme: str, level: Level) -> str:
    return f"niveau:{theme}:{level.number}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One published peer figure, or ``value is None`` when the disclosure rule holds it."""

    value: float | None
    low: float | None
    high: float | None
    n: int
    se: float | None = None  # what a change between two waves is tested with

    @classmethod
    def of(cls, estimate: stats.Estimate, rule: stats.DisclosureRule) -> Figure:
        checked = rule.check(estimate)
        if not checked.publishable:
            return cls(None, None, None, 0)
        low, high = _interval(checked)
        se = float(checked.se) if math.isfinite(checked.se) else None
        return cls(float(checked.value), low, high, int(checked.n), se)


def _interval(estimate: stats.Estimate) -> tuple[float | None, float | None]:
    try:
        low, high = estimate.ci(CONFIDENCE, df=estimate.df)
    except ValueError:  # no degrees of freedom left: no interval, as in R
        return None, None
    return (None if math.isnan(low) else float(low), None if math.isnan(high) else float(high))


@dataclass(frozen=True, slots=True)
class PeerFigures:
    """A peer group's figures for one theme."""

    group: PeerGroup
    mean: Figure
    quartiles: tuple[Figure, Figure, Figure]
    levels: tuple[tuple[Level, Figure], ...]

    @property
    def n(self) -> int:
        return len(self.group.members)


def peer_figures(
    design: stats.Design,
    authorities: Sequence[str],
    theme: str,
    group: PeerGroup,
    rule: stats.DisclosureRule,
) -> PeerFigures:
    """The figures of ``group`` (its members' rows of the wave's design) for ``theme``."""
    mask = np.isin(np.asarray(authorities, dtype=object), list(group.members))
    domain = design.subset(mask)
    column = score_column(theme)
    average = stats.mean(domain, column, na_rm=True)
    if not isinstance(average, stats.Estimate):  # pragma: no cover - the column is numeric
        raise stats.StatsError(f"« {column} » n'est pas numérique.")
    average = replace(average, interval=mean_interval(average))
    quartiles = tuple(Figure.of(quantile(domain, column, p), rule) for p in QUARTILES)
    levels = tuple(
        (
            level,
            Figure.of(
                stats.ciprop(domain, level_column(theme, level), method=SHARE_INTERVAL, na_rm=True),
                rule,
            ),
        )
        for level in LEVELS
    )
    return PeerFigures(group, Figure.of(average, rule), quartiles, levels)  # type: ignore[arg-type]


def position(score: float, figures: PeerFigures) -> str | None:
    """Where the score stands in its group, in bands of quarters — never a rank."""
    q1, median, q3 = (figure.value for figure in figures.quartiles)
    if q1 is None or median is None or q3 is None:
        return None
    if q1 == q3 == score:
        return "au niveau de la moitié centrale de votre groupe"
    if score >= q3:
        return "parmi le quart le plus avancé de votre groupe"
    if score >= median:
        return "dans la moitié la plus avancée de votre groupe"
    if score > q1:
        return "dans la moitié la moins avancée de votre groupe"
    return "parmi le quart le moins avancé de votre groupe"
