"""Theme scores of one answer set under the questionnaire's maturity model (pure).

An item asked and answered earns ``weight × value`` out of a potential of ``weight × 3``;
« je ne sais pas » earns nothing but stays in the potential (a practice one cannot vouch for
is not in place); « non concerné » takes the item out of the potential; a question not asked
(skip logic) or left unanswered counts on neither side. A multiple choice adds the values of
the options ticked, up to 3. The theme score is ``100 × earned / potential``; a theme with no
potential left has no score, and the reason says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from barometre.questionnaire.expressions import Value
from barometre.questionnaire.maturity import SCALE_MAX, Level, level_of
from barometre.questionnaire.model import Question, Questionnaire, Scoring
from barometre.questionnaire.validation import clean_answers


class ItemState(StrEnum):
    VALUED = "valued"
    DONT_KNOW = "dont_know"
    NOT_CONCERNED = "not_concerned"
    NOT_ASKED = "not_asked"


@dataclass(frozen=True, slots=True)
class ItemScore:
    """One item as answered: its state and value on the 0–3 scale (``None`` without value)."""

    question: str
    theme: str
    weight: float
    state: ItemState
    value: float | None


@dataclass(frozen=True, slots=True)
class ThemeScore:
    """A theme's score 0–100 and level, or ``None`` with the reason (in French)."""

    theme: str
    earned: float
    potential: float
    items: tuple[ItemScore, ...]

    @property
    def value(self) -> float | None:
        return round(100 * self.earned / self.potential, 1) if self.potential else None

    @property
    def level(self) -> Level | None:
        return None if self.value is None else level_of(self.value)

    @property
    def reason(self) -> str:
        """Why there is no score (empty when there is one)."""
        if self.potential:
            return ""
        if any(item.state is ItemState.NOT_CONCERNED for item in self.items):
            return "La collectivité s'est dite « non concernée » par chaque question notée."
        return "Aucune question notée de ce thème n'a reçu de réponse."


def _single(selected: str, scoring: Scoring) -> tuple[ItemState, float | None]:
    if selected in scoring.not_concerned:
        return ItemState.NOT_CONCERNED, None
    if selected in scoring.dont_know:
        return ItemState.DONT_KNOW, None
    return ItemState.VALUED, dict(scoring.values).get(selected, 0.0)


def _multiple(selected: tuple[str, ...], scoring: Scoring) -> tuple[ItemState, float | None]:
    if set(selected) & set(scoring.not_concerned):
        return ItemState.NOT_CONCERNED, None
    if set(selected) & set(scoring.dont_know):
        return ItemState.DONT_KNOW, None
    values = dict(scoring.values)
    return ItemState.VALUED, min(SCALE_MAX, sum(values.get(option, 0.0) for option in selected))


def item_score(question: Question, value: Value) -> ItemScore:
    """The item's state and value for one clean answer (``None``: not asked or unanswered)."""
    scoring = question.scoring
    if scoring is None:
        raise ValueError(f"La question « {question.id} » n'est pas notée.")
    if isinstance(value, tuple) and value:
        state, points = _multiple(value, scoring)
    elif isinstance(value, str):
        state, points = _single(value, scoring)
    else:
        state, points = ItemState.NOT_ASKED, None
    return ItemScore(question.id, scoring.theme, scoring.weight, state, points)


def theme_scores(
    questionnaire: Questionnaire, answers: Mapping[str, Value]
) -> dict[str, ThemeScore]:
    """Every declared theme's score for one answer set (skip logic applied first)."""
    values = clean_answers(questionnaire, answers)
    items: dict[str, list[ItemScore]] = {t.id: [] for t in questionnaire.maturity_themes}
    for question in questionnaire.scored_questions:
        item = item_score(question, values.get(question.id))
        items.setdefault(item.theme, []).append(item)
    return {theme: _theme(theme, found) for theme, found in items.items()}


def _theme(theme: str, items: list[ItemScore]) -> ThemeScore:
    counted = [i for i in items if i.state in (ItemState.VALUED, ItemState.DONT_KNOW)]
    earned = sum(i.weight * (i.value or 0.0) for i in counted)
    potential = sum(i.weight * SCALE_MAX for i in counted)
    return ThemeScore(theme, earned, potential, tuple(items))


def scores(questionnaire: Questionnaire, answers: Mapping[str, Value]) -> dict[str, float]:
    """Score per theme in 0–100, for the themes that have one."""
    found = theme_scores(questionnaire, answers)
    return {theme: score.value for theme, score in found.items() if score.value is not None}
