"""The compiled, frozen questionnaire: what answers are checked against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from barometre.questionnaire.errors import Issue, Location
from barometre.questionnaire.expressions import Answers, Evaluator, Node, Value, references, truthy


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENTAGE = "percentage"
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    NOTE = "note"


class Sensitivity(StrEnum):
    """Who may see an answer: everyone (aggregated), operators, or the authority alone."""

    PUBLIC = "public"
    RESTRICTED = "restricted"
    SECRET = "secret"  # noqa: S105 - a sensitivity class, not a password

    @property
    def rank(self) -> int:
        return list(Sensitivity).index(self)


CHOICE_TYPES: Final = frozenset(
    {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.YES_NO}
)
NUMBER_TYPES: Final = frozenset(
    {QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.PERCENTAGE}
)
TEXT_TYPES: Final = frozenset({QuestionType.TEXT, QuestionType.LONG_TEXT})

#: The fixed options of a yes / no / ne sait pas question.
YES_NO_OPTIONS: Final[tuple[tuple[str, str], ...]] = (
    ("oui", "Oui"),
    ("non", "Non"),
    ("nsp", "Ne sait pas"),
)

TEXT_MAX_LENGTH: Final = 500
LONG_TEXT_MAX_LENGTH: Final = 5000


@dataclass(frozen=True, slots=True)
class Text:
    """A label in French, with other languages optional (``{"en": ...}``)."""

    fr: str
    other: tuple[tuple[str, str], ...] = ()

    def get(self, language: str = "fr") -> str:
        return dict(self.other).get(language, self.fr) if language != "fr" else self.fr


@dataclass(frozen=True, slots=True)
class Expression:
    """An expression as written, its tree, and the closure that evaluates it."""

    source: str
    tree: Node = field(compare=False, repr=False)
    evaluate: Evaluator = field(compare=False, repr=False)
    location: Location | None = field(default=None, compare=False, repr=False)

    def holds(self, values: Answers) -> bool:
        return truthy(self.evaluate(values, None))


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: Text
    exclusive: bool = False


@dataclass(frozen=True, slots=True)
class Scoring:
    """One item of the maturity model: a value per choice on the fixed 0–3 scale, a weight, the
    choices that mean « je ne sais pas » (no value) and « non concerné » (out of the potential).
    """

    theme: str
    values: tuple[tuple[str, float], ...]
    weight: float = 1.0
    dont_know: tuple[str, ...] = ()
    not_concerned: tuple[str, ...] = ()
    rationale: Text | None = None

    @property
    def classified(self) -> tuple[str, ...]:
        """Every option the item names, values first (an option named twice appears twice)."""
        return (*(option for option, _ in self.values), *self.dont_know, *self.not_concerned)


@dataclass(frozen=True, slots=True)
class MaturityTheme:
    """A theme of the maturity model, scored 0–100 from its items."""

    id: str
    label: Text
    description: Text | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A public resource a recommendation points to (an ``https://`` address)."""

    label: Text
    url: str


@dataclass(frozen=True, slots=True)
class Trigger:
    """When an answer is weak: the question's answer is one of ``choices``, or its value is
    ``below`` a point of the 0–3 scale (« je ne sais pas » counting as 0); or the ``theme``'s
    score is ``below`` a point of 0–100."""

    question: str | None = None
    theme: str | None = None
    choices: tuple[str, ...] = ()
    below: float | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What to do about a weak answer: a title, why, how, public resources and a priority
    (1 the most urgent); ``opsn`` when the authority's OPSN may offer it."""

    id: str
    title: Text
    why: Text
    how: Text
    priority: int
    triggers: tuple[Trigger, ...]
    links: tuple[Link, ...] = ()
    opsn: bool = False
    location: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: QuestionType
    label: Text
    section: str
    help: Text | None = None
    required: bool = False
    relevance: Expression | None = None
    constraint: Expression | None = None
    constraint_message: Text | None = None
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    sensitivity: Sensitivity = Sensitivity.PUBLIC
    scoring: Scoring | None = None
    location: Location | None = field(default=None, compare=False, repr=False)

    @property
    def option_values(self) -> frozenset[str]:
        return frozenset(option.value for option in self.options)

    @property
    def exclusive_values(self) -> frozenset[str]:
        return frozenset(option.value for option in self.options if option.exclusive)

    def shown(self, values: Answers) -> bool:
        """Whether the question applies, given the answers so far (skip logic)."""
        return self.relevance is None or self.relevance.holds(values)


