"""Turn a questionnaire page into display data, and a POST back into raw answers (no logic)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import QueryDict

from barometre.questionnaire import Issue, Question, Questionnaire, QuestionType, Section
from barometre.questionnaire.expressions import truthy
from barometre.questionnaire.expressions.ast import references
from barometre.questionnaire.model import NUMBER_TYPES, YES_NO_OPTIONS

CONTROL_FIELDS = frozenset({"csrfmiddlewaretoken", "cle", "revision", "action"})
MAX_FIELD_LENGTH = 6000


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    exclusive: bool = False


@dataclass(frozen=True)
class Field:
    """One question as the template needs it: its widget, its current value, its errors."""

    question: Question
    widget: str
    value: str = ""
    choices: tuple[Choice, ...] = ()
    errors: tuple[str, ...] = ()
    hint: str = ""
    conditional: bool = False

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def label(self) -> str:
        return self.question.label.get("fr")


@dataclass(frozen=True)
class PageView:
    section: Section
    fields: tuple[Field, ...]
    index: int
    total: int
    errors: tuple[tuple[str, str, str], ...] = field(default=())
    values: dict[str, object] = field(default_factory=dict)


def visible_sections(questionnaire: Questionnaire, values: Mapping[str, object]) -> list[Section]:
    return [
        section
        for section in questionnaire.sections
        if section.relevance is None or truthy(section.relevance.evaluate(values, None))
    ]


def _widget(question: Question) -> str:
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return "checkboxes"
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        return "radios"
    if question.type in NUMBER_TYPES:
        return "number"
    return {
        QuestionType.LONG_TEXT: "textarea",
        QuestionType.DATE: "date",
        QuestionType.NOTE: "note",
    }.get(question.type, "text")


def _hint(question: Question) -> str:
    parts = [question.help.get("fr")] if question.help else []
    if question.type in NUMBER_TYPES:
        unit = question.unit or ("%" if question.type is QuestionType.PERCENTAGE else "")
        low, high = question.minimum, question.maximum
        if low is not None and high is not None:
            parts.append(f"Entre {low:g} et {high:g}{' ' + unit if unit else ''}.")
        elif unit:
            parts.append(f"En {unit}.")
    if question.type is QuestionType.MULTIPLE_CHOICE:
        parts.append("Plusieurs réponses possibles.")
    return " ".join(parts)


def choices_of(question: Question, selected: frozenset[str] = frozenset()) -> tuple[Choice, ...]:
    """The options of a choice question (yes / no / ne sait pas when it declares none)."""
    if question.type is QuestionType.YES_NO and not question.options:
        return tuple(Choice(v, label, v in selected) for v, label in YES_NO_OPTIONS)
    return tuple(
        Choice(o.value, o.label.get("fr"), o.value in selected, o.exclusive)
        for o in question.options
    )


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def build_page(
    questionnaire: Questionnaire,
    section: Section,
    values: Mapping[str, object],
    errors: tuple[Issue, ...] = (),
    typed: Mapping[str, object] | None = None,
) -> PageView:
    """The fields of ``section``; ``typed`` (raw POST values) wins over stored ``values``."""
    shown = visible_sections(questionnaire, values)
    on_page = set(section.question_ids)
    fields = []
    for qid in section.question_ids:
        question = questionnaire.questions[qid]
        relevance = question.relevance
        conditional = relevance is not None and bool(references(relevance.tree) & on_page)
        if (
            relevance is not None
            and not conditional
            and not truthy(relevance.evaluate(values, None))
        ):
            continue
        current = typed.get(qid) if typed is not None else values.get(qid)
        selected = frozenset(
            map(str, current) if isinstance(current, list | tuple) else [_as_text(current)]
        )
        fields.append(
            Field(
                question=question,
                widget=_widget(question),
                value="" if isinstance(current, list | tuple) else _as_text(current),
                choices=choices_of(question, selected),
                errors=tuple(e.message for e in errors if e.subject == qid),
                hint=_hint(question),
                conditional=conditional,
            )
        )
    index = next((i for i, s in enumerate(shown) if s.id == section.id), 0)
    summary = tuple(
        (e.subject or "", questionnaire.questions[e.subject].label.get("fr"), e.message)
        for e in errors
        if e.subject in questionnaire.questions
    )
    return PageView(section, tuple(fields), index + 1, len(shown), summary, dict(values))


class BadPostError(ValueError):
    """A POST that no form of ours produces (unknown field, oversized value)."""


def read_post(section: Section, questionnaire: Questionnaire, post: QueryDict) -> dict[str, object]:
    """Raw answers of one page from the form data: lists for checkboxes, stripped text."""
    unknown = set(post) - set(section.question_ids) - CONTROL_FIELDS
    if unknown:
        raise BadPostError(f"Champ inconnu dans le formulaire : « {min(unknown)[:40]} ».")
    raw: dict[str, object] = {}
    for qid in section.question_ids:
        question = questionnaire.questions[qid]
        if question.type is QuestionType.NOTE:
            continue
        if question.type is QuestionType.MULTIPLE_CHOICE:
            items = post.getlist(qid)
            if any(len(item) > MAX_FIELD_LENGTH for item in items):
                raise BadPostError("Valeur trop longue.")
            raw[qid] = items or None
            continue
        text = post.get(qid, "")
        if len(text) > MAX_FIELD_LENGTH:
            raise BadPostError("Valeur trop longue.")
        raw[qid] = text.strip() or None
    return raw
