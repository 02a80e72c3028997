"""The one place a report reads the wave's answers (so that switching to the answers frozen with
the final result set is one line here)."""

from __future__ import annotations

from barometre.campaigns.models import Wave
from barometre.referentiel import Frame
from barometre.results.extraction import QuestionnaireTable, extract_wave
from barometre.results.models import ResultSet


def wave_tables(wave: Wave, result_set: ResultSet, frame: Frame) -> tuple[QuestionnaireTable, ...]:  # noqa: ARG001 - the frozen answers will be read from the result set
    """The submitted responses of ``wave``, one table per questionnaire."""
    return extract_wave(wave, frame).tables
