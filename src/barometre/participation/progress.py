"""Each authority's status in a wave, read from respondents and responses."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from django.utils import timezone

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Respondent, Response, ResponseStatus
from barometre.participation.live import Live, live
from barometre.participation.nonrespondents import listing_order
from barometre.participation.rates import Cell, DayCount, RateRow, by_day, cell_of, rate_table
from barometre.referentiel import Unit, load_frame


def wave_statuses(wave: Wave, visible: frozenset[str] | None = None) -> dict[str, str]:
    """``invited``, ``started`` or ``submitted`` per authority that has a respondent or a response.

    Submitted means every questionnaire of the wave was submitted; started, any response at all.
    ``visible`` (a relay's territory) limits the authorities read.
    """
    return wave_progress(wave, visible)[0]


def wave_progress(
    wave: Wave, visible: frozenset[str] | None = None
) -> tuple[dict[str, str], dict[str, dt.date]]:
    """Each authority's status, and for the submitted ones the day their last questionnaire was
    submitted (local time), read in one pass over the wave's responses."""
    respondents = Respondent.objects.all()
    responses = Response.objects.filter(wave=wave)
    if visible is not None:
        respondents = respondents.filter(authority_id__in=sorted(visible))
        responses = responses.filter(authority_id__in=sorted(visible))
    expected = max(wave.questionnaires.count(), 1)
    statuses = dict.fromkeys(respondents.values_list("authority_id", flat=True), "invited")
    submitted: defaultdict[str, list[dt.datetime]] = defaultdict(list)
    for authority_id, status, at in responses.values_list("authority_id", "status", "submitted_at"):
        statuses[authority_id] = "started"
        if status == ResponseStatus.SUBMITTED and at is not None:
            submitted[authority_id].append(at)
    completed: dict[str, dt.date] = {}
    for authority_id, moments in submitted.items():
        if len(moments) >= expected:
            statuses[authority_id] = "submitted"
            completed[authority_id] = timezone.localdate(max(moments))
    return statuses, completed


def frame_cells(visible: frozenset[str] | None = None) -> Mapping[str, Cell]:
    """The cell of every frame authority in scope (computed once per scope and process)."""
    return _frame_cells(visible)


@lru_cache(maxsize=32)
def _frame_cells(visible: frozenset[str] | None) -> Mapping[str, Cell]:
    return MappingProxyType(
        {
            unit.id: cell_of(unit)
            for unit in load_frame().units
            if visible is None or unit.id in visible
        }
    )


def units_in_scope(
    visible: frozenset[str] | None = None,
) -> tuple[tuple[Unit, ...], tuple[str, ...]]:
    """The frame's units in scope in the list's order, and their ids (cached per scope)."""
    return _units_in_scope(visible)


@lru_cache(maxsize=32)
def _units_in_scope(visible: frozenset[str] | None) -> tuple[tuple[Unit, ...], tuple[str, ...]]:
    units = (u for u in load_frame().units if visible is None or u.id in visible)
    ordered = tuple(sorted(units, key=listing_order))
    return ordered, tuple(unit.id for unit in ordered)


def participation(wave: Wave, visible: frozenset[str] | None = None) -> list[RateRow]:
    """The wave's rate table by région × type × stratum, against the frame (in scope)."""
    return rate_table(frame_cells(visible), wave_statuses(wave, visible))


@dataclass(frozen=True)
class Participation:
    """What the participation page shows: the cells, the complete answers day by day, and the
    representativeness of the respondents against the frame."""

    rows: list[RateRow]
    days: list[DayCount]
    live: Live


def participation_over_time(
    wave: Wave, visible: frozenset[str] | None = None, *, keep: Callable[[Cell], bool] | None = None
) -> Participation:
    """The rate table and the daily curve of complete answers, for the cells ``keep`` accepts."""
    cells = frame_cells(visible)
    if keep is not None:
        cells = {authority: cell for authority, cell in cells.items() if keep(cell)}
    statuses, completed = wave_progress(wave, visible)
    days = [day for authority, day in completed.items() if authority in cells]
    return Participation(
        rate_table(cells, statuses),
        by_day(days, wave.opens_on, _until(wave, days)),
        live(cells, statuses, region_names()),
    )


def region_names() -> dict[str, str]:
    return {unit.code: unit.name for unit in load_frame().of_type("region")}


def _until(wave: Wave, days: list[dt.date]) -> dt.date:
    """Today while the wave is open; once closed, its closing day or its last answer."""
    today = timezone.localdate()
    if wave.status == WaveStatus.OPEN:
        return today
    return min(today, max([wave.closes_on, *days]))
