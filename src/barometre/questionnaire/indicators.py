"""Raw (unweighted) indicator values: the share of the base for which the numerator holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from barometre.questionnaire.expressions import Value, truthy
from barometre.questionnaire.model import Indicator, Questionnaire
from barometre.questionnaire.validation import clean_answers


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """``value`` is ``count / n`` (``None`` when the base is empty)."""

    id: str
    value: float | None
    n: int
    count: int


def indicator_values(
    questionnaire: Questionnaire, answer_sets: Iterable[Mapping[str, Value]]
) -> dict[str, IndicatorValue]:
    """Every indicator of ``questionnaire`` over ``answer_sets`` (non-relevant answers dropped)."""
    indicators = questionnaire.indicators
    bases = [0] * len(indicators)
    counts = [0] * len(indicators)
    for answers in answer_sets:
        values = clean_answers(questionnaire, answers)
        for index, indicator in enumerate(indicators):
            if truthy(indicator.base.evaluate(values, None)):
                bases[index] += 1
                if truthy(indicator.numerator.evaluate(values, None)):
                    counts[index] += 1
    return {
        indicator.id: _value(indicator, n, count)
        for indicator, n, count in zip(indicators, bases, counts, strict=True)
    }


def _value(indicator: Indicator, n: int, count: int) -> IndicatorValue:
    return IndicatorValue(indicator.id, count / n if n else None, n, count)