@dataclass(frozen=True, slots=True)
class Section:
    """A page of the questionnaire."""

    id: str
    title: Text
    question_ids: tuple[str, ...]
    relevance: Expression | None = None

    def shown(self, values: Answers) -> bool:
        """Whether the page applies, given the answers so far (skip logic)."""
        return self.relevance is None or self.relevance.holds(values)


@dataclass(frozen=True, slots=True)
class Page:
    """What one screen asks: a section, or the part of it after a question that depends on an
    answer of the same section (without JavaScript, no screen asks a question that may not apply).
    """

    section: Section
    number: int
    question_ids: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.section.id if self.number == 1 else f"{self.section.id}-{self.number}"


@dataclass(frozen=True, slots=True)
class Skips:
    """The answers split by skip logic: what applies (``kept``) and what does not."""

    sections: tuple[Section, ...]
    asked: frozenset[str]
    kept: Mapping[str, Value]
    set_aside: Mapping[str, Value]


@dataclass(frozen=True, slots=True)
class Indicator:
    """A declared figure over the respondents of its base.

    ``kind`` "share": the share of the base for which ``numerator`` holds; "mean": the mean of
    the numeric ``numerator`` over the base (answered values only), e.g. a share of equipment.
    """

    id: str
    label: Text
    numerator: Expression
    base: Expression
    sensitivity: Sensitivity = Sensitivity.PUBLIC
    published_value: float | None = None
    published_base: str | None = None
    note: str | None = None
    kind: str = "share"
    location: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A compiled questionnaire version; ``version_hash`` changes with any meaningful edit."""

    id: str
    version: str
    title: Text
    wave: int | None
    theme: str | None
    description: Text | None
    notice: Text | None
    sections: tuple[Section, ...]
    questions: Mapping[str, Question] = field(hash=False)  # read-only view, not hashable
    indicators: tuple[Indicator, ...]
    estimated_minutes: int
    version_hash: str
    source: str = ""
    maturity_themes: tuple[MaturityTheme, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        """The items of the maturity model, in questionnaire order."""
        return tuple(q for q in self.ordered_questions if q.scoring is not None)

    @property
    def ordered_questions(self) -> tuple[Question, ...]:
        return tuple(self.questions[qid] for s in self.sections for qid in s.question_ids)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def skips(self, values: Answers) -> Skips:
        """The one skip-logic rule, in questionnaire order: a question applies when its section
        and itself are shown given the answers that apply before it; the others are set aside
        (so an answer set aside never makes a later question apply)."""
        kept = dict(values)
        set_aside: dict[str, Value] = {}
        sections, asked = [], set()
        for section in self.sections:
            shown = section.shown(kept)
            if shown:
                sections.append(section)
            for qid in section.question_ids:
                if shown and self.questions[qid].shown(kept):
                    asked.add(qid)
                elif qid in kept:
                    set_aside[qid] = kept.pop(qid)
        return Skips(
            tuple(sections),
            frozenset(asked),
            MappingProxyType(kept),
            MappingProxyType(set_aside),
        )

    def visible_sections(self, values: Answers) -> tuple[Section, ...]:
        return self.skips(values).sections

    def pages(self, section: Section) -> tuple[Page, ...]:
        """``section`` cut before each question whose relevance reads an answer above it on
        the same screen."""
        parts: list[list[str]] = [[]]
        for qid in section.question_ids:
            relevance = self.questions[qid].relevance
            if relevance is not None and references(relevance.tree) & set(parts[-1]):
                parts.append([])
            parts[-1].append(qid)
        return tuple(Page(section, n, tuple(ids)) for n, ids in enumerate(parts, 1))

    def page(self, page_id: str) -> Page | None:
        section = self.section(page_id.partition("-")[0])
        if section is None:
            return None
        return next((p for p in self.pages(section) if p.id == page_id), None)

    def page_of(self, question_id: str) -> Page:
        """The screen that asks this question."""
        section = self.section(self.questions[question_id].section)
        if section is None:
            raise KeyError(question_id)
        return next(p for p in self.pages(section) if question_id in p.question_ids)

    def visible_pages(self, values: Answers) -> tuple[Page, ...]:
        """The screens a respondent goes through: those asking at least one applicable question."""
        skips = self.skips(values)
        return tuple(
            page
            for section in skips.sections
            for page in self.pages(section)
            if skips.asked.intersection(page.question_ids)
        )


def frozen_mapping(items: Mapping[str, Question]) -> Mapping[str, Question]:
    return MappingProxyType(dict(items))


@dataclass(frozen=True, slots=True)
class CompileResult:
    """What :func:`compile_questionnaire` returns: the questionnaire, or the coded errors."""

    questionnaire: Questionnaire | None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        return self.questionnaire is not None and not self.errors
