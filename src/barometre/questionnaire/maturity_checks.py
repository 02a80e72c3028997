"""Checks of the maturity model of a questionnaire being compiled (coded French errors)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from barometre.questionnaire.errors import (
    DUPLICATE_ID,
    MATURITY_THEME_EMPTY,
    SCORE_CEILING,
    SCORE_OFF_SCALE,
    SCORE_OPTION_TWICE,
    SCORE_UNCLASSIFIED,
    SCORE_UNKNOWN_THEME,
    SCORE_WEIGHT,
    TYPE_MISMATCH,
    UNKNOWN_OPTION,
    Location,
)
from barometre.questionnaire.maturity import (
    SCALE_MAX,
    WEIGHT_MAX,
    WEIGHT_MIN,
    on_scale,
)
from barometre.questionnaire.model import CHOICE_TYPES, MaturityTheme, Question, QuestionType
from barometre.questionnaire.reading import Reader


def _fr(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def check_scoring(reader: Reader, question: Question) -> None:
    """One item: a choice question whose every option has a value on the scale, or is
    « ne sait pas » or « non concerné » — once, and nothing else."""
    scoring = question.scoring
    if scoring is None:
        return
    where = question.location or Location(reader.origin)
    what = f"question « {question.id} »"
    if question.type not in CHOICE_TYPES:
        reader.error(TYPE_MISMATCH, f"{what} : seules les questions à choix sont notées", where)
        return
    if not WEIGHT_MIN <= scoring.weight <= WEIGHT_MAX:
        reader.error(
            SCORE_WEIGHT,
            f"{what} : poids {_fr(scoring.weight)} hors de [{_fr(WEIGHT_MIN)} ; {_fr(WEIGHT_MAX)}]",
            where,
        )
    for option, value in scoring.values:
        if not on_scale(value):
            reader.error(
                SCORE_OFF_SCALE,
                f"{what} : la valeur {_fr(value)} de « {option} » n'est pas sur l'échelle de 0 à 3 "
                "par demi-points (0 ; 0,5 ; 1 … 3)",
                where,
            )
    _check_options(reader, question, what, where)
    _check_ceiling(reader, question, what, where)


def _check_options(reader: Reader, question: Question, what: str, where: Location) -> None:
    assert question.scoring is not None  # noqa: S101 - checked by the caller
    named = Counter(question.scoring.classified)
    for name in named:
        if name not in question.option_values:
            reader.error(
                UNKNOWN_OPTION, f"{what} : le score cite l'option inconnue « {name} »", where
            )
    for name, count in named.items():
        if count > 1:
            reader.error(
                SCORE_OPTION_TWICE,
                f"{what} : l'option « {name} » est classée deux fois dans le score",
                where,
            )
    for option in question.options:
        if option.value not in named:
            reader.error(
                SCORE_UNCLASSIFIED,
                f"{what} : l'option « {option.value} » n'a ni valeur, ni place dans "
                "« dont_know » ou « not_concerned »",
                where,
            )


def _check_ceiling(reader: Reader, question: Question, what: str, where: Location) -> None:
    assert question.scoring is not None  # noqa: S101 - checked by the caller
    values = [value for _, value in question.scoring.values]
    best = sum(values) if question.type is QuestionType.MULTIPLE_CHOICE else max(values, default=0)
    if best < SCALE_MAX:
        reader.warn(
            SCORE_CEILING,
            f"{what} : aucune réponse n'atteint 3, l'item ne peut pas être pleinement acquis",
            where,
        )


def check_maturity(
    reader: Reader, themes: Sequence[MaturityTheme], questions: Sequence[Question]
) -> None:
    """Themes declared once, every item in a declared theme, every theme with an item."""
    where = Location(reader.origin)
    seen: set[str] = set()
    for theme in themes:
        if theme.id in seen:
            reader.error(DUPLICATE_ID, f"thème de maturité « {theme.id} » déclaré deux fois", where)
        seen.add(theme.id)
    used = {q.scoring.theme for q in questions if q.scoring is not None}
    for question in questions:
        if question.scoring is not None and question.scoring.theme not in seen:
            declared = ", ".join(sorted(seen)) or "aucun"
            reader.error(
                SCORE_UNKNOWN_THEME,
                f"question « {question.id} » : thème de maturité « {question.scoring.theme} » "
                f"non déclaré dans « maturity » (thèmes déclarés : {declared})",
                question.location or where,
            )
    for theme in themes:
        if theme.id not in used:
            reader.warn(
                MATURITY_THEME_EMPTY,
                f"thème de maturité « {theme.id} » sans question notée : il n'aura pas de score",
                where,
            )
