"""Figures as the dashboard shows them: formatted, flagged, and never a suppressed number.

A suppressed estimate becomes a figure without value, interval nor base: the number stored in
the result set never reaches a template.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

from barometre import vocabulary

SUPPRESSED_TEXT: Final = "secret statistique"
#: An estimate is « fragile » above this coefficient of variation (SE ÷ estimate)…
MAX_CV: Final = 0.30
#: … or below this base (number of responding authorities).
MIN_RELIABLE_BASE: Final = 30
OVERALL: Final = vocabulary.OVERALL
#: The breakdowns a page filters or breaks down by, with their French heading (vocabulary).
DIMENSIONS: Final = {code: vocabulary.level(code).label for code in vocabulary.BREAKDOWNS}


def percent(value: float) -> str:
    return f"{100 * value:.1f}\u202f%".replace(".", ",")


def whole(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class Figure:
    """One estimate ready to print; ``value`` is empty when the cell is under secret."""

    value: str
    interval: str
    base: str
    secret: bool
    fragile: bool
    cv: str


def _fragile(value: float, se: float | None, n: int) -> tuple[bool, str]:
    cv = se / value if se is not None and value > 0 else None
    fragile = n < MIN_RELIABLE_BASE or (cv is not None and cv > MAX_CV)
    return fragile, percent(cv) if cv is not None else ""


def figure(estimate: Any | None) -> Figure:
    """The printed form of a ``ResultEstimate`` (or of a missing one, shown as secret)."""
    if estimate is None or estimate.suppressed or estimate.value is None:
        return Figure(SUPPRESSED_TEXT, "", "", secret=True, fragile=False, cv="")
    low, high = estimate.ci_low, estimate.ci_high
    interval = (
        f"{percent(low)} à {percent(high)}"
        if low is not None and high is not None and math.isfinite(low + high)
        else "non calculable"
    )
    fragile, cv = _fragile(estimate.value, estimate.se, estimate.n)
    return Figure(
        percent(estimate.value), interval, whole(estimate.n), secret=False, fragile=fragile, cv=cv
    )


def gap(raw: Any | None, weighted: Any | None) -> str:
    """Weighted minus raw, in percentage points; empty unless both are published."""
    if raw is None or weighted is None:
        return ""
    if any(e.suppressed or e.value is None for e in (raw, weighted)):
        return ""
    points = 100 * (weighted.value - raw.value)
    return f"{points:+.1f} pt".replace(".", ",").replace("-", "−")


def points(value: float) -> str:
    """A difference of two shares in percentage points, signed: « +7,1 », « −2,0 »."""
    return f"{100 * value:+.1f}".replace(".", ",").replace("-", "\u2212")


@dataclass(frozen=True)
class ChangeFigure:
    """A change between two editions, ready to print; empty when it is not computed."""

    points: str  # « +7,1 points »
    interval: str  # « +4,2 à +10,0 points »
    verdict: str  # « hausse significative », « pas d'évolution significative »…
    significant: bool
    short: str = ""  # « +7,1 pts* » (« * » : significative), for the compact infographic


NO_CHANGE: Final = ChangeFigure(
    "", "", "non calculée : une des deux valeurs n'est pas publiée", significant=False
)


def change_figure(change: Any | None) -> ChangeFigure:
    """The printed form of a ``stats.Change`` (``None``: a side is secret or missing)."""
    if change is None:
        return NO_CHANGE
    significant = change.significant()
    if significant:
        verdict = "hausse significative" if change.direction > 0 else "baisse significative"
    else:
        verdict = "pas d'évolution significative"
    unit = "point" if abs(round(100 * change.difference, 1)) < 2 else "points"  # noqa: PLR2004
    return ChangeFigure(
        f"{points(change.difference)} {unit}",
        f"{points(change.low)} à {points(change.high)} points",
        verdict,
        significant,
        f"{points(change.difference)} pt{'*' if significant else ''}",
    )


Places = dict[str, dict[str, str]]  # domain (région, département) → code → name


def level_name(domain: str, level: str, places: Places) -> str:
    """The French name of a domain level (« Occitanie », « Communes de moins de 500 hab. »),
    as the vocabulary declares it."""
    return vocabulary.modality_label(domain, level, places)
