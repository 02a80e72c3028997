"""Answers carried over from the previous edition (dependent interviewing), pure.

An authority that answered a questionnaire in the previous edition sees each previous answer
beside its question and may confirm them, one section at a time. ``carry_over`` reads each
previous answer in the terms of the current version: kept as it was when the question did not
change, recoded by the confirmed recode map when one covers it, and otherwise *not carried*
with the reason in French (choices changed without a map, type changed, value no longer
valid). ``applicable`` says which carried answers a confirmation of one section writes: only
those of questions still unanswered that the skip logic asks, given the answers so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from barometre.questionnaire.answers import AnswerTypeError, coerce
from barometre.questionnaire.diff import choices_of, recodable
from barometre.questionnaire.errors import ANSWER_REQUIRED
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.model import CHOICE_TYPES, Question, Questionnaire, QuestionType
from barometre.questionnaire.recode import RecodeMap, recode_answers
from barometre.questionnaire.validation import validate_answers

#: How an answer of this edition relates to the previous edition's (stored with the answer).
TYPED: Final = "saisie"  # answered in this edition, nothing carried
CONFIRMED: Final = "reprise"  # carried over from the previous edition and confirmed as is
CHANGED: Final = "modifiee"  # carried over, then changed
LEFT: Final = "laissee"  # a previous answer was offered, the question is left unanswered
PROVENANCES: Final = (TYPED, CONFIRMED, CHANGED, LEFT)
PROVENANCE_WORDS: Final = {
    TYPED: "saisie dans cette édition",
    CONFIRMED: "reprise de l'édition précédente et confirmée",
    CHANGED: "reprise de l'édition précédente puis modifiée",
    LEFT: "laissée sans réponse (une réponse de l'édition précédente était proposée)",
}
#: Questions about this answer, not about the authority: who answers (role, function) and the
#: check of the frame's facts, which stay prefilled from the frame. Never carried over: last
#: edition's respondent may have been someone else.
ABOUT_THIS_ANSWER: Final = frozenset(
    {"role", "fonction_agent", "fonction_elu", "collectivite_confirmee"}
)


@dataclass(frozen=True, slots=True)
class Carried:
    """One previous answer: as it was given (``previous``) and in the current version's terms
    (``value``, ``None`` when it cannot be carried over, ``reason`` saying why)."""

    question_id: str
    previous: Value
    value: Value
    reason: str = ""
    recoded: bool = False

    @property
    def carried(self) -> bool:
        return self.value is not None


def _missing_choices(question: Question, value: Value) -> list[str]:
    known = {code for code, _ in choices_of(question)}
    items = value if isinstance(value, tuple) else (value,)
    return [str(item) for item in items if str(item) not in known]


def _not_carried(question_id: str, previous: Value, reason: str) -> Carried:
    return Carried(question_id, previous, None, reason)


def _one(
    current: Questionnaire,
    old: Question,
    previous: Value,
    choices: Mapping[str, tuple[str, ...]] | None,
) -> Carried:
    new = current.questions[old.id]
    qid = new.id
    if choices is not None and recodable(old, new):
        recoded = recode_answers({qid: previous}, current, {qid: choices}).get(qid)
        if recoded is None:
            return _not_carried(qid, previous, "la table de recodage ne rapporte cette réponse "
                                "à aucun choix de la nouvelle version")  # fmt: skip
        return _coerced(new, previous, recoded, recoded=True)
    if old.type is not new.type:
        return _not_carried(qid, previous, "la question a changé de nature depuis (elle "
                            "n'appelle plus le même type de réponse)")  # fmt: skip
    if new.type in CHOICE_TYPES:
        missing = _missing_choices(new, previous)
        if missing:
            listed = ", ".join(f"« {m} »" for m in missing)
            return _not_carried(qid, previous, f"les choix de cette question ont changé depuis "
                                f"({listed} n'existe plus) et aucune table de recodage confirmée "
                                "ne dit à quel choix le rapporter")  # fmt: skip
    return _coerced(new, previous, previous)


def _coerced(new: Question, previous: Value, value: Value, *, recoded: bool = False) -> Carried:
    raw: object = list(value) if isinstance(value, tuple) else value
    try:
        checked = coerce(new, raw)
    except AnswerTypeError as error:
        return _not_carried(new.id, previous, f"elle n'est plus une réponse valable ({error})")
    return Carried(new.id, previous, checked, recoded=recoded)


def carry_over(
    previous: Questionnaire,
    current: Questionnaire,
    answers: Mapping[str, Value],
    recode: RecodeMap | None = None,
) -> dict[str, Carried]:
    """Every previous answer (``answers``, given to ``previous``, set-aside ones left out) of
    a question ``current`` still asks, in questionnaire order; those that no longer pass the
    current version's constraints, given the other carried answers, are not carried."""
    found: dict[str, Carried] = {}
    for question in current.ordered_questions:
        qid = question.id
        if qid not in answers or answers[qid] is None or question.type is QuestionType.NOTE:
            continue
        if qid in ABOUT_THIS_ANSWER:
            continue
        old = previous.questions.get(qid, question)
        found[qid] = _one(current, old, answers[qid], (recode or {}).get(qid))
    values = {qid: c.value for qid, c in found.items() if c.carried}
    checked = validate_answers(current, values)
    for issue in checked.errors:
        subject = issue.subject
        if issue.code == ANSWER_REQUIRED or subject not in values:
            continue
        previous_answer = found[subject].previous
        found[subject] = _not_carried(
            subject, previous_answer, f"elle n'est plus une réponse valable ({issue.message})"
        )
    return found


def applicable(
    current: Questionnaire,
    section_id: str,
    stored: Mapping[str, Value],
    carried: Mapping[str, Carried],
) -> dict[str, Value]:
    """The carried answers a confirmation of ``section_id`` writes: questions of the section
    that have no answer yet and that the skip logic asks once these answers are in (a carried
    answer to a question now hidden is not applied)."""
    section = current.section(section_id)
    if section is None:
        return {}
    offered = {
        qid: carried[qid].value
        for qid in section.question_ids
        if qid in carried and carried[qid].carried and stored.get(qid) is None
    }
    asked = current.skips({**stored, **offered}).asked
    return {qid: value for qid, value in offered.items() if qid in asked}


def provenance(value: Value, carried_value: Value) -> str:
    """``CONFIRMED`` when the answer is still the carried one, else ``CHANGED``."""
    return CONFIRMED if _same(value, carried_value) else CHANGED


def _same(value: Value, other: Value) -> bool:
    if isinstance(value, tuple | list) and isinstance(other, tuple | list):
        return sorted(map(str, value)) == sorted(map(str, other))
    return value == other
