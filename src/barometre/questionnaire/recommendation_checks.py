"""Checks of the recommendations of a questionnaire being compiled (coded French errors).

A trigger names a scored question (with the choices that are weak, or a threshold on the 0–3
scale) or a declared theme (with a threshold on 0–100). A « non concerné » choice, or a choice
worth the full 3 points, is never weak. Links are ``https://`` addresses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from barometre.questionnaire.errors import (
    DUPLICATE_ID,
    RECOMMENDATION_LINK,
    RECOMMENDATION_NOT_SCORED,
    RECOMMENDATION_NOT_WEAK,
    RECOMMENDATION_PRIORITY,
    RECOMMENDATION_THRESHOLD,
    RECOMMENDATION_TRIGGER,
    SCORE_UNKNOWN_THEME,
    SCORE_WITHOUT_RECOMMENDATION,
    UNKNOWN_OPTION,
    UNKNOWN_QUESTION,
    Location,
)
from barometre.questionnaire.maturity import PRIORITIES, SCALE_MAX
from barometre.questionnaire.model import (
    MaturityTheme,
    Question,
    QuestionType,
    Recommendation,
    Trigger,
)
from barometre.questionnaire.reading import Reader

_LABEL: Final = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
URL: Final = re.compile(rf"^https://{_LABEL}(\.{_LABEL})+(/\S*)?$")
MAX_URL_LENGTH: Final = 500
THEME_MAX: Final = 100.0


def check_recommendations(
    reader: Reader,
    recommendations: Sequence[Recommendation],
    questions: Mapping[str, Question],
    themes: Sequence[MaturityTheme],
) -> None:
    """Every recommendation: a known priority, triggers that can be weak, links that work."""
    seen: set[str] = set()
    declared = {theme.id for theme in themes}
    for recommendation in recommendations:
        where = recommendation.location or Location(reader.origin)
        what = f"recommandation « {recommendation.id} »"
        if recommendation.id in seen:
            reader.error(DUPLICATE_ID, f"{what} déclarée deux fois", where)
        seen.add(recommendation.id)
        if recommendation.priority and recommendation.priority not in PRIORITIES:
            reader.error(
                RECOMMENDATION_PRIORITY,
                f"{what} : priorité {recommendation.priority} inconnue (1 la plus urgente, 2 ou 3)",
                where,
            )
        for trigger in recommendation.triggers:
            _check_trigger(reader, trigger, questions, declared, what=what, where=where)
        for link in recommendation.links:
            if len(link.url) > MAX_URL_LENGTH or not URL.match(link.url):
                reader.error(
                    RECOMMENDATION_LINK,
                    f"{what} : l'adresse « {link.url[:80]} » du lien « {link.label.fr} » doit "
                    "commencer par https:// suivi d'un nom de domaine, sans espace",
                    where,
                )
    if recommendations:
        _check_coverage(reader, recommendations, questions)


def _check_trigger(
    reader: Reader,
    trigger: Trigger,
    questions: Mapping[str, Question],
    themes: set[str],
    *,
    what: str,
    where: Location,
) -> None:
    if (trigger.question is None) == (trigger.theme is None):
        reader.error(
            RECOMMENDATION_TRIGGER,
            f"{what} : chaque condition de « when » nomme soit une question (« question »), "
            "soit un thème (« theme »)",
            where,
        )
        return
    if trigger.theme is not None:
        _check_theme_trigger(reader, trigger, themes, what, where)
        return
    question = questions.get(trigger.question or "")
    if question is None:
        reader.error(
            UNKNOWN_QUESTION, f"{what} : la question « {trigger.question} » n'existe pas", where
        )
        return
    if question.scoring is None:
        reader.error(
            RECOMMENDATION_NOT_SCORED,
            f"{what} : la question « {question.id} » n'est pas notée ; seule une réponse notée "
            "peut être faible",
            where,
        )
        return
    if bool(trigger.choices) == (trigger.below is not None):
        reader.error(
            RECOMMENDATION_TRIGGER,
            f"{what} : pour la question « {question.id} », donnez soit « choices » (les réponses "
            "faibles), soit « below » (un seuil de 0 à 3)",
            where,
        )
        return
    if trigger.below is not None and not 0 < trigger.below <= SCALE_MAX:
        reader.error(
            RECOMMENDATION_THRESHOLD,
            f"{what} : le seuil {_fr(trigger.below)} de la question « {question.id} » doit être "
            "sur l'échelle des réponses, plus de 0 et au plus 3",
            where,
        )
    _check_choices(reader, trigger, question, what, where)


def _check_theme_trigger(
    reader: Reader, trigger: Trigger, themes: set[str], what: str, where: Location
) -> None:
    if trigger.theme not in themes:
        reader.error(
            SCORE_UNKNOWN_THEME,
            f"{what} : thème de maturité « {trigger.theme} » non déclaré dans « maturity »",
            where,
        )
    if trigger.choices or trigger.below is None:
        reader.error(
            RECOMMENDATION_TRIGGER,
            f"{what} : pour le thème « {trigger.theme} », donnez « below » (un seuil de score de "
            "0 à 100) et pas de « choices »",
            where,
        )
    elif not 0 < trigger.below <= THEME_MAX:
        reader.error(
            RECOMMENDATION_THRESHOLD,
            f"{what} : le seuil {_fr(trigger.below)} du thème « {trigger.theme} » doit être un "
            "score de plus de 0 et d'au plus 100",
            where,
        )


def _check_choices(
    reader: Reader, trigger: Trigger, question: Question, what: str, where: Location
) -> None:
    scoring = question.scoring
    assert scoring is not None  # noqa: S101 - checked by the caller
    values = dict(scoring.values)
    for choice in trigger.choices:
        if choice not in question.option_values:
            reader.error(
                UNKNOWN_OPTION,
                f"{what} : la question « {question.id} » n'a pas d'option « {choice} »",
                where,
            )
        elif choice in scoring.not_concerned:
            reader.error(
                RECOMMENDATION_NOT_WEAK,
                f"{what} : « {choice} » veut dire « non concerné » : ce n'est pas une réponse "
                "faible",
                where,
            )
        elif question.type is not QuestionType.MULTIPLE_CHOICE and values.get(choice) == SCALE_MAX:
            reader.error(
                RECOMMENDATION_NOT_WEAK,
                f"{what} : « {choice} » vaut 3 sur 3 : ce n'est pas une réponse faible",
                where,
            )


def _check_coverage(
    reader: Reader, recommendations: Sequence[Recommendation], questions: Mapping[str, Question]
) -> None:
    named = {t.question for r in recommendations for t in r.triggers if t.question is not None}
    for question in questions.values():
        if question.scoring is not None and question.id not in named:
            reader.warn(
                SCORE_WITHOUT_RECOMMENDATION,
                f"question « {question.id} » : notée, mais aucune recommandation ne dit quoi faire "
                "d'une réponse faible",
                question.location or Location(reader.origin),
            )


def _fr(number: float) -> str:
    return f"{number:g}".replace(".", ",")
