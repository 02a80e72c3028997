"""A previous edition's frozen answers read in the terms of a new version (pure, no Django).

Each row of the frozen table (``results.rows``: identity, clean answers, indicator cells) is
recoded by the confirmed map (``questionnaire.recode``), cleaned by the new version's skip
logic, and given the new version's indicator cells: what the statistics engine then estimates
as the previous value of each indicator under its new definition.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from barometre.questionnaire import Questionnaire, QuestionType, clean_answers
from barometre.questionnaire.recode import RecodeMap, recode_answers
from barometre.results.rows import IDENTITY, base_column, indicator_cells, numerator_column, typed


def _answers(row: dict[str, object], questions: Sequence[str]) -> dict[str, object]:
    return {qid: row[qid] for qid in questions if row.get(qid) is not None}


def recoded_table(
    table: pl.DataFrame,
    previous: Questionnaire,
    current: Questionnaire,
    mapping: RecodeMap,
    indicators: Sequence[str],
) -> pl.DataFrame:
    """Identity columns and the ``num:``/``base:`` cells of ``indicators`` (of ``current``)
    for every previous response, its answers recoded by ``mapping``."""
    asked = [
        q.id
        for q in previous.ordered_questions
        if q.type is not QuestionType.NOTE and q.id in table.columns
    ]
    identity = [c for c in IDENTITY if c in table.columns]
    wanted = set(indicators)
    rows = []
    columns = list(dict.fromkeys([*identity, *asked]))  # « role » is both (the answer is it)
    for row in table.select(columns).iter_rows(named=True):
        recoded = recode_answers(typed(_answers(row, asked)), current, mapping)
        kept = {qid: value for qid, value in recoded.items() if qid in current.questions}
        cells = indicator_cells(current, clean_answers(current, kept))
        rows.append(
            {c: row[c] for c in identity}
            | {k: v for k, v in cells.items() if k.split(":", 1)[1] in wanted}
        )
    schema: dict[str, pl.DataType] = dict.fromkeys(identity, pl.Utf8())
    for indicator in indicators:
        schema[numerator_column(indicator)] = pl.Float64()
        schema[base_column(indicator)] = pl.Boolean()
    data = {name: [r.get(name) for r in rows] for name in schema}
    return pl.DataFrame(data, schema=schema, strict=False)
