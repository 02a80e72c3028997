"""A questionnaire table of the wave with each authority's theme scores as columns (pure).

Each row is scored under the questionnaire version it answered; the columns ``score:<theme>``
(NaN without a score) and ``niveau:<theme>:<n>`` (1 at its level, 0 elsewhere, NaN without a
score) are what the peers' estimates read. ``modele:<theme>`` names the row's model: peers
are only ever the rows scored under the same model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import polars as pl

from barometre.questionnaire import Questionnaire
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.maturity import LEVELS, model_fingerprint
from barometre.questionnaire.scoring import ThemeScore, theme_scores
from barometre.reports.groups import Member
from barometre.reports.peers import level_column, score_column

IDENTITY = ("authority", "type", "stratum", "region", "departement", "role", "version")


def model_column(theme: str) -> str:
    return f"modele:{theme}"


@dataclass(frozen=True)
class ScoredTable:
    """One questionnaire's rows, their scores, and the newest version's model."""

    key: str
    questionnaire: Questionnaire  # the newest version: its themes and model name things
    frame: pd.DataFrame
    scores: Mapping[str, Mapping[str, ThemeScore]]  # authority → theme → score
    answers: Mapping[str, Mapping[str, Value]]  # authority → clean answers
    versions: Mapping[str, Questionnaire]  # authority → the version it answered

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.questionnaire.maturity_themes)

    @property
    def model(self) -> str | None:
        return model_fingerprint(self.questionnaire)

    def members(self, theme: str) -> list[Member]:
        """Rows with a score for ``theme`` under the newest version's model."""
        rows = self.frame[
            self.frame[score_column(theme)].notna()
            & (self.frame[model_column(theme)] == self.model)
        ]
        fields = ("authority", "type", "stratum", "region", "departement")
        values = zip(*(rows[name].astype(str).tolist() for name in fields), strict=True)
        return [Member(*row) for row in values]


def _answers(row: Mapping[str, Any], questionnaire: Questionnaire) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for qid in questionnaire.questions:
        value = row.get(qid)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        values[qid] = tuple(value) if isinstance(value, list) else value
    return values


def score_table(
    key: str, table: pl.DataFrame, versions: Mapping[str, Questionnaire], newest: Questionnaire
) -> ScoredTable:
    """Score every row of ``table`` under its version (``versions``: hash → questionnaire)."""
    themes = [theme.id for theme in newest.maturity_themes]
    columns: dict[str, list[Any]] = {name: table[name].to_list() for name in IDENTITY}
    for theme in themes:
        columns[score_column(theme)] = []
        columns[model_column(theme)] = []
        columns.update({level_column(theme, level): [] for level in LEVELS})
    scores: dict[str, dict[str, ThemeScore]] = {}
    answers: dict[str, dict[str, Value]] = {}
    answered: dict[str, Questionnaire] = {}
    for row in table.iter_rows(named=True):
        questionnaire = versions[row["version"]]
        answers[row["authority"]] = _answers(row, questionnaire)
        answered[row["authority"]] = questionnaire
        found = theme_scores(questionnaire, answers[row["authority"]])
        scores[row["authority"]] = found
        _append(columns, themes, found, model_fingerprint(questionnaire))
    frame = pd.DataFrame(columns)
    return ScoredTable(key, newest, frame, scores, answers, answered)


def _append(
    columns: dict[str, list[Any]],
    themes: Sequence[str],
    found: Mapping[str, ThemeScore],
    model: str | None,
) -> None:
    for theme in themes:
        score = found.get(theme)
        value = score.value if score is not None else None
        columns[score_column(theme)].append(math.nan if value is None else value)
        columns[model_column(theme)].append(model)
        level = score.level if score is not None else None
        for each in LEVELS:
            mark = math.nan if level is None else float(each.number == level.number)
            columns[level_column(theme, each)].append(mark)
