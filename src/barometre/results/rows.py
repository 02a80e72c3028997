"""One table row per authority response: clean answers and indicator columns (no Django).

Indicator columns are what the statistics engine reads: ``num:<id>`` is 0/1 for a share (the
numerator holds) or the numeric value for a mean (NaN when missing), ``base:<id>`` is true when
the response belongs to the indicator's base.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

import polars as pl

from barometre.questionnaire import Questionnaire, QuestionType, clean_answers
from barometre.questionnaire.expressions import Value, truthy

IDENTITY: Final = (
    "authority",
    "type",
    "stratum",
    "region",
    "departement",
    "role",
    "version",
    "carried",
    "changed",
)

NUMERATOR: Final = "num:"
BASE: Final = "base:"

_DTYPES: Final[dict[QuestionType, pl.DataType]] = {
    QuestionType.MULTIPLE_CHOICE: pl.List(pl.Utf8),
    QuestionType.INTEGER: pl.Int64(),
    QuestionType.DECIMAL: pl.Float64(),
    QuestionType.PERCENTAGE: pl.Float64(),
}


def numerator_column(indicator_id: str) -> str:
    return NUMERATOR + indicator_id


def base_column(indicator_id: str) -> str:
    return BASE + indicator_id


def typed(values: Mapping[str, object]) -> dict[str, Value]:
    """JSON answers as validation expects them (lists of options become tuples)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}  # type: ignore[misc]


def indicator_cells(questionnaire: Questionnaire, clean: Mapping[str, Value]) -> dict[str, object]:
    """The ``num:`` and ``base:`` cells of every indicator for one clean answer set."""
    cells: dict[str, object] = {}
    for indicator in questionnaire.indicators:
        in_base = truthy(indicator.base.evaluate(clean, None))
        result = indicator.numerator.evaluate(clean, None)
        if indicator.kind == "share":
            value = float(truthy(result))
        elif isinstance(result, int | float) and math.isfinite(result):
            value = float(result)
        else:
            value = math.nan
        cells[numerator_column(indicator.id)] = value if in_base else math.nan
        cells[base_column(indicator.id)] = in_base
    return cells


def response_row(
    questionnaire: Questionnaire, identity: Mapping[str, object], answers: Mapping[str, object]
) -> dict[str, object]:
    """Identity columns, clean answers (non-relevant ones dropped) and indicator cells."""
    clean = clean_answers(questionnaire, typed(answers))
    row: dict[str, object] = dict(identity)
    row.update({qid: clean.get(qid) for qid in questionnaire.questions})
    row.update(indicator_cells(questionnaire, clean))
    return row


def schema(questionnaires: list[Questionnaire]) -> dict[str, pl.DataType]:
    """Column types of a questionnaire table: identity, every question, every indicator."""
    columns: dict[str, pl.DataType] = dict.fromkeys(IDENTITY, pl.Utf8())
    for questionnaire in questionnaires:
        for question in questionnaire.ordered_questions:
            if question.type is not QuestionType.NOTE:
                columns.setdefault(question.id, _DTYPES.get(question.type, pl.Utf8()))
        for indicator in questionnaire.indicators:
            columns.setdefault(numerator_column(indicator.id), pl.Float64())
            columns.setdefault(base_column(indicator.id), pl.Boolean())
    return columns


def to_table(rows: list[dict[str, object]], columns: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows as a typed polars table (missing cells are null; absent bases are false)."""
    data = {name: [row.get(name) for row in rows] for name in columns}
    table = pl.DataFrame(data, schema=columns, strict=False)
    bases = [name for name in columns if name.startswith(BASE)]
    return table.with_columns(pl.col(bases).fill_null(value=False)) if bases else table
