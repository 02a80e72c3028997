"""The maturity index: points per option, summed per theme, scaled to 0–100."""

from __future__ import annotations

from collections.abc import Mapping

from barometre.questionnaire.expressions import Value
from barometre.questionnaire.model import Questionnaire, QuestionType
from barometre.questionnaire.validation import clean_answers


def _points(selected: Value, points: Mapping[str, float]) -> float:
    if isinstance(selected, tuple):
        return sum(points.get(option, 0.0) for option in selected)
    if isinstance(selected, str):
        return points.get(selected, 0.0)
    return 0.0


def scores(questionnaire: Questionnaire, answers: Mapping[str, Value]) -> dict[str, float]:
    """Score per theme in 0–100; questions not relevant count for neither side."""
    values = clean_answers(questionnaire, answers)
    earned: dict[str, float] = {}
    possible: dict[str, float] = {}
    for question in questionnaire.ordered_questions:
        scoring = question.scoring
        if scoring is None or question.id not in values:
            continue
        multiple = question.type is QuestionType.MULTIPLE_CHOICE
        top = scoring.maximum_multiple if multiple else scoring.maximum_single
        earned[scoring.theme] = earned.get(scoring.theme, 0.0) + _points(
            values[question.id], dict(scoring.points)
        )
        possible[scoring.theme] = possible.get(scoring.theme, 0.0) + top
    return {
        theme: round(100 * max(0.0, earned[theme]) / total, 1) if total else 0.0
        for theme, total in possible.items()
    }
