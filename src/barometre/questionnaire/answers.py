"""Coercing one raw answer to the value its question expects, with coded French errors."""

from __future__ import annotations

import datetime as dt
import math

from barometre.questionnaire.errors import (
    ANSWER_EXCLUSIVE_OPTION,
    ANSWER_OUT_OF_BOUNDS,
    ANSWER_TOO_LONG,
    ANSWER_UNKNOWN_OPTION,
    ANSWER_WRONG_TYPE,
)
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.model import (
    LONG_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Question,
    QuestionType,
)


class AnswerTypeError(ValueError):
    """A raw answer cannot be a value of its question; ``code`` is stable."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def _wrong(expected: str) -> AnswerTypeError:
    return AnswerTypeError(ANSWER_WRONG_TYPE, f"réponse invalide : {expected} attendu(e)")


def _choice(question: Question, raw: object) -> str:
    if not isinstance(raw, str):
        raise _wrong("une option")
    if raw not in question.option_values:
        raise AnswerTypeError(ANSWER_UNKNOWN_OPTION, f"option inconnue « {raw} »")
    return raw


def _choices(question: Question, raw: object) -> tuple[str, ...] | None:
    items = raw.split() if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise _wrong("une liste d'options")
    values = tuple(dict.fromkeys(_choice(question, item) for item in items))
    exclusive = question.exclusive_values.intersection(values)
    if exclusive and len(values) > 1:
        option = min(exclusive)
        raise AnswerTypeError(
            ANSWER_EXCLUSIVE_OPTION, f"l'option « {option} » ne peut pas être cochée avec d'autres"
        )
    return values or None


def _number(question: Question, raw: object) -> int | float:
    integer = question.type is QuestionType.INTEGER
    number: int | float
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _wrong("un nombre entier" if integer else "un nombre")
    try:
        number = float(raw.replace(",", ".")) if isinstance(raw, str) else raw
    except ValueError:
        raise _wrong("un nombre entier" if integer else "un nombre") from None
    if not math.isfinite(number):
        raise _wrong("un nombre fini")
    if integer:
        if not float(number).is_integer():
            raise _wrong("un nombre entier")
        number = int(number)
    _check_bounds(question, number)
    return number


def _check_bounds(question: Question, number: float) -> None:
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        unit = f" {question.unit}" if question.unit else ""
        span = f"entre {_fmt(low)} et {_fmt(high)}{unit}"
        if low is None:
            span = f"au plus {_fmt(high)}{unit}"
        elif high is None:
            span = f"au moins {_fmt(low)}{unit}"
        raise AnswerTypeError(ANSWER_OUT_OF_BOUNDS, f"la valeur doit être {span}")


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _text(question: Question, raw: object) -> str:
    if not isinstance(raw, str):
        raise _wrong("un texte")
    limit = LONG_TEXT_MAX_LENGTH if question.type is QuestionType.LONG_TEXT else TEXT_MAX_LENGTH
    if len(raw) > limit:
        raise AnswerTypeError(ANSWER_TOO_LONG, f"texte trop long : {limit} caractères au plus")
    return raw


def _date(raw: object) -> str:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw.isoformat()
    if isinstance(raw, str) and len(raw) == len("AAAA-MM-JJ"):
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            pass
    raise _wrong("une date au format AAAA-MM-JJ")


def coerce(question: Question, raw: object) -> Value:
    """The value of ``raw`` for ``question`` (``None`` if empty); raises AnswerTypeError."""
    if raw is None or (isinstance(raw, str | tuple | list) and not raw):
        return None
    kind = question.type
    if kind is QuestionType.MULTIPLE_CHOICE:
        return _choices(question, raw)
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        return _choice(question, raw)
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.PERCENTAGE):
        return _number(question, raw)
    if kind is QuestionType.DATE:
        return _date(raw)
    if kind is QuestionType.NOTE:
        raise _wrong("aucune réponse (c'est une note)")
    return _text(question, raw)
