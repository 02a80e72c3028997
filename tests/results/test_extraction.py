"""Submitted responses become one plain table per questionnaire."""

from __future__ import annotations

import math

import pytest

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response
from barometre.referentiel import Frame
from barometre.results.extraction import extract_wave
from tests.results.factory import add_response, make_wave, sample_communes

pytestmark = pytest.mark.django_db


def test_one_row_per_submitted_response_with_the_authority_described(
    closed_wave: Wave, frame: Frame
) -> None:
    (table,) = extract_wave(closed_wave, frame).tables
    first = table.table.row(0, named=True)
    unit = frame.get(first["authority"])
    assert table.table.height == 30
    assert (first["type"], first["region"], first["departement"]) == (
        "commune",
        unit.region,
        unit.departement,
    )
    assert set(table.table["role"]) == {"agent", "elu"}


def test_responses_in_progress_are_left_out(frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.OPEN)
    version = Response.objects.filter(wave=wave).first().version
    add_response(wave, version, "commune:42218", 99, submitted=False)
    (table,) = extract_wave(wave, frame).tables
    assert "commune:42218" not in table.table["authority"].to_list()
    assert table.table.height == 30


def test_answers_made_irrelevant_by_skip_logic_are_dropped(frame: Frame) -> None:
    wave = make_wave(frame, communes=sample_communes(frame)[:3])
    table = extract_wave(wave, frame).tables[0].table
    no_site = table.filter(table["a_site"] == "non").row(0, named=True)
    assert no_site["part_en_ligne"] is None
    assert math.isnan(no_site["num:essai.part_en_ligne"])
    assert no_site["base:essai.part_en_ligne"] is False


def test_indicator_columns_follow_the_declarations(closed_wave: Wave, frame: Frame) -> None:
    table = extract_wave(closed_wave, frame).tables[0].table
    expected = (table["a_site"] == "oui").cast(float)
    assert table["num:essai.site"].to_list() == expected.to_list()
    assert table["outils"].dtype.is_nested()
