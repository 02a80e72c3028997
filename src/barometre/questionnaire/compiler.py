"""``compile_questionnaire``: a source mapping → a frozen questionnaire, warnings and coded errors.

Pure: no file is read here (see :mod:`barometre.questionnaire.files`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from barometre.questionnaire.checks import (
    check_cycles,
    check_duplicates,
    check_expression,
    check_forward,
    check_indicator,
    check_question,
    check_unreachable,
)
from barometre.questionnaire.errors import LONG_DURATION, QUESTION_COUNT, SCHEMA, Location
from barometre.questionnaire.maturity import fixed_parts
from barometre.questionnaire.maturity_checks import check_maturity, check_scoring
from barometre.questionnaire.model import (
    CompileResult,
    Expression,
    Indicator,
    MaturityTheme,
    Question,
    Questionnaire,
    QuestionType,
    Recommendation,
    Section,
    Text,
    frozen_mapping,
)
from barometre.questionnaire.reading import QUESTIONNAIRE_KEYS, SECTION_KEYS, Reader
from barometre.questionnaire.recommendation_checks import check_recommendations
from barometre.questionnaire.recommendations import read_recommendations
from barometre.questionnaire.serialize import content_hash, to_source

#: Seconds a respondent needs, by question type (reading included).
SECONDS_PER_TYPE: Final[dict[QuestionType, int]] = {
    QuestionType.NOTE: 5,
    QuestionType.YES_NO: 8,
    QuestionType.SINGLE_CHOICE: 12,
    QuestionType.MULTIPLE_CHOICE: 20,
    QuestionType.INTEGER: 15,
    QuestionType.DECIMAL: 15,
    QuestionType.PERCENTAGE: 15,
    QuestionType.TEXT: 30,
    QuestionType.LONG_TEXT: 60,
    QuestionType.DATE: 12,
}
SECONDS_PER_PAGE: Final = 10
MIN_QUESTIONS: Final = 10
MAX_QUESTIONS: Final = 25
MAX_MINUTES: Final = 10


def estimated_minutes(questions: list[Question], pages: int) -> int:
    seconds = sum(SECONDS_PER_TYPE[q.type] for q in questions) + SECONDS_PER_PAGE * pages
    return max(1, math.ceil(seconds / 60))


def _sections(reader: Reader, source: Mapping[str, Any]) -> list[tuple[Section, list[Question]]]:
    out = []
    for raw in reader.items(source, "sections", "questionnaire"):
        entry = reader.mapping(raw, reader.where(source, "sections"), "une section")
        sid = reader.name(entry, "section")
        what = f"section « {sid} »"
        reader.known_keys(entry, SECTION_KEYS, what)
        title = reader.text(entry, "title", what, required=True) or Text(sid)
        questions = [
            question
            for item in reader.items(entry, "questions", what)
            if (question := reader.question(item, sid, reader.where(entry, "questions")))
        ]
        relevance = reader.expression(entry, "relevance", what)
        out.append((Section(sid, title, tuple(q.id for q in questions), relevance), questions))
    if not out:
        reader.error(
            SCHEMA, "le questionnaire doit avoir au moins une section", reader.where(source)
        )
    return out


def _header(reader: Reader, source: Mapping[str, Any]) -> dict[str, Any]:
    reader.known_keys(source, QUESTIONNAIRE_KEYS, "le questionnaire")
    wave = source.get("wave")
    if wave is not None and (not isinstance(wave, int) or isinstance(wave, bool) or wave < 1):
        reader.error(SCHEMA, "« wave » doit être un entier positif", reader.where(source, "wave"))
        wave = None
    return {
        "id": reader.name(source, "questionnaire"),
        "version": reader.string(source, "version", "le questionnaire") or "1",
        "title": reader.text(source, "title", "le questionnaire", required=True) or Text("?"),
        "wave": wave,
        "theme": reader.string(source, "theme", "le questionnaire"),
        "description": reader.text(source, "description", "le questionnaire", required=False),
        "notice": reader.text(source, "notice", "le questionnaire", required=False),
    }


def _check_all(
    reader: Reader,
    sections: list[tuple[Section, list[Question]]],
    indicators: list[Indicator],
    themes: tuple[MaturityTheme, ...] = (),
    recommendations: tuple[Recommendation, ...] = (),
) -> None:
    order = [q for _, questions in sections for q in questions]
    check_maturity(reader, themes, order)
    check_recommendations(reader, recommendations, {q.id: q for q in order}, themes)
    check_duplicates(reader, [(s.id, None) for s, _ in sections], "section")
    check_duplicates(reader, [(q.id, q.location) for q in order], "question")
    check_duplicates(reader, [(i.id, i.location) for i in indicators], "indicateur")
    by_id = {q.id: q for q in order}
    relevance: dict[str, Expression | None] = {s.id: s.relevance for s, _ in sections}
    for question in order:
        check_question(reader, question)
        check_scoring(reader, question)
        where = question.location or Location(reader.origin)
        what = f"question « {question.id} »"
        check_expression(reader, question.relevance, by_id, what=what, fallback=where)
        check_expression(
            reader, question.constraint, by_id, what=what, fallback=where, current=question
        )
    for section, _ in sections:
        what = f"section « {section.id} »"
        check_expression(
            reader, section.relevance, by_id, what=what, fallback=Location(reader.origin)
        )
    check_forward(reader, order)
    if check_cycles(reader, by_id, relevance):
        check_unreachable(reader, order, relevance)
    for indicator in indicators:
        check_indicator(reader, indicator, by_id)
    answerable = [q for q in order if q.type is not QuestionType.NOTE]
    if not MIN_QUESTIONS <= len(answerable) <= MAX_QUESTIONS:
        reader.warn(
            QUESTION_COUNT,
            f"{len(answerable)} questions : le baromètre en prévoit de {MIN_QUESTIONS} à "
            f"{MAX_QUESTIONS} par questionnaire",
            Location(reader.origin),
        )


def compile_questionnaire(source: Mapping[str, Any], origin: str = "") -> CompileResult:
    """Compile an authoring mapping (from YAML or XLSForm) into a frozen questionnaire."""
    reader = Reader(origin)
    if not isinstance(source, Mapping):
        reader.error(SCHEMA, "le questionnaire doit être une table de clés", Location(origin))
        return CompileResult(None, tuple(reader.errors))
    header = _header(reader, source)
    sections = _sections(reader, source)
    indicators = [
        indicator
        for raw in reader.items(source, "indicators", "questionnaire")
        if (indicator := reader.indicator(raw, reader.where(source, "indicators")))
    ]
    themes = reader.maturity(source)
    recommendations = _recommendations(reader, source)
    _check_all(reader, sections, indicators, themes, recommendations)
    if reader.errors:
        return CompileResult(None, tuple(reader.errors), tuple(reader.warnings))
    questions = [q for _, qs in sections for q in qs]
    minutes = estimated_minutes(questions, len(sections))
    if minutes > MAX_MINUTES:
        reader.warn(
            LONG_DURATION,
            f"durée estimée {minutes} min : plus de {MAX_MINUTES} min",
            Location(origin),
        )
    draft = Questionnaire(
        **header,
        sections=tuple(s for s, _ in sections),
        questions=frozen_mapping({q.id: q for q in questions}),
        indicators=tuple(indicators),
        estimated_minutes=minutes,
        version_hash="",
        source=origin,
        maturity_themes=themes,
        recommendations=recommendations,
    )
    final = _with_hash(draft)
    return CompileResult(final, (), tuple(reader.warnings))


def _recommendations(reader: Reader, source: Mapping[str, Any]) -> tuple[Recommendation, ...]:
    maturity = source.get("maturity")
    return read_recommendations(reader, maturity) if isinstance(maturity, Mapping) else ()


def _with_hash(draft: Questionnaire) -> Questionnaire:
    from dataclasses import replace  # noqa: PLC0415 - local to keep the module header short

    source = to_source(draft)
    if draft.scored_questions:  # the fixed scale and levels are part of the scoring model
        source["maturity_fixed"] = fixed_parts()
    return replace(draft, version_hash=content_hash(source))
