"""Indicators of a wave computed on a table of answer sets, next to the published figures."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from barometre.questionnaire import indicator_values
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.library import wave_questionnaires
from barometre.questionnaire.model import Questionnaire


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """One indicator: raw (unweighted) value on its base n, and what was published."""

    id: str
    questionnaire: str
    label: str
    kind: str
    sensitivity: str
    value: float | None
    n: int
    count: int
    published: float | None
    published_base: str | None


def answer_sets(table: pl.DataFrame, questionnaire: Questionnaire) -> list[dict[str, Value]]:
    """The answer sets of one questionnaire in a table, as validation expects them."""
    if "questionnaire" not in table.columns:
        return []
    rows = table.filter(pl.col("questionnaire") == questionnaire.id)
    present = [qid for qid in questionnaire.questions if qid in rows.columns]
    return [
        {k: tuple(v) if isinstance(v, list) else v for k, v in row.items() if v is not None}
        for row in rows.select(present).iter_rows(named=True)
    ]


def wave_figures(table: pl.DataFrame, wave: int) -> list[KeyFigure]:
    """Every indicator of ``wave`` over the answer sets of ``table``."""
    figures = []
    for questionnaire in wave_questionnaires(wave):
        values = indicator_values(questionnaire, answer_sets(table, questionnaire))
        for indicator in questionnaire.indicators:
            value = values[indicator.id]
            figures.append(
                KeyFigure(
                    id=indicator.id,
                    questionnaire=questionnaire.id,
                    label=indicator.label.fr,
                    kind=indicator.kind,
                    sensitivity=indicator.sensitivity.value,
                    value=value.value,
                    n=value.n,
                    count=value.count,
                    published=indicator.published_value,
                    published_base=indicator.published_base,
                )
            )
    return figures
