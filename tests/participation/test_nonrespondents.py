"""The list of authorities without a submitted answer, and its filters (no database)."""

from __future__ import annotations

from barometre.participation.nonrespondents import Filters, non_respondents
from barometre.referentiel import Frame

STATUSES = {"commune:42218": "submitted", "commune:42095": "started", "commune:42187": "invited"}


def ids(frame: Frame, filters: Filters) -> set[str]:
    return {row.unit.id for row in non_respondents(frame.units, STATUSES, filters)}


def test_submitted_authorities_are_never_listed(frame: Frame) -> None:
    listed = ids(frame, Filters(departement="42"))
    assert "commune:42218" not in listed
    assert {"commune:42095", "commune:42187", "departement:42"} <= listed


def test_filters_by_status_type_and_place(frame: Frame) -> None:
    assert ids(frame, Filters(statuses=("started",))) == {"commune:42095"}
    assert ids(frame, Filters(region="84", statuses=("invited",))) == {"commune:42187"}
    assert ids(frame, Filters(region="11", statuses=("invited", "started"))) == set()
    assert ids(frame, Filters(departement="42", type="departement")) == {"departement:42"}


def test_filter_by_stratum(frame: Frame) -> None:
    roanne = frame.get("commune:42187")
    listed = non_respondents(
        frame.units, STATUSES, Filters(departement="42", stratum=frame.stratum(roanne))
    )
    assert roanne in [row.unit for row in listed]
    assert {frame.stratum(row.unit) for row in listed} == {frame.stratum(roanne)}


def test_asking_for_submitted_lists_nothing(frame: Frame) -> None:
    assert ids(frame, Filters(statuses=("submitted",))) == set()
