"""« Que faire ensuite ? » — the recommendations of a report, in the order it gives them (pure).

Each questionnaire the authority answered brings the recommendations its version declares for
its weak answers (:mod:`barometre.questionnaire.advice`); the report orders them all by
declared priority, then by weakness (the points of the theme's score the weak answers leave),
then as declared, and marks the first six « prioritaires ».
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from barometre.questionnaire import Question, Questionnaire
from barometre.questionnaire.advice import Advice, advice
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.maturity import PRIORITIES
from barometre.questionnaire.model import Recommendation
from barometre.questionnaire.scoring import ThemeScore

FIRST: Final = 6
#: The frame (Etalab's administrative geography) names no authority's OPSN: said, not guessed.
OPSN_UNKNOWN: Final = (
    "Un opérateur public de services numériques (OPSN) propose souvent cet accompagnement à "
    "ses adhérents. Le référentiel du baromètre ne dit pas quel OPSN couvre votre "
    "collectivité : nous ne pouvons pas vous indiquer son offre. Votre département ou votre "
    "intercommunalité vous diront lequel intervient sur votre territoire ; le réseau Déclic "
    "les fédère."
)


@dataclass(frozen=True, slots=True)
class Advised:
    """One recommendation as the report gives it: why it applies, its rank, « prioritaire »."""

    recommendation: Recommendation
    questionnaire: str
    theme_label: str
    points: float
    reasons: tuple[str, ...]
    rank: int = 0
    first: bool = False

    @property
    def priority(self) -> str:
        return PRIORITIES.get(self.recommendation.priority, "")


def answer_label(question: Question, value: Value) -> str:
    """The options' labels, as the respondent read them; « Sans réponse » when absent."""
    labels = {option.value: option.label.fr for option in question.options}
    if isinstance(value, tuple) and value:
        return ", ".join(labels.get(v, v) for v in value)
    if isinstance(value, str):
        return labels.get(value, value)
    return "Sans réponse ou question non posée"


def _reasons(
    found: Advice,
    questionnaire: Questionnaire,
    scores: Mapping[str, ThemeScore],
    answers: Mapping[str, Value],
) -> tuple[str, ...]:
    themes = {t.id: t.label.fr for t in questionnaire.maturity_themes}
    out = []
    for weak in found.weaknesses:
        if weak.question is None:
            value = scores[weak.theme].value or 0.0
            out.append(
                f"Votre score du thème « {themes.get(weak.theme, weak.theme)} » : "
                f"{value:.1f} sur 100".replace(".", ",")
            )
        else:
            question = questionnaire.questions[weak.question]
            answer = answer_label(question, answers.get(weak.question))
            out.append(f"« {question.label.fr} » — votre réponse : {answer}")
    return tuple(out)


def advised(
    key: str,
    questionnaire: Questionnaire,
    scores: Mapping[str, ThemeScore],
    answers: Mapping[str, Value],
) -> list[Advised]:
    """The recommendations one answered questionnaire brings, unordered."""
    themes = {t.id: t.label.fr for t in questionnaire.maturity_themes}
    return [
        Advised(
            found.recommendation,
            key,
            themes.get(found.theme, found.theme),
            found.points,
            _reasons(found, questionnaire, scores, answers),
        )
        for found in advice(questionnaire, scores, answers)
    ]


def ordered(found: Iterable[Advised]) -> tuple[Advised, ...]:
    """By priority, then weakness, then as declared (``found`` is in declared order)."""
    ranked = sorted(
        enumerate(found),
        key=lambda pair: (pair[1].recommendation.priority, -pair[1].points, pair[0]),
    )
    return tuple(
        replace(item, rank=rank, first=rank <= FIRST) for rank, (_, item) in enumerate(ranked, 1)
    )


def advised_json(item: Advised) -> dict[str, Any]:
    recommendation = item.recommendation
    return {
        "rang": item.rank,
        "prioritaire": item.first,
        "id": recommendation.id,
        "questionnaire": item.questionnaire,
        "theme": item.theme_label,
        "priorite": {"niveau": recommendation.priority, "nom": item.priority},
        "faiblesse_points": item.points,
        "titre": recommendation.title.fr,
        "pourquoi": recommendation.why.fr,
        "comment": recommendation.how.fr,
        "vos_reponses": list(item.reasons),
        "liens": [{"libelle": link.label.fr, "url": link.url} for link in recommendation.links],
        "opsn": {"connu": False, "message": OPSN_UNKNOWN} if recommendation.opsn else None,
    }
