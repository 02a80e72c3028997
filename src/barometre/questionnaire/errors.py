"""Coded issues with French messages and a location (file and line, or sheet and row).

Codes are stable: tools and tests match on ``code``; ``message`` is a French sentence for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Compilation errors (the listed kinds of the authoring format).
YAML_SYNTAX: Final = "yaml_syntax"
SCHEMA: Final = "schema"
EXPRESSION_SYNTAX: Final = "expression_syntax"
UNKNOWN_QUESTION: Final = "unknown_question"
UNKNOWN_OPTION: Final = "unknown_option"
RELEVANCE_CYCLE: Final = "relevance_cycle"
DUPLICATE_ID: Final = "duplicate_id"
OPTION_REUSED: Final = "option_reused"
TYPE_MISMATCH: Final = "type_mismatch"
UNREACHABLE_QUESTION: Final = "unreachable_question"
INDICATOR_UNKNOWN_REFERENCE: Final = "indicator_unknown_reference"
FORMULA_LABEL: Final = "formula_label"
INVALID_BOUNDS: Final = "invalid_bounds"
CURRENT_OUTSIDE_CONSTRAINT: Final = "current_outside_constraint"
# The maturity model.
SCORE_OFF_SCALE: Final = "score_off_scale"
SCORE_UNKNOWN_THEME: Final = "score_unknown_theme"
SCORE_UNCLASSIFIED: Final = "score_unclassified"
SCORE_OPTION_TWICE: Final = "score_option_twice"
SCORE_WEIGHT: Final = "score_weight"
# Recommendations of the maturity model.
RECOMMENDATION_TRIGGER: Final = "recommendation_trigger"
RECOMMENDATION_NOT_SCORED: Final = "recommendation_not_scored"
RECOMMENDATION_NOT_WEAK: Final = "recommendation_not_weak"
RECOMMENDATION_THRESHOLD: Final = "recommendation_threshold"
RECOMMENDATION_PRIORITY: Final = "recommendation_priority"
RECOMMENDATION_LINK: Final = "recommendation_link"

# Warnings.
QUESTION_COUNT: Final = "question_count"
LONG_DURATION: Final = "long_duration"
FORWARD_REFERENCE: Final = "forward_reference"
SENSITIVITY_DOWNGRADE: Final = "sensitivity_downgrade"
HTML_IN_LABEL: Final = "html_in_label"
SCORE_CEILING: Final = "score_ceiling"
MATURITY_THEME_EMPTY: Final = "maturity_theme_empty"
SCORE_WITHOUT_RECOMMENDATION: Final = "score_without_recommendation"

# XLSForm import.
XLSX_NOT_WORKBOOK: Final = "xlsx_not_workbook"
XLSX_TOO_LARGE: Final = "xlsx_too_large"
XLSX_FORMULA: Final = "xlsx_formula"
XLSFORM_MISSING_SHEET: Final = "xlsform_missing_sheet"
XLSFORM_UNSUPPORTED: Final = "xlsform_unsupported"
XLSFORM_UNBALANCED_GROUP: Final = "xlsform_unbalanced_group"

# Answer validation.
ANSWER_UNKNOWN_QUESTION: Final = "answer_unknown_question"
ANSWER_UNKNOWN_PAGE: Final = "answer_unknown_page"
ANSWER_REQUIRED: Final = "answer_required"
ANSWER_WRONG_TYPE: Final = "answer_wrong_type"
ANSWER_OUT_OF_BOUNDS: Final = "answer_out_of_bounds"
ANSWER_UNKNOWN_OPTION: Final = "answer_unknown_option"
ANSWER_EXCLUSIVE_OPTION: Final = "answer_exclusive_option"
ANSWER_CONSTRAINT: Final = "answer_constraint"
ANSWER_TOO_LONG: Final = "answer_too_long"


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written: ``file:line`` for YAML, ``file:sheet:row`` for XLSForm."""

    source: str = ""
    line: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        parts = [self.source] if self.source else []
        if self.sheet is not None:
            parts.append(self.sheet)
        if self.line is not None:
            parts.append(str(self.line))
        return ":".join(parts) or "?"


@dataclass(frozen=True, slots=True)
class Issue:
    """One coded problem: ``code`` is stable, ``message`` is French, ``location`` says where."""

    code: str
    message: str
    location: Location | None = None
    subject: str | None = None

    def __str__(self) -> str:
        where = f"{self.location} : " if self.location else ""
        return f"{where}[{self.code}] {self.message}"


class QuestionnaireError(Exception):
    """A questionnaire could not be read or compiled; ``issues`` lists every coded error."""

    def __init__(self, issues: tuple[Issue, ...]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))
