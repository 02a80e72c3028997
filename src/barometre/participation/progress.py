"""Each authority's status in a wave, read from respondents and responses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from barometre.campaigns.models import Wave
from barometre.collection.models import Respondent, Response, ResponseStatus
from barometre.participation.nonrespondents import listing_order
from barometre.participation.rates import Cell, RateRow, cell_of, rate_table
from barometre.referentiel import Unit, load_frame


def wave_statuses(wave: Wave, visible: frozenset[str] | None = None) -> dict[str, str]:
    """``invited``, ``started`` or ``submitted`` per authority that has a respondent or a response.

    Submitted means every questionnaire of the wave was submitted; started, any response at all.
    ``visible`` (a relay's territory) limits the authorities read.
    """
    respondents = Respondent.objects.all()
    responses = Response.objects.filter(wave=wave)
    if visible is not None:
        respondents = respondents.filter(authority_id__in=sorted(visible))
        responses = responses.filter(authority_id__in=sorted(visible))
    expected = max(wave.questionnaires.count(), 1)
    statuses = dict.fromkeys(respondents.values_list("authority_id", flat=True), "invited")
    submitted: defaultdict[str, int] = defaultdict(int)
    for authority_id, status in responses.values_list("authority_id", "status"):
        statuses[authority_id] = "started"
        if status == ResponseStatus.SUBMITTED:
            submitted[authority_id] += 1
    for authority_id, count in submitted.items():
        if count >= expected:
            statuses[authority_id] = "submitted"
    return statuses


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
