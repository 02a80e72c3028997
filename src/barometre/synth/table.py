"""Columns of answers → one polars table: one row per answer set (respondent × questionnaire)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from barometre.questionnaire import Questionnaire, QuestionType
from barometre.synth.vector import Choice, Column, Multi


def _labels(name: str, codes: npt.NDArray[np.integer], options: tuple[str, ...]) -> pl.Series:
    mapping = dict(enumerate(options))
    return pl.Series(name, codes).replace_strict(mapping, default=None, return_dtype=pl.Utf8)


def _choice_series(name: str, column: Choice) -> pl.Series:
    return _labels(name, column.codes, column.options)


def _multi_series(name: str, column: Multi) -> pl.Series:
    n = column.matrix.shape[0]
    rows, cols = np.nonzero(column.matrix)
    ticked = (
        pl.DataFrame({"row": rows, name: _labels(name, cols, column.options)})
        .group_by("row", maintain_order=True)
        .agg(pl.col(name))
    )
    every = pl.DataFrame({"row": np.arange(n, dtype=rows.dtype)})
    return every.join(ticked, on="row", how="left")[name]


def _number_series(name: str, column: npt.NDArray[np.float64], kind: QuestionType) -> pl.Series:
    series = pl.Series(name, column).fill_nan(None)
    return series.cast(pl.Int64) if kind is QuestionType.INTEGER else series


def answers_frame(questionnaire: Questionnaire, columns: dict[str, Column]) -> pl.DataFrame:
    series = []
    for question in questionnaire.ordered_questions:
        column = columns.get(question.id)
        if column is None:
            continue
        if isinstance(column, Choice):
            series.append(_choice_series(question.id, column))
        elif isinstance(column, Multi):
            series.append(_multi_series(question.id, column))
        elif column.dtype == np.object_:
            series.append(pl.Series(question.id, column.tolist(), dtype=pl.Utf8))
        else:
            series.append(_number_series(question.id, column, question.type))
    return pl.DataFrame(series)
