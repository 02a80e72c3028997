"""What a published wave makes public about one authority: whether it took part, and its
answers to the questions published per authority.

Read from the answers frozen with the wave's final result set, the very tables the open data's
``reponses_<questionnaire>`` files come from (``publication.records.published_questions``:
public, closed questions, never the role): the page and the files say the same thing, and an
answer corrected after the build shows in neither before the next revision. Nothing is read
from a wave that is not published.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from barometre.publication.records import published_questions
from barometre.questionnaire import Question, QuestionType
from barometre.reports.advice import answer_label
from barometre.results.errors import ResultsError
from barometre.results.extraction import QuestionnaireTable
from barometre.results.models import ResultSet
from barometre.results.queries import frozen_answers
from barometre.www.templatetags.french import date_fr

NOT_ANSWERED = "Sans réponse ou question non posée"


@dataclass(frozen=True)
class PublicTable:
    """One questionnaire's published questions and its rows, one per authority that answered."""

    key: str
    questions: tuple[Question, ...]
    rows: pl.DataFrame  # ``authority`` and one column per published question
    authorities: frozenset[str]


@dataclass(frozen=True)
class WaveAnswers:
    """A published wave's per-authority answers, or why they cannot be read."""

    tables: dict[str, PublicTable]
    unavailable: str = ""  # French reason, when the answers were not frozen with the set

    def took_part(self, authority: str) -> list[str]:
        """The questionnaires (keys) this authority submitted, in the wave's table order."""
        return [key for key, table in self.tables.items() if authority in table.authorities]


def _public_table(extracted: QuestionnaireTable) -> PublicTable:
    source = extracted.table
    found = published_questions(extracted.questionnaire)
    questions = tuple(q for q in found if q.id in source.columns)
    rows = source.select("authority", *(q.id for q in questions))
    return PublicTable(extracted.key, questions, rows, frozenset(rows["authority"].to_list()))


@lru_cache(maxsize=8)
def _read(result_set_id: int, built_at: str) -> WaveAnswers:  # noqa: ARG001 - part of the key
    result_set = ResultSet.objects.get(pk=result_set_id)
    try:
        frozen = frozen_answers(result_set)
    except ResultsError as error:
        return WaveAnswers({}, str(error))
    return WaveAnswers({t.key: _public_table(t) for t in frozen})


def wave_answers(result_set: ResultSet) -> WaveAnswers:
    """The public part of the answers frozen with ``result_set``, read once per process (a
    result set never changes; a new revision is a new one)."""
    return _read(result_set.pk, result_set.built_at.isoformat())


def _empty(value: object) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    return value is None or (isinstance(value, list | tuple) and not value)


def answer_text(question: Question, value: object) -> str:
    """An answer as the authority gave it: option labels, a number with its unit, a date."""
    if _empty(value):
        return NOT_ANSWERED
    if isinstance(value, list | tuple):
        return answer_label(question, tuple(value))
    if isinstance(value, str) and question.options:
        return answer_label(question, value)
    if isinstance(value, dt.date):
        return date_fr(value)
    if isinstance(value, int | float):
        return _number(question, value)
    return str(value)


def _number(question: Question, value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    text = text.replace(",", "\u202f").replace(".", ",")
    if question.type is QuestionType.PERCENTAGE:
        return f"{text}\u202f%"
    return f"{text} {question.unit}" if question.unit else text


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str


def answers_of(table: PublicTable, authority: str) -> tuple[AnswerLine, ...]:
    """This authority's public answers to one questionnaire (empty if it did not submit it)."""
    found = table.rows.filter(pl.col("authority") == authority)
    if found.is_empty():
        return ()
    row = found.row(0, named=True)
    return tuple(AnswerLine(q.label.fr, answer_text(q, row[q.id])) for q in table.questions)
