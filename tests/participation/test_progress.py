"""Each authority's status in a wave, and the wave's table against the frame."""

from __future__ import annotations

import pytest

from barometre.accounts.territory import authorities_in
from barometre.campaigns.models import Wave
from barometre.participation.progress import participation, wave_statuses
from barometre.participation.rates import total_row
from barometre.referentiel import Frame
from tests.participation.data import scene

pytestmark = pytest.mark.django_db


def test_statuses_follow_respondents_and_responses(open_wave: Wave) -> None:
    scene(open_wave)
    assert wave_statuses(open_wave) == {
        "commune:42218": "submitted",
        "commune:42095": "started",
        "commune:42187": "invited",
        "commune:69123": "invited",
    }


def test_a_relay_scope_reads_only_its_territory(open_wave: Wave) -> None:
    scene(open_wave)
    loire = authorities_in(["departement:42"])
    assert "commune:69123" not in wave_statuses(open_wave, loire)
    assert len(wave_statuses(open_wave, loire)) == 3


def test_the_table_divides_by_every_frame_unit_in_scope(open_wave: Wave, frame: Frame) -> None:
    scene(open_wave)
    total = total_row(participation(open_wave))
    assert total.units == len(frame)
    assert (total.invited, total.started, total.submitted) == (4, 2, 1)
    loire = authorities_in(["departement:42"])
    loire_total = total_row(participation(open_wave, loire))
    assert loire_total.units == len(loire)
    assert (loire_total.invited, loire_total.started, loire_total.submitted) == (3, 2, 1)
