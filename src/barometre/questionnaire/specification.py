"""The specification of a questionnaire for review by the partners (pure): every question,
choice, condition in words, constraint, sensitivity and the scoring of the maturity model.

The web layer renders it as a printable page and a PDF; nothing here knows HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from barometre.questionnaire.maturity import LEVELS, SCALE_MAX, upper_of
from barometre.questionnaire.model import (
    Expression,
    Indicator,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    Sensitivity,
)
from barometre.questionnaire.phrasing import phrase, value_phrase

TYPE_LABELS: Final = {
    QuestionType.SINGLE_CHOICE: "choix unique",
    QuestionType.MULTIPLE_CHOICE: "choix multiple",
    QuestionType.YES_NO: "oui / non / ne sait pas",
    QuestionType.INTEGER: "nombre entier",
    QuestionType.DECIMAL: "nombre décimal",
    QuestionType.PERCENTAGE: "pourcentage",
    QuestionType.TEXT: "texte court",
    QuestionType.LONG_TEXT: "texte long",
    QuestionType.DATE: "date",
    QuestionType.NOTE: "texte affiché, sans réponse",
}
SENSITIVITY_LABELS: Final = {
    Sensitivity.PUBLIC: "publique (publiée agrégée, sous secret statistique)",
    Sensitivity.RESTRICTED: "restreinte (lue par l'équipe seulement, jamais publiée)",
    Sensitivity.SECRET: "secrète (lue par la collectivité seule)",
}


@dataclass(frozen=True, slots=True)
class OptionSpec:
    value: str
    label: str
    exclusive: bool
    score: str  # « 2 sur 3 », « ne sait pas : aucun point… », or empty without model


@dataclass(frozen=True, slots=True)
class ScoringSpec:
    theme: str
    weight: str
    rationale: str


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    number: int
    id: str
    label: str
    kind: str
    required: bool
    help: str
    shown_when: str  # empty: always asked (when its page is)
    constraint: str
    constraint_message: str
    bounds: str
    sensitivity: str
    options: tuple[OptionSpec, ...]
    scoring: ScoringSpec | None


@dataclass(frozen=True, slots=True)
class SectionSpec:
    id: str
    title: str
    shown_when: str
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    id: str
    label: str
    definition: str
    sensitivity: str


@dataclass(frozen=True, slots=True)
class ThemeSpec:
    id: str
    label: str
    description: str
    items: int


@dataclass(frozen=True, slots=True)
class LevelSpec:
    number: int
    name: str
    range: str
    description: str


@dataclass(frozen=True, slots=True)
class Specification:
    key: str
    title: str
    version: str
    version_hash: str
    description: str
    notice: str
    minutes: int
    questions: int
    sections: tuple[SectionSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    themes: tuple[ThemeSpec, ...]
    levels: tuple[LevelSpec, ...]


def _fr(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def _words(expression: Expression | None, questionnaire: Questionnaire) -> str:
    return "" if expression is None else phrase(expression.tree, questionnaire.questions)


def _bounds(question: Question) -> str:
    unit = f" {question.unit}" if question.unit else ""
    if question.type is QuestionType.PERCENTAGE:
        unit = " %"
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        return f"de {_fr(low)} à {_fr(high)}{unit}"
    if low is not None:
        return f"au moins {_fr(low)}{unit}"
    if high is not None:
        return f"au plus {_fr(high)}{unit}"
    return f"en{unit}" if unit else ""


def _option_score(question: Question, value: str) -> str:
    scoring = question.scoring
    if scoring is None:
        return ""
    if value in scoring.not_concerned:
        return "non concerné : la question sort du potentiel du thème"
    if value in scoring.dont_know:
        return "ne sait pas : aucun point, la question reste dans le potentiel"
    points = dict(scoring.values).get(value, 0.0)
    return f"{_fr(points)} sur {_fr(SCALE_MAX)}"


def _options(question: Question) -> tuple[OptionSpec, ...]:
    return tuple(
        OptionSpec(o.value, o.label.fr, o.exclusive, _option_score(question, o.value))
        for o in question.options
    )


def _scoring(question: Question, themes: dict[str, str]) -> ScoringSpec | None:
    scoring = question.scoring
    if scoring is None:
        return None
    rule = (
        "les points des choix cochés s'ajoutent, jusqu'à 3"
        if question.type is QuestionType.MULTIPLE_CHOICE
        else ""
    )
    weight = f"poids {_fr(scoring.weight)}" + (f" ; {rule}" if rule else "")
    rationale = scoring.rationale.fr if scoring.rationale else ""
    return ScoringSpec(themes.get(scoring.theme, scoring.theme), weight, rationale)


def _question(
    question: Question, number: int, questionnaire: Questionnaire, themes: dict[str, str]
) -> QuestionSpec:
    message = question.constraint_message.fr if question.constraint_message else ""
    return QuestionSpec(
        number=number,
        id=question.id,
        label=question.label.fr,
        kind=TYPE_LABELS[question.type],
        required=question.required,
        help=question.help.fr if question.help else "",
        shown_when=_words(question.relevance, questionnaire),
        constraint=_words(question.constraint, questionnaire),
        constraint_message=message,
        bounds=_bounds(question),
        sensitivity=SENSITIVITY_LABELS[question.sensitivity],
        options=_options(question),
        scoring=_scoring(question, themes),
    )


def _sections(questionnaire: Questionnaire, themes: dict[str, str]) -> tuple[SectionSpec, ...]:
    out, number = [], 0
    for section in questionnaire.sections:
        questions = []
        for qid in section.question_ids:
            question = questionnaire.questions[qid]
            number += question.type is not QuestionType.NOTE
            shown = 0 if question.type is QuestionType.NOTE else number
            questions.append(_question(question, shown, questionnaire, themes))
        out.append(_section(section, tuple(questions), questionnaire))
    return tuple(out)


def _section(
    section: Section, questions: tuple[QuestionSpec, ...], questionnaire: Questionnaire
) -> SectionSpec:
    return SectionSpec(
        section.id, section.title.fr, _words(section.relevance, questionnaire), questions
    )


def _indicator(indicator: Indicator, questionnaire: Questionnaire) -> IndicatorSpec:
    what = phrase(indicator.numerator.tree, questionnaire.questions)
    base = phrase(indicator.base.tree, questionnaire.questions)
    among = "parmi toutes les réponses" if base == "toujours" else f"parmi les réponses où {base}"
    if indicator.kind == "mean":
        head = "moyenne de " + value_phrase(indicator.numerator.tree, questionnaire.questions)
    else:
        head = f"part des réponses où {what}"
    return IndicatorSpec(
        indicator.id,
        indicator.label.fr,
        f"{head}, {among}",
        SENSITIVITY_LABELS[indicator.sensitivity],
    )


def _levels() -> tuple[LevelSpec, ...]:
    out = []
    for level in LEVELS:
        upper = upper_of(level)
        bound = f"moins de {_fr(upper)}" if upper is not None else "100 compris"
        out.append(
            LevelSpec(
                level.number, level.name, f"de {_fr(level.lower)} à {bound}", level.description
            )
        )
    return tuple(out)


def specification(questionnaire: Questionnaire) -> Specification:
    """Everything a reviewer reads, in questionnaire order."""
    themes = {t.id: t.label.fr for t in questionnaire.maturity_themes}
    scored = [q.scoring.theme for q in questionnaire.scored_questions if q.scoring]
    return Specification(
        key=questionnaire.id,
        title=questionnaire.title.fr,
        version=questionnaire.version,
        version_hash=questionnaire.version_hash,
        description=questionnaire.description.fr if questionnaire.description else "",
        notice=questionnaire.notice.fr if questionnaire.notice else "",
        minutes=questionnaire.estimated_minutes,
        questions=sum(q.type is not QuestionType.NOTE for q in questionnaire.ordered_questions),
        sections=_sections(questionnaire, themes),
        indicators=tuple(_indicator(i, questionnaire) for i in questionnaire.indicators),
        themes=tuple(
            ThemeSpec(
                t.id, t.label.fr, t.description.fr if t.description else "", scored.count(t.id)
            )
            for t in questionnaire.maturity_themes
        ),
        levels=_levels() if scored else (),
    )
