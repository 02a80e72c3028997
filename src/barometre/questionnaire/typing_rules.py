"""Static checks of an expression against the questions it reads (done once, at compile time)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from barometre.questionnaire.errors import (
    CURRENT_OUTSIDE_CONSTRAINT,
    TYPE_MISMATCH,
    UNKNOWN_OPTION,
    UNKNOWN_QUESTION,
)
from barometre.questionnaire.expressions import Binary, Call, Current, Literal, Node, Ref, Unary
from barometre.questionnaire.model import NUMBER_TYPES, TEXT_TYPES, Question, QuestionType

# Static kinds of a value.
BOOL: Final = "booléen"
NUMBER: Final = "nombre"
TEXT: Final = "texte"
DATE: Final = "date"
CHOICE: Final = "choix unique"
CHOICES: Final = "choix multiple"
ANY: Final = "quelconque"

_ARITHMETIC: Final = frozenset({"+", "-", "*", "div", "mod"})
_ORDER: Final = frozenset({"<", "<=", ">", ">="})


def kind_of_question(question: Question) -> str:
    if question.type in NUMBER_TYPES:
        return NUMBER
    if question.type in TEXT_TYPES:
        return TEXT
    if question.type is QuestionType.DATE:
        return DATE
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return CHOICES
    return CHOICE


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    question: Question | None = None
    literal: str | float | int | None = None


Report = Callable[[str, str], None]


class Checker:
    """Infers the kind of each node and reports misuse through ``report(code, message)``."""

    def __init__(
        self,
        questions: Mapping[str, Question],
        report: Report,
        current: Question | None = None,
        unknown_code: str = UNKNOWN_QUESTION,
    ) -> None:
        self.questions = questions
        self.report = report
        self.current = current
        self.unknown_code = unknown_code

    def check(self, node: Node) -> Kind:  # noqa: PLR0911 - one branch per node type
        if isinstance(node, Literal):
            return Kind(NUMBER if not isinstance(node.value, str) else TEXT, literal=node.value)
        if isinstance(node, Ref):
            return self.reference(node.name)
        if isinstance(node, Current):
            if self.current is None:
                self.report(
                    CURRENT_OUTSIDE_CONSTRAINT,
                    "« . » (la valeur saisie) n'a de sens que dans une contrainte",
                )
                return Kind(ANY)
            return Kind(kind_of_question(self.current), self.current)
        if isinstance(node, Unary):
            self.numeric(self.check(node.operand), "-")
            return Kind(NUMBER)
        if isinstance(node, Binary):
            return self.binary(node)
        return self.call(node)

    def reference(self, name: str) -> Kind:
        question = self.questions.get(name)
        if question is None:
            self.report(self.unknown_code, f"la question « {name} » n'existe pas")
            return Kind(ANY)
        if question.type is QuestionType.NOTE:
            self.report(TYPE_MISMATCH, f"« {name} » est une note : elle n'a pas de valeur")
            return Kind(ANY)
        return Kind(kind_of_question(question), question)

    def numeric(self, kind: Kind, op: str) -> None:
        if kind.name not in (NUMBER, ANY, BOOL):
            self.report(TYPE_MISMATCH, f"« {op} » attend des nombres, pas un {kind.name}")

    def binary(self, node: Binary) -> Kind:
        left, right = self.check(node.left), self.check(node.right)
        if node.op in ("and", "or"):
            return Kind(BOOL)
        if node.op in _ARITHMETIC:
            self.numeric(left, node.op)
            self.numeric(right, node.op)
            return Kind(NUMBER)
        if node.op in _ORDER:
            for side in (left, right):
                if side.name not in (NUMBER, DATE, ANY) and side.literal is None:
                    self.report(TYPE_MISMATCH, f"« {node.op} » compare des nombres ou des dates")
            return Kind(BOOL)
        self.equality(left, right)
        self.equality(right, left)
        return Kind(BOOL)

    def equality(self, side: Kind, other: Kind) -> None:
        question = side.question
        if question is None:
            return
        if side.name == CHOICES:
            self.report(
                TYPE_MISMATCH,
                f"« {question.id} » est à choix multiple : "
                f"utilisez selected(${{{question.id}}}, …)",
            )
        elif side.name == CHOICE and other.literal is not None:
            self.option(question, str(other.literal))
        elif side.name == NUMBER and isinstance(other.literal, str):
            self.report(
                TYPE_MISMATCH,
                f"« {question.id} » est un nombre, comparé au texte « {other.literal} »",
            )

    def option(self, question: Question, value: str) -> None:
        if value not in question.option_values:
            self.report(
                UNKNOWN_OPTION,
                f"l'option « {value} » n'existe pas dans la question « {question.id} »",
            )

    def call(self, node: Call) -> Kind:
        kinds = [self.check(arg) for arg in node.args]
        if node.name in ("selected", "count-selected"):
            target = kinds[0]
            if target.question is None or target.name not in (CHOICE, CHOICES):
                self.report(TYPE_MISMATCH, f"{node.name}() s'applique à une question à choix")
            elif node.name == "count-selected" and target.name != CHOICES:
                self.report(
                    TYPE_MISMATCH, "count-selected() s'applique à une question à choix multiple"
                )
            elif node.name == "selected":
                if kinds[1].literal is None:
                    self.report(
                        TYPE_MISMATCH, "selected() attend une option écrite entre guillemets"
                    )
                else:
                    self.option(target.question, str(kinds[1].literal))
        if node.name in ("selected", "not", "true", "false"):
            return Kind(BOOL)
        if node.name in ("count-selected", "string-length", "number"):
            return Kind(NUMBER)
        return Kind(ANY)
