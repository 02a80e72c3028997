"""Which declared recommendations apply to one answer set, and how weak the answers are (pure).

A question trigger holds when the item was answered (not « non concerné », not skipped) and
its answer is one of the trigger's ``choices``, or its value is ``below`` the threshold
(« je ne sais pas » counts as 0: a practice one cannot vouch for is not in place). A theme
trigger holds when the theme has a score ``below`` the threshold.

The weakness of a recommendation is the number of points of its theme's score (0–100) that
the weak answers leave on the table: for an item, ``100 × weight × (3 − value) / potential``
(what the score would gain were the practice fully in place); for a theme, the distance to the
threshold. The report orders by priority, then by this weakness.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from barometre.questionnaire.expressions import Value
from barometre.questionnaire.maturity import SCALE_MAX
from barometre.questionnaire.model import Questionnaire, Recommendation, Trigger
from barometre.questionnaire.scoring import ItemScore, ItemState, ThemeScore


@dataclass(frozen=True, slots=True)
class Weakness:
    """One trigger that holds: the weak question (``None`` for a theme score), its theme and
    the points of the theme's score it leaves."""

    question: str | None
    theme: str
    points: float


@dataclass(frozen=True, slots=True)
class Advice:
    """A recommendation that applies, with what makes it apply (weakest first)."""

    recommendation: Recommendation
    weaknesses: tuple[Weakness, ...]

    @property
    def points(self) -> float:
        return self.weaknesses[0].points

    @property
    def theme(self) -> str:
        return self.weaknesses[0].theme


def _item(scores: Mapping[str, ThemeScore], question: str) -> tuple[ItemScore, ThemeScore] | None:
    for score in scores.values():
        for item in score.items:
            if item.question == question:
                return item, score
    return None


def _selected(value: Value) -> set[str]:
    if isinstance(value, tuple):
        return set(value)
    return {value} if isinstance(value, str) else set()


def _question_weakness(
    trigger: Trigger, scores: Mapping[str, ThemeScore], answers: Mapping[str, Value]
) -> Weakness | None:
    found = _item(scores, trigger.question or "")
    if found is None:
        return None
    item, theme = found
    if item.state not in (ItemState.VALUED, ItemState.DONT_KNOW) or not theme.potential:
        return None
    value = item.value or 0.0
    if trigger.choices:
        weak = bool(_selected(answers.get(item.question)) & set(trigger.choices))
    else:
        weak = item.state is ItemState.DONT_KNOW or value < (trigger.below or 0.0)
    if not weak:
        return None
    points = 100 * item.weight * (SCALE_MAX - value) / theme.potential
    return Weakness(item.question, item.theme, round(points, 1))


def _theme_weakness(trigger: Trigger, scores: Mapping[str, ThemeScore]) -> Weakness | None:
    score = scores.get(trigger.theme or "")
    if score is None or score.value is None or trigger.below is None:
        return None
    if score.value >= trigger.below:
        return None
    return Weakness(None, score.theme, round(trigger.below - score.value, 1))


def weakness(
    trigger: Trigger, scores: Mapping[str, ThemeScore], answers: Mapping[str, Value]
) -> Weakness | None:
    """The weakness this trigger finds in one answer set, or ``None`` when it does not hold."""
    if trigger.theme is not None:
        return _theme_weakness(trigger, scores)
    return _question_weakness(trigger, scores, answers)


def advice(
    questionnaire: Questionnaire,
    scores: Mapping[str, ThemeScore],
    answers: Mapping[str, Value],
) -> tuple[Advice, ...]:
    """The questionnaire's recommendations that apply to these answers, in declared order."""
    out = []
    for recommendation in questionnaire.recommendations:
        found = [weakness(trigger, scores, answers) for trigger in recommendation.triggers]
        held = sorted((w for w in found if w is not None), key=lambda w: -w.points)
        if held:
            out.append(Advice(recommendation, tuple(held)))
    return tuple(out)
