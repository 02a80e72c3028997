"""A result set keeps the answer tables it was computed from; later edits do not reach them."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pytest
from polars.testing import assert_frame_equal

from barometre.campaigns.models import Wave
from barometre.collection.models import Answer
from barometre.referentiel import Frame
from barometre.results.build import PARAMETERS, build_result_set
from barometre.results.errors import ResultsError
from barometre.results.estimation import EstimateRow, cell_key, estimate_table
from barometre.results.extraction import extract_wave
from barometre.results.models import ResultAnswers
from barometre.results.queries import frozen_answers
from barometre.stats import DisclosureRule

pytestmark = pytest.mark.django_db


def test_the_frozen_tables_are_the_tables_extracted_at_build_time(
    closed_wave: Wave, frame: Frame
) -> None:
    extracted = extract_wave(closed_wave, frame).tables
    (table,) = frozen_answers(build_result_set(closed_wave, "final", frame=frame))
    (expected,) = extracted
    assert_frame_equal(table.table, expected.table)
    assert dict(table.table.schema) == dict(expected.table.schema)
    assert (table.key, table.counts) == (expected.key, expected.counts)
    assert [v.pk for v in table.versions] == [v.pk for v in expected.versions]
    assert table.questionnaire.id == expected.questionnaire.id
    assert table.indicators == expected.indicators


def test_an_answer_changed_after_the_build_does_not_change_the_frozen_table(
    closed_wave: Wave, frame: Frame
) -> None:
    result_set = build_result_set(closed_wave, "final", frame=frame)
    first = extract_wave(closed_wave, frame).tables[0].table.row(0, named=True)
    answer = Answer.objects.get(
        response__wave=closed_wave, response__authority_id=first["authority"], question_id="a_site"
    )
    changed = "non" if answer.value == "oui" else "oui"
    Answer.objects.filter(pk=answer.pk).update(value=changed)  # a correction after the build

    live = extract_wave(closed_wave, frame).tables[0].table
    (frozen,) = frozen_answers(result_set)
    assert live.row(0, named=True)["a_site"] == changed
    assert frozen.table.row(0, named=True)["a_site"] == first["a_site"] != changed


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def figures(rows: Iterable[EstimateRow]) -> dict[tuple[str, ...], tuple[object, ...]]:
    """Value, standard error and base of each figure, as a result set stores them."""
    return {(*cell_key(r), r.weighting): (_number(r.value), _number(r.se), r.n) for r in rows}


def test_the_frozen_table_gives_back_the_stored_figures_after_answers_changed(
    closed_wave: Wave, frame: Frame
) -> None:
    result_set = build_result_set(closed_wave, "final", frame=frame)
    Answer.objects.filter(response__wave=closed_wave, question_id="a_site").update(value="non")
    stored = {
        (e.indicator_id, e.domain, e.level, e.weighting): (e.value, e.se, e.n)
        for e in result_set.estimates.all()
    }
    (table,) = frozen_answers(result_set)
    again = estimate_table(
        table.table, frame.counts(), table.indicators, DisclosureRule(), table.key,
        parameters=PARAMETERS,
    )  # fmt: skip
    assert len(stored) > 50
    assert figures(again.rows) == stored
    assert again.weighting == result_set.weighting[table.key]
    (live,) = extract_wave(closed_wave, frame).tables
    today = estimate_table(live.table, frame.counts(), live.indicators, DisclosureRule())
    overall = ("essai.site", "ensemble", "", "pondere")
    assert figures(today.rows)[overall] != stored[overall]  # today's answers say otherwise


def test_each_revision_keeps_its_own_answers(closed_wave: Wave, frame: Frame) -> None:
    before = build_result_set(closed_wave, "provisional", frame=frame)
    Answer.objects.filter(response__wave=closed_wave, question_id="a_site").update(value="non")
    after = build_result_set(closed_wave, "provisional", frame=frame)
    (old,), (new,) = frozen_answers(before), frozen_answers(after)
    assert set(new.table["a_site"]) == {"non"}
    assert set(old.table["a_site"]) == {"oui", "non"}


def test_a_table_whose_bytes_changed_is_refused_in_french(closed_wave: Wave, frame: Frame) -> None:
    result_set = build_result_set(closed_wave, "final", frame=frame)
    stored = ResultAnswers.objects.get(result_set=result_set)
    damaged = bytearray(bytes(stored.table))
    damaged[len(damaged) // 2] ^= 0xFF
    ResultAnswers.objects.filter(pk=stored.pk).update(table=bytes(damaged))
    with pytest.raises(ResultsError, match="ne correspond plus à son empreinte SHA-256"):
        frozen_answers(result_set)


def test_a_result_set_built_before_answers_were_frozen_says_to_rebuild(
    closed_wave: Wave, frame: Frame
) -> None:
    result_set = build_result_set(closed_wave, "final", frame=frame)
    ResultAnswers.objects.filter(result_set=result_set).delete()
    with pytest.raises(ResultsError, match="reconstruisez-en une révision"):
        frozen_answers(result_set)


def test_a_frozen_table_cannot_be_saved_again(closed_wave: Wave, frame: Frame) -> None:
    result_set = build_result_set(closed_wave, "final", frame=frame)
    stored = ResultAnswers.objects.get(result_set=result_set)
    assert stored.rows == 30
    with pytest.raises(ValueError, match="figé"):
        stored.save()
