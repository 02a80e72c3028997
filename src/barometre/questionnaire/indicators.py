"""Raw (unweighted) indicator values: shares of a base, or means over it."""

from __future__ import annotations

import math
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
    totals = [0.0] * len(indicators)
    for answers in answer_sets:
        values = clean_answers(questionnaire, answers)
        for index, indicator in enumerate(indicators):
            if not truthy(indicator.base.evaluate(values, None)):
                continue
            result = indicator.numerator.evaluate(values, None)
            if indicator.kind == "share":
                bases[index] += 1
                totals[index] += truthy(result)
            elif isinstance(result, int | float) and math.isfinite(result):
                bases[index] += 1
                totals[index] += float(result)
    return {
        indicator.id: _value(indicator, n, total)
        for indicator, n, total in zip(indicators, bases, totals, strict=True)
    }


def _value(indicator: Indicator, n: int, total: float) -> IndicatorValue:
    count = round(total) if indicator.kind == "share" else 0
    return IndicatorValue(indicator.id, total / n if n else None, n, count)
