"""Answer validation (pure): coded French errors per question, relevance honoured.

Answers to questions that are not relevant (skip logic) are set aside, never silently kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from barometre.questionnaire.answers import AnswerTypeError, coerce
from barometre.questionnaire.errors import (
    ANSWER_CONSTRAINT,
    ANSWER_REQUIRED,
    ANSWER_UNKNOWN_PAGE,
    ANSWER_UNKNOWN_QUESTION,
    Issue,
)
from barometre.questionnaire.expressions import Value, truthy
from barometre.questionnaire.model import Question, Questionnaire

_EMPTY: Mapping[str, Value] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """``accepted`` holds clean values of relevant questions; ``set_aside`` the others;
    ``asked`` every question that applies given the answers."""

    errors: tuple[Issue, ...]
    accepted: Mapping[str, Value] = field(default_factory=lambda: _EMPTY)
    set_aside: Mapping[str, Value] = field(default_factory=lambda: _EMPTY)
    asked: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_for(self, question_id: str) -> tuple[Issue, ...]:
        return tuple(e for e in self.errors if e.subject == question_id)


def _issue(code: str, message: str, question: str) -> Issue:
    return Issue(code, message, None, question)


def _coerce_all(
    questionnaire: Questionnaire, answers: Mapping[str, object], errors: list[Issue]
) -> dict[str, Value]:
    """Typed values of the valid answers; each invalid one adds one error and is dropped."""
    values: dict[str, Value] = {}
    questions = questionnaire.questions
    for qid, raw in answers.items():
        question = questions.get(qid)
        if question is None:
            errors.append(_issue(ANSWER_UNKNOWN_QUESTION, f"question inconnue « {qid} »", qid))
            continue
        try:
            value = coerce(question, raw)
        except AnswerTypeError as error:
            errors.append(_issue(error.code, str(error), qid))
            continue
        if value is not None:
            values[qid] = value
    return values


def _check(question: Question, values: Mapping[str, Value], errors: list[Issue]) -> None:
    value = values.get(question.id)
    if value is None:
        if question.required:
            errors.append(_issue(ANSWER_REQUIRED, "réponse obligatoire", question.id))
        return
    constraint = question.constraint
    if constraint is not None and not truthy(constraint.evaluate(values, value)):
        message = (
            question.constraint_message.fr
            if question.constraint_message
            else "la réponse ne respecte pas la contrainte de la question"
        )
        errors.append(_issue(ANSWER_CONSTRAINT, message, question.id))


def validate_answers(
    questionnaire: Questionnaire, answers: Mapping[str, object], page: str | None = None
) -> ValidationResult:
    """Check ``answers`` (the whole set, or with ``page`` only that section's questions)."""
    errors: list[Issue] = []
    section = None if page is None else questionnaire.section(page)
    if page is not None and section is None:
        errors.append(_issue(ANSWER_UNKNOWN_PAGE, f"page inconnue « {page} »", page))
        return ValidationResult(tuple(errors))
    skips = questionnaire.skips(_coerce_all(questionnaire, answers, errors))
    invalid = {e.subject for e in errors}
    scope = section.question_ids if section else [q.id for q in questionnaire.ordered_questions]
    for qid in scope:
        if qid in skips.asked and qid not in invalid:
            _check(questionnaire.questions[qid], skips.kept, errors)
    return ValidationResult(tuple(errors), skips.kept, skips.set_aside, skips.asked)


def clean_answers(questionnaire: Questionnaire, values: Mapping[str, Value]) -> dict[str, Value]:
    """Already-typed values with every non-relevant answer removed (for indicators, synth)."""
    return dict(questionnaire.skips(values).kept)
