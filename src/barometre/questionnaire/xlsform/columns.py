"""Column names shared by the XLSForm import and export."""

from __future__ import annotations

import re
from typing import Final

#: Our own columns: XLSForm tools ignore them, our import reads them back.
TYPE: Final = "barometre_type"
SENSITIVITY: Final = "barometre_sensitivity"
MINIMUM: Final = "barometre_min"
MAXIMUM: Final = "barometre_max"
UNIT: Final = "barometre_unit"
SCORE_THEME: Final = "barometre_score_theme"
SCORE_WEIGHT: Final = "barometre_score_weight"
SCORE_RATIONALE: Final = "barometre_score_rationale"
EXCLUSIVE: Final = "barometre_exclusive"
#: A choice's place in the score: a value from 0 to 3, or one of the two words below.
SCORE: Final = "barometre_score"
DONT_KNOW: Final = "ne_sait_pas"
NOT_CONCERNED: Final = "non_concerne"

INDICATORS_SHEET: Final = "indicators"
MATURITY_SHEET: Final = "maturity"
LANGUAGE_NAMES: Final = {"fr": "Français", "en": "English"}

#: XLSForm columns we cannot honour: a non-empty cell is an error naming the row.
UNSUPPORTED_COLUMNS: Final = frozenset(
    {"calculation", "choice_filter", "repeat_count", "default", "trigger", "parameters"}
)
#: Metadata question types that collect nothing from the respondent: skipped.
METADATA_TYPES: Final = frozenset(
    {"start", "end", "today", "deviceid", "phonenumber", "username", "email", "audit"}
)

_LANGUAGE: Final = re.compile(r"\(([a-z]{2})\)\s*$")


def localized(column: str, base: str) -> str | None:
    """The language code of ``column`` if it is ``base`` or ``base::<language>``."""
    if column == base:
        return "fr"
    prefix = f"{base}::"
    if not column.startswith(prefix):
        return None
    language = column[len(prefix) :].strip()
    match = _LANGUAGE.search(language)
    if match:
        return match.group(1)
    lowered = language.lower()
    if len(lowered) == 2:  # noqa: PLR2004 - a bare ISO 639-1 code
        return lowered
    return {"french": "fr", "français": "fr", "english": "en", "anglais": "en"}.get(lowered)


def column_for(base: str, language: str) -> str:
    name = LANGUAGE_NAMES.get(language, language)
    return f"{base}::{name} ({language})"
