"""Turn a questionnaire page into display data, and a POST back into raw answers (no logic)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import QueryDict

from barometre.questionnaire import Issue, Page, Question, Questionnaire, QuestionType, Section
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.model import NUMBER_TYPES, YES_NO_OPTIONS
from barometre.questionnaire.skip_data import skip_data

CONTROL_FIELDS = frozenset(
    {"csrfmiddlewaretoken", "cle", "revision", "action", "etendue", "brouillon"}
)
NO_ANSWER = "Pas de réponse"
MAX_FIELD_LENGTH = 6000


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    exclusive: bool = False


@dataclass(frozen=True)
class Field:
    """One question as the template needs it: its widget, its current value, its errors.

    ``later``: a question of a later screen of the same section, sent hidden and disabled; the
    browser's skip logic (relevance.js) shows it when it applies, without JavaScript it waits
    for its own screen. ``drafted``: the value shown is a draft, not a stored answer.
    ``previous``: the previous edition's answer, who gave it and when (``www.respond.carried``);
    ``previous_reason``: why it cannot be carried over.
    """

    question: Question
    widget: str
    value: str = ""
    choices: tuple[Choice, ...] = ()
    errors: tuple[str, ...] = ()
    hint: str = ""
    later: bool = False
    drafted: bool = False
    previous: str = ""
    previous_reason: str = ""

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def label(self) -> str:
        return self.question.label.get("fr")


@dataclass(frozen=True)
class PageView:
    page: Page
    fields: tuple[Field, ...]
    index: int
    total: int
    errors: tuple[tuple[str, str, str], ...] = field(default=())
    values: dict[str, object] = field(default_factory=dict)

    @property
    def section(self) -> Section:
        return self.page.section

    @property
    def drafted(self) -> bool:
        return any(f.drafted for f in self.fields)


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


def _radio_choices(question: Question, selected: frozenset[str]) -> tuple[Choice, ...]:
    """An optional radio question can be cleared: « Pas de réponse » sends an empty value."""
    options = choices_of(question, selected)
    if question.required or question.type is QuestionType.MULTIPLE_CHOICE:
        return options
    return (*options, Choice("", NO_ANSWER, not any(c.checked for c in options)))


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _field(
    question: Question,
    current: object,
    errors: tuple[Issue, ...],
    *,
    later: bool = False,
    drafted: bool = False,
) -> Field:
    selected = frozenset(
        map(str, current) if isinstance(current, list | tuple) else [_as_text(current)]
    )
    return Field(
        question=question,
        widget=_widget(question),
        value="" if isinstance(current, list | tuple) else _as_text(current),
        choices=_radio_choices(question, selected),
        errors=tuple(e.message for e in errors if e.subject == question.id),
        hint=_hint(question),
        later=later,
        drafted=drafted,
    )


def later_pages(questionnaire: Questionnaire, page: Page) -> tuple[Page, ...]:
    return tuple(p for p in questionnaire.pages(page.section) if p.number > page.number)


def build_page(
    questionnaire: Questionnaire,
    page: Page,
    values: Mapping[str, Value],
    errors: tuple[Issue, ...] = (),
    *,
    typed: Mapping[str, object] | None = None,
    drafts: Mapping[str, object] | None = None,
) -> PageView:
    """The fields of ``page`` and, hidden, of the later screens of its section; ``typed`` (raw
    POST values) wins over ``drafts``, which win over stored ``values``."""
    drafts = drafts or {}
    asked = questionnaire.skips(values).asked
    fields = []
    screens = [(page, False), *((later, True) for later in later_pages(questionnaire, page))]
    for screen, later in screens:
        for qid in screen.question_ids:
            if not later and qid not in asked:
                continue
            current = (typed if typed is not None and qid in typed else drafts).get(
                qid, values.get(qid)
            )
            drafted = qid in drafts and (typed is None or qid not in typed)
            fields.append(
                _field(questionnaire.questions[qid], current, errors, later=later, drafted=drafted)
            )
    sections = [section.id for section in questionnaire.visible_sections(values)]
    index = sections.index(page.section.id) if page.section.id in sections else 0
    summary = tuple(
        (e.subject, questionnaire.questions[e.subject].label.get("fr"), e.message)
        for e in errors
        if e.subject is not None and e.subject in questionnaire.questions
    )
    return PageView(page, tuple(fields), index + 1, len(sections), summary, dict(values))


def page_skip_data(questionnaire: Questionnaire, view: PageView) -> dict[str, object]:
    """The skip logic and the stored answers of the other questions, for relevance.js."""
    on_form = {f.id for f in view.fields}
    stored = {
        qid: list(value) if isinstance(value, list | tuple) else value
        for qid, value in view.values.items()
        if qid not in on_form
    }
    return {**skip_data(questionnaire), "values": stored}


class BadPostError(ValueError):
    """A POST that no form of ours produces (unknown field, oversized value)."""


def form_questions(questionnaire: Questionnaire, page: Page, post: QueryDict) -> tuple[str, ...]:
    """The questions a POST answers: the screen's, and with ``etendue=section`` (set by the
    browser's skip logic, which showed them) those of the later screens of the section."""
    if post.get("etendue") != "section":
        return page.question_ids
    return tuple(
        qid for screen in (page, *later_pages(questionnaire, page)) for qid in screen.question_ids
    )


