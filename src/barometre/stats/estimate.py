"""Immutable results: one ``Estimate`` per figure, an ``EstimateTable`` per table."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pandas as pd
import polars as pl
from scipy import special

Interval = Callable[[float, float | None], tuple[float, float]]


def quantile(level: float, df: float | None) -> float:
    """Two-sided critical value: normal, or Student's t with ``df`` degrees of freedom."""
    if not 0 < level < 1:
        raise ValueError(f"Niveau de confiance hors de ]0, 1[ (level must be in (0, 1)): {level}")
    if df is not None and not math.isinf(df) and df <= 0:
        raise ValueError(f"Degrés de liberté ≤ 0 (degrees of freedom must be > 0): {df}")
    return _quantile(float(level), None if df is None or math.isinf(df) else float(df))


@functools.lru_cache(maxsize=4096)
def _quantile(level: float, df: float | None) -> float:
    """The ufuncs behind ``scipy.stats`` ``norm.ppf`` and ``t.ppf``, without their overhead
    (a table of thousands of intervals asks for a handful of distinct degrees of freedom)."""
    upper = 1 - (1 - level) / 2
    if df is None:
        return float(special.ndtri(upper))
    return float(special.stdtrit(df, upper))


@dataclass(frozen=True)
class Estimate:
    """A survey estimate with its uncertainty and its unweighted base.

    ``df`` holds the design's degrees of freedom, for ``ci(df=estimate.df)``;
    ``suppressed`` is ``None``, ``"primary"`` or ``"secondary"`` after disclosure control.
    """

    value: float
    se: float
    n: int
    deff: float | None = None
    df: float | None = None
    name: str = ""
    suppressed: str | None = None
    interval: Interval | None = field(default=None, repr=False, compare=False)

    def ci(self, level: float = 0.95, df: float | None = None) -> tuple[float, float]:
        """Confidence interval: normal by default, Student's t when ``df`` is given."""
        if self.interval is not None:
            return self.interval(level, df)
        q = quantile(level, df)
        return (self.value - q * self.se, self.value + q * self.se)

    @property
    def cv(self) -> float:
        """Coefficient of variation, se / |value| (infinite when the value is 0)."""
        return self.se / abs(self.value) if self.value else math.inf

    @property
    def variance(self) -> float:
        return self.se**2

    @property
    def publishable(self) -> bool:
        return self.suppressed is None

    def with_suppression(self, status: str | None) -> Estimate:
        return replace(self, suppressed=status)


Key = tuple[Any, ...]


@dataclass(frozen=True)
class EstimateTable:
    """One row per level or domain: ``keys`` name the level columns of each row's ``levels``."""

    keys: tuple[str, ...]
    rows: tuple[tuple[Key, Estimate], ...]
    statistic: str = "mean"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Key, Estimate]]:
        return iter(self.rows)

    def __getitem__(self, level: Any) -> Estimate:
        key = level if isinstance(level, tuple) else (level,)
        for levels, estimate in self.rows:
            if levels == key:
                return estimate
        raise KeyError(f"Niveau absent du tableau (level not in table): {level!r}")

    @property
    def levels(self) -> list[Key]:
        return [levels for levels, _ in self.rows]

    @property
    def estimates(self) -> list[Estimate]:
        return [estimate for _, estimate in self.rows]

    def replace_estimates(self, estimates: Sequence[Estimate]) -> EstimateTable:
        rows = tuple((levels, e) for (levels, _), e in zip(self.rows, estimates, strict=True))
        return replace(self, rows=rows)

    def records(self, level: float = 0.95, df: float | None = None) -> list[dict[str, Any]]:
        out = []
        for levels, e in self.rows:
            low, high = e.ci(level, df)
            record = dict(zip(self.keys, levels, strict=True))
            record.update(
                value=e.value, se=e.se, ci_low=low, ci_high=high, n=e.n, deff=e.deff,
                cv=e.cv, suppressed=e.suppressed,
            )  # fmt: skip
            out.append(record)
        return out

    def to_frame(
        self,
        level: float = 0.95,
        df: float | None = None,
        backend: Literal["pandas", "polars"] = "pandas",
    ) -> Any:
        """Columns for the levels, then ``value, se, ci_low, ci_high, n, deff, cv, suppressed``."""
        records = self.records(level, df)
        if backend == "polars":
            return pl.DataFrame(records, infer_schema_length=None)
        return pd.DataFrame.from_records(records)
