"""The barometer's figures: every indicator overall and in each domain level, weighted on the
barometer's design or raw (unweighted, one cluster per authority), with their intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

import numpy as np

from barometre.stats._columns import FloatArray
from barometre.stats.barometer_parameters import BarometerParameters
from barometre.stats.design import Design
from barometre.stats.disclosure import DisclosureRule
from barometre.stats.domains import by
from barometre.stats.errors import StatsError
from barometre.stats.estimate import Estimate, EstimateTable
from barometre.stats.estimators import mean
from barometre.stats.proportions import ciprop, mean_interval

OVERALL: Final = "ensemble"
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
class IndicatorResult:
    """One figure of one domain level: the estimate, and the raw (unweighted) mean of the
    answers in it (for a raw figure, the estimate's own value)."""

    indicator: str
    domain: str
    level: Any
    raw: float
    estimate: Estimate


@dataclass(frozen=True)
class Estimation:
    """How figures are estimated: the disclosure rule and the parameters (share interval)."""

    rule: DisclosureRule
    parameters: BarometerParameters


def _mean_with_interval(design: Design, variable: str, *, na_rm: bool) -> Estimate:
    """``mean`` with a Wald interval, Student's t at the design's df, none without variance."""
    estimate = mean(design, variable, na_rm=na_rm)
    if not isinstance(estimate, Estimate):  # pragma: no cover - numeric checked by the caller
        raise StatsError(f"« {variable} » n'est pas numérique.")
    return replace(estimate, interval=mean_interval(estimate))


def _with_mean_intervals(table: EstimateTable) -> EstimateTable:
    return table.replace_estimates([replace(e, interval=mean_interval(e)) for e in table.estimates])


def _overall(domain: Design, indicator: Indicator, how: Estimation) -> Estimate:
    if indicator.kind == "mean":
        return _mean_with_interval(domain, indicator.numerator, na_rm=True)
    method = how.parameters.share_interval
    return ciprop(domain, indicator.numerator, method=method, na_rm=True)


def _by(domain: Design, column: str, indicator: Indicator, how: Estimation) -> EstimateTable:
    if indicator.kind == "mean":
        return _with_mean_intervals(by(domain, column, mean, indicator.numerator, na_rm=True))
    method = how.parameters.share_interval
    return by(domain, column, ciprop, indicator.numerator, method=method, na_rm=True)


def indicator_rows(
    design: Design, indicator: Indicator, domains: Sequence[str], how: Estimation
) -> list[IndicatorResult]:
    """The indicator overall and by each domain on ``design``; none when nobody answered."""
    y = design.columns.numeric(indicator.numerator)
    domain = design
    if indicator.denominator is not None:
        domain = design.subset(indicator.denominator)
    answered = domain.in_domain & ~np.isnan(y)
    if not answered.any():
        return []
    overall = how.rule.check(_overall(domain, indicator, how))
    rows = [IndicatorResult(indicator.id, OVERALL, "", float(y[answered].mean()), overall)]
    for column in domains:
        table = how.rule.apply(_by(domain, column, indicator, how))
        rows.extend(_table_rows(indicator.id, column, table, design, (y, answered)))
    return rows


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


def raw_design(responses: Any, authority: str, parameters: BarometerParameters) -> Design:
    """The responses unweighted, each authority one cluster (what the sample says)."""
    return Design(responses, ids=authority, lonely_psu=parameters.lonely_psu)
