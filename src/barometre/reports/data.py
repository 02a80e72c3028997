"""The one place a report reads the wave's answers: those frozen with the result set whose
weights it uses, so a report agrees with the published figures even after an answer changed."""

from __future__ import annotations

from http import HTTPStatus

from barometre.campaigns.models import Wave
from barometre.referentiel import Frame
from barometre.reports.errors import ReportError
from barometre.results.errors import ResultsError
from barometre.results.extraction import QuestionnaireTable
from barometre.results.models import ResultSet
from barometre.results.queries import frozen_answers


class AnswersNotFrozenError(ReportError):
    status = HTTPStatus.SERVICE_UNAVAILABLE


def wave_tables(wave: Wave, result_set: ResultSet, frame: Frame) -> tuple[QuestionnaireTable, ...]:  # noqa: ARG001 - the answers come from the result set
    """The submitted responses ``result_set`` was computed from, one table per questionnaire."""
    try:
        return frozen_answers(result_set)
    except ResultsError as error:
        raise AnswersNotFrozenError(str(error)) from None
