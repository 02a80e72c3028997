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
    """``accepted`` holds clean values of relevant questions; ``set_aside`` the others."""

    errors: tuple[Issue, ...]
    accepted: Mapping[str, Value] = field(default_factory=lambda: _EMPTY)
    set_aside: Mapping[str, Value] = field(default_factory=lambda: _EMPTY)

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
    """Check ``answers`` (the whole set, or with ``page`` only that page's questions)."""
    errors: list[Issue] = []
    if page is not None and questionnaire.section(page) is None:
        errors.append(_issue(ANSWER_UNKNOWN_PAGE, f"page inconnue « {page} »", page))
        return ValidationResult(tuple(errors))
    values = _coerce_all(questionnaire, answers, errors)
    invalid = {e.subject for e in errors}
    set_aside: dict[str, Value] = {}
    questions = questionnaire.questions
    for section in questionnaire.sections:
        shown = section.relevance is None or truthy(section.relevance.evaluate(values, None))
        in_scope = page is None or page == section.id
        for qid in section.question_ids:
            question = questions[qid]
            relevant = shown and (
                question.relevance is None or truthy(question.relevance.evaluate(values, None))
            )
            if not relevant:
                if qid in values:
                    set_aside[qid] = values.pop(qid)
                continue
            if in_scope and qid not in invalid:
                _check(question, values, errors)
    return ValidationResult(tuple(errors), MappingProxyType(values), MappingProxyType(set_aside))


def clean_answers(questionnaire: Questionnaire, values: Mapping[str, Value]) -> dict[str, Value]:
    """Already-typed values with every non-relevant answer removed (for indicators, synth)."""
    kept = dict(values)
    questions = questionnaire.questions
    for section in questionnaire.sections:
        shown = section.relevance is None or truthy(section.relevance.evaluate(kept, None))
        for qid in section.question_ids:
            relevance = questions[qid].relevance
            if not shown or (relevance is not None and not truthy(relevance.evaluate(kept, None))):
                kept.pop(qid, None)
    return kept