def read_post(page: Page, questionnaire: Questionnaire, post: QueryDict) -> dict[str, object]:
    """Raw answers of one page from the form data: lists for checkboxes, stripped text."""
    question_ids = form_questions(questionnaire, page, post)
    unknown = set(post) - set(question_ids) - CONTROL_FIELDS
    if unknown:
        raise BadPostError(f"Champ inconnu dans le formulaire : « {min(unknown)[:40]} ».")
    raw: dict[str, object] = {}
    for qid in question_ids:
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


def next_page_id(
    questionnaire: Questionnaire,
    screen: Page,
    raw: Mapping[str, object],
    values: Mapping[str, Value],
) -> str | None:
    """The first screen that applies after those a save of ``screen`` covered (``raw`` may
    hold later screens of its section, shown by the browser), or ``None`` at the end."""
    order = [p.id for s in questionnaire.sections for p in questionnaire.pages(s)]
    covered = [
        p.id
        for p in questionnaire.pages(screen.section)
        if p == screen or set(p.question_ids) & set(raw)
    ]
    after = max(order.index(page_id) for page_id in covered)
    shown = {p.id for p in questionnaire.visible_pages(values)}
    return next((page_id for page_id in order[after + 1 :] if page_id in shown), None)


def previous_page_id(
    questionnaire: Questionnaire, screen: Page, values: Mapping[str, Value]
) -> str | None:
    shown = [p.id for p in questionnaire.visible_pages(values)]
    if screen.id in shown and shown.index(screen.id) > 0:
        return shown[shown.index(screen.id) - 1]
    return None


def shown_answer(question: Question, value: object) -> str:
    """An answer as the respondent read it: option labels, not codes."""
    labels = {choice.value: choice.label for choice in choices_of(question)}
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    return labels.get(str(value), str(value))


def answer_rows(
    questionnaire: Questionnaire, values: Mapping[str, Value]
) -> list[dict[str, object]]:
    """Every question that applies with its answer as a label, page by page (the summary)."""
    skips = questionnaire.skips(values)
    rows: list[dict[str, object]] = []
    for section in skips.sections:
        items = [
            {
                "id": qid,
                "label": question.label.get("fr"),
                "value": shown_answer(question, values.get(qid)),
            }
            for qid in section.question_ids
            if (question := questionnaire.questions[qid]).type is not QuestionType.NOTE
            and qid in skips.asked
        ]
        rows.append({"section": section, "items": items})
    return rows
