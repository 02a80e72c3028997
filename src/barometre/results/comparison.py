"""Comparing two result sets: which indicators are comparable, and how each cell changed.

Two editions are compared on the **weighted** estimates of the indicators they define the same
way (same nature, numerator and base); a change is computed only where both cells are
published — a suppressed cell on either side has no change, so a comparison never reveals
what the disclosure control hid. The test is ``stats.change`` (independent samples).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from barometre.campaigns.models import Wave
from barometre.results.estimation import signature
from barometre.results.models import ResultEstimate, ResultSet, Weighting
from barometre.stats import Change, change

#: What makes an indicator the same from one edition to the next.
DEFINITION: Final = ("nature", "numerateur", "base")

Cell = tuple[str, str, str]  # indicator, domain, level


class Edition(Protocol):
    """A published wave and the result set it is read from (``dashboard.query.Published``)."""

    @property
    def wave(self) -> Wave: ...

    @property
    def result_set(self) -> ResultSet: ...


E = TypeVar("E", bound=Edition)


def _definition(meta: dict[str, object]) -> tuple[object, ...]:
    return tuple(meta.get(key) for key in DEFINITION)


def comparable(before: ResultSet, after: ResultSet) -> list[str]:
    """Indicators of ``after`` that ``before`` defines identically, in ``after``'s order."""
    old = before.indicators
    return [
        indicator
        for indicator, meta in after.indicators.items()
        if indicator in old and _definition(old[indicator]) == _definition(meta)
    ]


def redefined(before: ResultSet, after: ResultSet) -> list[str]:
    """Indicators present in both whose definition changed: never compared."""
    old = before.indicators
    return [
        indicator
        for indicator, meta in after.indicators.items()
        if indicator in old and _definition(old[indicator]) != _definition(meta)
    ]


def _order(wave: Wave) -> tuple[int, int, int]:
    return (wave.campaign.year, wave.campaign.pk, wave.number)


def references(current: E, editions: Iterable[E]) -> list[E]:
    """Earlier published editions sharing at least one comparable indicator, best first.

    Best: the same wave number in the most recent earlier campaign (the same questionnaires a
    year before), then the other earlier waves, newest first.
    """
    mine = _order(current.wave)
    earlier = [
        e
        for e in editions
        if _order(e.wave) < mine and comparable(e.result_set, current.result_set)
    ]
    same_number = [e for e in earlier if e.wave.number == current.wave.number]
    rest = [e for e in earlier if e.wave.number != current.wave.number]
    newest = lambda e: _order(e.wave)  # noqa: E731 - a sort key
    return sorted(same_number, key=newest, reverse=True) + sorted(rest, key=newest, reverse=True)


@dataclass(frozen=True)
class CellChange:
    """One cell in both editions; ``change`` is ``None`` unless both are published."""

    before: ResultEstimate | None
    after: ResultEstimate | None
    change: Change | None


def _figure(estimate: ResultEstimate | None) -> tuple[float, float] | None:
    """Value and SE of a published estimate; ``None`` for a suppressed or missing one."""
    if estimate is None or estimate.suppressed or estimate.value is None or estimate.se is None:
        return None
    return estimate.value, estimate.se


def cell_change(before: ResultEstimate | None, after: ResultEstimate | None) -> CellChange:
    old, new = _figure(before), _figure(after)
    if old is None or new is None:
        return CellChange(before, after, None)
    return CellChange(before, after, change(*old, *new))


def _weighted(
    result_set: ResultSet, indicators: Sequence[str], domains: Sequence[str]
) -> dict[Cell, ResultEstimate]:
    rows = ResultEstimate.objects.filter(
        result_set=result_set,
        weighting=Weighting.WEIGHTED,
        indicator_id__in=list(indicators),
        domain__in=list(domains),
    )
    return {(e.indicator_id, e.domain, e.level): e for e in rows}


def changes(
    before: ResultSet, after: ResultSet, domains: Sequence[str], indicators: Sequence[str]
) -> dict[Cell, CellChange]:
    """Every cell of these comparable indicators and domains, in either edition."""
    wanted = [i for i in comparable(before, after) if i in set(indicators)]
    old = _weighted(before, wanted, domains)
    new = _weighted(after, wanted, domains)
    return {cell: cell_change(old.get(cell), new.get(cell)) for cell in {*old, *new}}


def side_values(estimate: ResultEstimate | None, suffix: str = "") -> dict[str, float | None]:
    """Value, interval and base of one side of a change, all empty when it is under secret."""
    shown = estimate if estimate is not None and not estimate.suppressed else None
    return {
        f"valeur{suffix}": shown.value if shown else None,
        f"ic_bas{suffix}": shown.ci_low if shown else None,
        f"ic_haut{suffix}": shown.ci_high if shown else None,
        f"base_n{suffix}": shown.n if shown else None,
    }


def weighted_differently(before: ResultSet, after: ResultSet) -> list[str]:
    """Questionnaires of both editions whose weights meet other margins or pool other régions:
    their changes mix a change of weighting with a change of the answers."""
    old, new = before.weighting, after.weighting
    return [key for key in new if key in old and signature(old[key]) != signature(new[key])]
