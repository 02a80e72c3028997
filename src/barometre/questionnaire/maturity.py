"""The maturity model's fixed parts, declared once and published: the scale and the five levels.

Each questionnaire declares its own items (a value per choice on this scale, a weight) and
themes; how a theme score turns into a level is the same everywhere, so that levels mean the
same thing in every theme and every wave. The fingerprint of a questionnaire's model covers
its items, its themes and these fixed parts: two scores are comparable only under one model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Final

from barometre.questionnaire.model import Questionnaire

#: The value of a choice: 0 (nothing in place) to 3 (fully in place), in half steps.
SCALE_MIN: Final = 0.0
SCALE_MAX: Final = 3.0
SCALE_STEP: Final = 0.5
#: An item's weight: how much it counts in its theme against the others (1 by default).
WEIGHT_MIN: Final = 0.5
WEIGHT_MAX: Final = 5.0
FINGERPRINT_LENGTH: Final = 16


@dataclass(frozen=True, slots=True)
class Level:
    """One of the five levels: a theme score at or above ``lower`` (and below the next)."""

    number: int
    name: str
    lower: float
    description: str


LEVELS: Final = (
    Level(1, "Découverte", 0.0, "Peu de pratiques en place : le sujet reste à ouvrir."),
    Level(2, "Premiers pas", 20.0, "Quelques pratiques en place, encore isolées."),
    Level(3, "Structuration", 40.0, "Les pratiques de base sont en place et s'organisent."),
    Level(4, "Maîtrise", 60.0, "La plupart des pratiques sont en place et suivies."),
    Level(5, "Exemplarité", 80.0, "Presque toutes les pratiques sont en place : une référence."),
)

#: A recommendation's declared priority: 1 comes first in the report, whatever the weakness.
PRIORITIES: Final = {
    1: "essentielle",  # a legal duty or a basic protection
    2: "importante",
    3: "utile",
}


def level_of(score: float) -> Level:
    """The level of a theme score (0–100): the highest whose lower anchor it reaches."""
    return next(level for level in reversed(LEVELS) if score >= level.lower)


def upper_of(level: Level) -> float | None:
    """The next level's anchor (excluded), or ``None`` for the last level (up to 100)."""
    following = [other.lower for other in LEVELS if other.number == level.number + 1]
    return following[0] if following else None


def on_scale(value: float) -> bool:
    steps = (value - SCALE_MIN) / SCALE_STEP
    return SCALE_MIN <= value <= SCALE_MAX and abs(steps - round(steps)) < 1e-9  # noqa: PLR2004


def fixed_parts() -> dict[str, Any]:
    """The scale and the levels, as they enter every model's fingerprint."""
    return {
        "echelle": [SCALE_MIN, SCALE_MAX, SCALE_STEP],
        "niveaux": [[level.number, level.name, level.lower] for level in LEVELS],
    }


def model_source(questionnaire: Questionnaire) -> dict[str, Any] | None:
    """What the scores of this questionnaire depend on (no wording), or ``None`` without model."""
    items = [
        {
            "question": question.id,
            "theme": question.scoring.theme,
            "poids": question.scoring.weight,
            "valeurs": dict(question.scoring.values),
            "ne_sait_pas": sorted(question.scoring.dont_know),
            "non_concerne": sorted(question.scoring.not_concerned),
            "type": question.type.value,
        }
        for question in questionnaire.scored_questions
        if question.scoring is not None
    ]
    if not items:
        return None
    themes = [theme.id for theme in questionnaire.maturity_themes]
    return {"themes": themes, "items": items, **fixed_parts()}


def model_fingerprint(questionnaire: Questionnaire) -> str | None:
    """A short SHA-256 of :func:`model_source`: the name a stored score gives its model."""
    source = model_source(questionnaire)
    if source is None:
        return None
    canonical = json.dumps(source, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]
