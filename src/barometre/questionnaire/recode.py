"""Recode maps: how the answers given to one version read in the terms of a later one (pure).

A map says, for each question it covers, what each choice of the previous version becomes in
the new one: ``{"cyb_sauvegardes": {"rare": ["rarement"], "jamais": ["rarement"], …}}``. Every
previous choice is mapped (to itself when it is kept), each to one choice of a single-answer
question or to one or more choices of a multiple-choice question. ``check_recode`` says what is
wrong with coded French issues; ``recode_answers`` applies a checked map to one answer set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from barometre.questionnaire.diff import choices_of, recodable
from barometre.questionnaire.errors import Issue
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.model import CHOICE_TYPES, Question, Questionnaire, QuestionType

#: question id → previous choice → new choice(s)
RecodeMap = Mapping[str, Mapping[str, tuple[str, ...]]]

RECODE_UNKNOWN_QUESTION: Final = "recode_unknown_question"
RECODE_INCOMPATIBLE_TYPES: Final = "recode_incompatible_types"
RECODE_UNKNOWN_CHOICE: Final = "recode_unknown_choice"
RECODE_UNMAPPED_CHOICE: Final = "recode_unmapped_choice"
RECODE_SEVERAL_CHOICES: Final = "recode_several_choices"
RECODE_OTHER_QUESTIONNAIRE: Final = "recode_other_questionnaire"
RECODE_CODES: Final = (
    RECODE_UNKNOWN_QUESTION,
    RECODE_INCOMPATIBLE_TYPES,
    RECODE_UNKNOWN_CHOICE,
    RECODE_UNMAPPED_CHOICE,
    RECODE_SEVERAL_CHOICES,
    RECODE_OTHER_QUESTIONNAIRE,
)


def _issue(code: str, message: str, question: str) -> Issue:
    return Issue(code, message, subject=question)


def check_recode(
    previous: Questionnaire, current: Questionnaire, mapping: RecodeMap
) -> tuple[Issue, ...]:
    """Every problem of ``mapping`` from ``previous`` to ``current``; empty when it can be
    stored. ``subject`` of each issue is the question it is about."""
    if previous.id != current.id:
        return (
            _issue(
                RECODE_OTHER_QUESTIONNAIRE,
                f"Une table de recodage relie deux versions du même questionnaire : « "
                f"{previous.id} » et « {current.id} » sont deux questionnaires différents.",
                "",
            ),
        )
    issues: list[Issue] = []
    for question_id, choices in mapping.items():
        old = previous.questions.get(question_id)
        new = current.questions.get(question_id)
        if old is None or new is None:
            where = "l'ancienne" if old is None else "la nouvelle"
            issues.append(
                _issue(
                    RECODE_UNKNOWN_QUESTION,
                    f"La question « {question_id} » n'existe pas dans {where} version : elle ne "
                    "se recode pas.",
                    question_id,
                )
            )
            continue
        issues += _check_question(old, new, choices)
    return tuple(issues)


def _check_question(
    old: Question, new: Question, choices: Mapping[str, tuple[str, ...]]
) -> list[Issue]:
    if not recodable(old, new):
        return [
            _issue(
                RECODE_INCOMPATIBLE_TYPES,
                f"« {new.id} » : une réponse de type « {old.type.value} » ne se recode pas en "
                f"« {new.type.value} » (seul un choix se recode en choix, et un choix multiple "
                "seulement en choix multiple). La série est rompue.",
                new.id,
            )
        ]
    before = [value for value, _ in choices_of(old)]
    after = {value for value, _ in choices_of(new)}
    issues = [
        _issue(
            RECODE_UNKNOWN_CHOICE,
            f"« {new.id} » : « {value} » n'est pas un choix de l'ancienne version.",
            new.id,
        )
        for value in choices
        if value not in before
    ]
    for value in before:
        targets = tuple(choices.get(value, ()))
        if not targets:
            issues.append(
                _issue(
                    RECODE_UNMAPPED_CHOICE,
                    f"« {new.id} » : le choix « {value} » de l'ancienne version n'est rapporté "
                    "à aucun choix de la nouvelle ; choisissez-en un.",
                    new.id,
                )
            )
            continue
        unknown = [t for t in targets if t not in after]
        issues += [
            _issue(
                RECODE_UNKNOWN_CHOICE,
                f"« {new.id} » : « {value} » est rapporté à « {t} », qui n'est pas un choix de "
                "la nouvelle version.",
                new.id,
            )
            for t in unknown
        ]
        if len(set(targets)) > 1 and new.type is not QuestionType.MULTIPLE_CHOICE:
            issues.append(
                _issue(
                    RECODE_SEVERAL_CHOICES,
                    f"« {new.id} » : « {value} » est rapporté à plusieurs choix, mais la "
                    "nouvelle question n'admet qu'une réponse.",
                    new.id,
                )
            )
    return issues


def normalised(
    mapping: Mapping[str, Mapping[str, object]],
) -> dict[str, dict[str, tuple[str, ...]]]:
    """A map read from JSON or a form: targets as tuples of text, in the given order."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for question_id, choices in mapping.items():
        found[str(question_id)] = {
            str(old): tuple(dict.fromkeys(str(t) for t in _as_list(targets) if str(t)))
            for old, targets in choices.items()
        }
    return found


def _as_list(targets: object) -> list[object]:
    if isinstance(targets, list | tuple):
        return list(targets)
    return [] if targets in (None, "") else [targets]


def _recode_value(
    value: Value, question: Question, choices: Mapping[str, tuple[str, ...]]
) -> Value:
    olds = value if isinstance(value, tuple) else (value,)
    new: list[str] = []
    for old in olds:
        new += [t for t in choices.get(str(old), ()) if t not in new]
    if question.type is QuestionType.MULTIPLE_CHOICE:
        order = [o.value for o in question.options]
        return tuple(sorted(new, key=lambda v: order.index(v) if v in order else len(order)))
    return new[0] if new else None


def recode_answers(
    answers: Mapping[str, Value], current: Questionnaire, mapping: RecodeMap
) -> dict[str, Value]:
    """One previous answer set in the terms of ``current``: mapped questions recoded, the
    others kept as they were (a checked map is assumed)."""
    found: dict[str, Value] = {}
    for question_id, value in answers.items():
        choices = mapping.get(question_id)
        question = current.questions.get(question_id)
        if choices is None or question is None or question.type not in CHOICE_TYPES:
            found[question_id] = value
            continue
        recoded = _recode_value(value, question, choices)
        if recoded not in (None, ()):
            found[question_id] = recoded
    return found
