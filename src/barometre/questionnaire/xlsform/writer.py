"""XLSForm export: survey, choices, settings and indicators sheets (text cells only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import openpyxl

from barometre.questionnaire.model import (
    NUMBER_TYPES,
    Indicator,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    Text,
)
from barometre.questionnaire.xlsform import columns as col
from barometre.questionnaire.xlsform.recommendation_sheets import recommendation_rows

_XLSFORM_TYPES: Final = {
    QuestionType.SINGLE_CHOICE: "select_one",
    QuestionType.YES_NO: "select_one",
    QuestionType.MULTIPLE_CHOICE: "select_multiple",
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "decimal",
    QuestionType.PERCENTAGE: "decimal",
    QuestionType.TEXT: "text",
    QuestionType.LONG_TEXT: "text",
    QuestionType.DATE: "date",
    QuestionType.NOTE: "note",
}
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _languages(questionnaire: Questionnaire) -> list[str]:
    found = {"fr"}
    texts: list[Text | None] = [
        questionnaire.title,
        questionnaire.description,
        questionnaire.notice,
    ]
    for question in questionnaire.questions.values():
        texts += [question.label, question.help, question.constraint_message]
        texts += [option.label for option in question.options]
    texts += [section.title for section in questionnaire.sections]
    texts += [indicator.label for indicator in questionnaire.indicators]
    for recommendation in questionnaire.recommendations:
        texts += [recommendation.title, recommendation.why, recommendation.how]
        texts += [link.label for link in recommendation.links]
    for text in texts:
        if text is not None:
            found.update(language for language, _ in text.other)
    return ["fr", *sorted(found - {"fr"})]


def _put_text(row: dict[str, Any], base: str, text: Text | None, languages: list[str]) -> None:
    if text is None:
        return
    for language in languages:
        value = text.get(language) if language == "fr" else dict(text.other).get(language)
        if value is not None:
            row[col.column_for(base, language)] = value


def _question_row(question: Question, languages: list[str]) -> dict[str, Any]:
    kind = _XLSFORM_TYPES[question.type]
    row: dict[str, Any] = {"type": f"{kind} {question.id}" if question.options else kind}
    row["name"] = question.id
    _put_text(row, "label", question.label, languages)
    _put_text(row, "hint", question.help, languages)
    _put_text(row, "constraint_message", question.constraint_message, languages)
    if question.required:
        row["required"] = "yes"
    if question.relevance:
        row["relevant"] = question.relevance.source
    if question.constraint:
        row["constraint"] = question.constraint.source
    if question.type is QuestionType.LONG_TEXT:
        row["appearance"] = "multiline"
    if question.type in (QuestionType.YES_NO, QuestionType.PERCENTAGE):
        row[col.TYPE] = question.type.value
    if question.type in NUMBER_TYPES:
        row[col.MINIMUM] = question.minimum
        row[col.MAXIMUM] = question.maximum
    row[col.UNIT] = question.unit
    row[col.SENSITIVITY] = question.sensitivity.value
    if question.scoring:
        row[col.SCORE_THEME] = question.scoring.theme
        row[col.SCORE_WEIGHT] = question.scoring.weight if question.scoring.weight != 1 else None
        _put_text(row, col.SCORE_RATIONALE, question.scoring.rationale, languages)
    return row


def _score_cells(question: Question) -> dict[str, object]:
    scoring = question.scoring
    if scoring is None:
        return {}
    cells: dict[str, object] = dict(scoring.values)
    cells |= dict.fromkeys(scoring.dont_know, col.DONT_KNOW)
    cells |= dict.fromkeys(scoring.not_concerned, col.NOT_CONCERNED)
    return cells


def _choice_rows(question: Question, languages: list[str]) -> list[dict[str, Any]]:
    scores = _score_cells(question)
    rows = []
    for option in question.options:
        row: dict[str, Any] = {"list_name": question.id, "name": option.value}
        _put_text(row, "label", option.label, languages)
        row[col.EXCLUSIVE] = "yes" if option.exclusive else None
        row[col.SCORE] = scores.get(option.value)
        rows.append(row)
    return rows


def _section_rows(
    section: Section, questionnaire: Questionnaire, languages: list[str]
) -> list[dict[str, Any]]:
    begin: dict[str, Any] = {"type": "begin group", "name": section.id}
    _put_text(begin, "label", section.title, languages)
    if section.relevance:
        begin["relevant"] = section.relevance.source
    questions = [_question_row(questionnaire.questions[q], languages) for q in section.question_ids]
    return [begin, *questions, {"type": "end group", "name": section.id}]


def _indicator_row(indicator: Indicator, languages: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {"id": indicator.id}
    _put_text(row, "label", indicator.label, languages)
    row["numerator" if indicator.kind == "share" else "mean"] = indicator.numerator.source
    row["base"] = indicator.base.source if indicator.base.source != "true()" else None
    row["sensitivity"] = indicator.sensitivity.value
    row["published_value"] = indicator.published_value
    row["published_base"] = indicator.published_base
    row["published_note"] = indicator.note
    return row


def _maturity_rows(questionnaire: Questionnaire, languages: list[str]) -> list[dict[str, Any]]:
    rows = []
    for theme in questionnaire.maturity_themes:
        row: dict[str, Any] = {"id": theme.id}
        _put_text(row, "label", theme.label, languages)
        _put_text(row, "description", theme.description, languages)
        rows.append(row)
    return rows


def _settings_row(questionnaire: Questionnaire, languages: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {"form_id": questionnaire.id, "version": questionnaire.version}
    row["form_title"] = questionnaire.title.fr  # XLSForm has no translated title
    if questionnaire.title.other:
        _put_text(row, "barometre_title", questionnaire.title, languages)
    row["default_language"] = col.column_for("label", "fr").removeprefix("label::")
    row["barometre_wave"] = questionnaire.wave
    row["barometre_theme"] = questionnaire.theme
    _put_text(row, "barometre_description", questionnaire.description, languages)
    _put_text(row, "barometre_notice", questionnaire.notice, languages)
    return row


def _write_sheet(book: Any, name: str, rows: list[dict[str, Any]]) -> None:
    sheet = book.create_sheet(name)
    headers = list(dict.fromkeys(key for row in rows for key in row))
    sheet.append(headers)
    for row in rows:
        sheet.append([None] * len(headers))
        for index, header in enumerate(headers, start=1):
            value = row.get(header)
            if value is None:
                continue
            cell = sheet.cell(row=sheet.max_row, column=index)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with


def export_xlsform(questionnaire: Questionnaire, path: Path) -> None:
    """Write ``questionnaire`` as an XLSForm workbook; :func:`read_xlsform` reads it back."""
    languages = _languages(questionnaire)
    survey = [
        row
        for section in questionnaire.sections
        for row in _section_rows(section, questionnaire, languages)
    ]
    choices = [
        row
        for question in questionnaire.ordered_questions
        for row in _choice_rows(question, languages)
    ]
    book = openpyxl.Workbook()
    book.remove(book.active)
    _write_sheet(book, "survey", survey)
    _write_sheet(book, "choices", choices)
    _write_sheet(book, "settings", [_settings_row(questionnaire, languages)])
    _write_sheet(
        book, col.INDICATORS_SHEET, [_indicator_row(i, languages) for i in questionnaire.indicators]
    )
    if questionnaire.maturity_themes:
        _write_sheet(book, col.MATURITY_SHEET, _maturity_rows(questionnaire, languages))
    if questionnaire.recommendations:
        for name, rows in recommendation_rows(questionnaire, languages, _put_text).items():
            _write_sheet(book, name, rows)
    book.save(path)


def neutralise(text: str) -> str:
    """A text safe to paste into a spreadsheet cell (for CSV-like exports)."""
    return "'" + text if text.startswith(_FORMULA_START) else text
