"""Participation counts and rates against the frame, on plain data (no database).

An authority's status in a wave is one of ``not_invited`` < ``invited`` < ``started`` <
``submitted``; counts are cumulative (a submitted authority was also invited and started), and
every rate divides by the number of frame units in the cell, whether invited or not.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, NamedTuple

from barometre import vocabulary
from barometre.referentiel import Unit, stratum_label, stratum_of

STATUSES: Final = ("not_invited", "invited", "started", "submitted")
STATUS_LABELS: Final = {
    "not_invited": "non invitée",
    "invited": "invitée, pas commencé",
    "started": "commencé, pas soumis",
    "submitted": "soumis",
}
RANK: Final = {status: rank for rank, status in enumerate(STATUSES)}


class Cell(NamedTuple):
    """A région × type × strate cell (a named tuple: hashed in C, counted over the whole frame
    on every participation and reminder page)."""

    region: str
    type: str
    stratum: str


@dataclass(frozen=True, slots=True)
class RateRow:
    """One région × type × stratum cell; ``units`` is the frame's count (the base n)."""

    cell: Cell
    units: int
    invited: int
    started: int
    submitted: int

    @property
    def invited_rate(self) -> float | None:
        return self.invited / self.units if self.units else None

    @property
    def started_rate(self) -> float | None:
        return self.started / self.units if self.units else None

    @property
    def submitted_rate(self) -> float | None:
        return self.submitted / self.units if self.units else None

    @property
    def stratum_label(self) -> str:
        return stratum_label(self.cell.type, self.cell.stratum) if self.cell.type else "Ensemble"


def cell_of(unit: Unit) -> Cell:
    return Cell(region=unit.region or "", type=unit.type, stratum=stratum_of(unit))


def rate_table(cells: Mapping[str, Cell], statuses: Mapping[str, str]) -> list[RateRow]:
    """One row per cell of the frame (sorted), from each authority's cell and wave status.

    ``cells`` maps every frame authority in scope to its cell; ``statuses`` maps authorities to
    their status (absent means ``not_invited``; authorities outside ``cells`` are ignored).
    """
    units: Counter[Cell] = Counter(cells.values())
    reached: dict[str, Counter[Cell]] = {status: Counter() for status in STATUSES[1:]}
    for authority_id, status in statuses.items():
        cell = cells.get(authority_id)
        if cell is None:
            continue
        for level in STATUSES[1 : RANK[status] + 1]:
            reached[level][cell] += 1
    return [
        RateRow(
            cell=cell,
            units=units[cell],
            invited=reached["invited"][cell],
            started=reached["started"][cell],
            submitted=reached["submitted"][cell],
        )
        for cell in sorted(units, key=_reading_order)
    ]


def _reading_order(cell: Cell) -> tuple[str, tuple[int, str], tuple[int, str]]:
    """Région by code, then types and strata in declared order (by size, not alphabetically)."""
    return (
        cell.region,
        vocabulary.modality_key("type", cell.type),
        vocabulary.modality_key("stratum", cell.stratum),
    )


def total_row(rows: Iterable[RateRow]) -> RateRow:
    """The whole scope as one row (its cell has empty labels)."""
    return _summed(Cell(region="", type="", stratum=""), list(rows))


#: The breakdowns of the participation page, each a way to fold the région × type × stratum cells.
BREAKDOWNS: Final = ("region", "type", "stratum")


def folded(rows: Iterable[RateRow], by: str) -> list[RateRow]:
    """The rows summed by région, by type, or by type × stratum (strata in size order).

    The folded cell keeps only what it is about: a région's row has no type nor stratum, a
    type's no région; a stratum belongs to its type (a commune's « 500 à 1 999 » is not an
    EPCI's).
    """
    if by not in BREAKDOWNS:
        raise ValueError(f"Ventilation inconnue : {by!r} (attendu : {', '.join(BREAKDOWNS)}).")
    groups: dict[Cell, list[RateRow]] = {}
    for row in rows:
        key = Cell(
            region=row.cell.region if by == "region" else "",
            type=row.cell.type if by != "region" else "",
            stratum=row.cell.stratum if by == "stratum" else "",
        )
        groups.setdefault(key, []).append(row)
    return [_summed(cell, groups[cell]) for cell in sorted(groups, key=_reading_order)]


def _summed(cell: Cell, rows: list[RateRow]) -> RateRow:
    return RateRow(
        cell=cell,
        units=sum(row.units for row in rows),
        invited=sum(row.invited for row in rows),
        started=sum(row.started for row in rows),
        submitted=sum(row.submitted for row in rows),
    )


@dataclass(frozen=True, slots=True)
class DayCount:
    """Authorities whose answer became complete that day, and all of them up to that day."""

    day: dt.date
    new: int
    cumulative: int


def by_day(completed: Iterable[dt.date], opened: dt.date, until: dt.date) -> list[DayCount]:
    """One row per day from the wave's opening to ``until`` (days before opening count on it)."""
    if until < opened:
        return []
    per_day = Counter(max(day, opened) for day in completed if day <= until)
    days: list[DayCount] = []
    total = 0
    for offset in range((until - opened).days + 1):
        day = opened + dt.timedelta(days=offset)
        total += per_day[day]
        days.append(DayCount(day, per_day[day], total))
    return days
