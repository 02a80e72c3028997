"""An expression said in French, for people who review a questionnaire without reading XPath.

Questions are named by their label (« Avez-vous un site internet ? »), options by theirs
(« Oui »), so that ``${site} = 'oui' and ${pages} > 10`` reads « la réponse à « Avez-vous un
site internet ? » est « Oui » et la réponse à « Combien de pages ? » est supérieure à 10 ».
Pure: the tree comes from the compiler, the labels from the compiled questions.

>>> from barometre.questionnaire.expressions import parse
>>> print(phrase(parse("${n} >= 2 or not(${n})"), {}))
la réponse à « n » est supérieure ou égale à 2 ou il n'y a pas de réponse à « n »
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from barometre.questionnaire.expressions import (
    Binary,
    Call,
    Current,
    Literal,
    Node,
    Ref,
    Unary,
)
from barometre.questionnaire.model import Question

COMPARISONS: Final = {
    "<": "est inférieure à",
    "<=": "est inférieure ou égale à",
    ">": "est supérieure à",
    ">=": "est supérieure ou égale à",
}
ARITHMETIC: Final = {"+": "plus", "-": "moins", "*": "multiplié par", "div": "divisé par"}
JOINS: Final = {"and": "et", "or": "ou"}
CURRENT: Final = "la réponse saisie"


class _Phrasing:
    def __init__(self, questions: Mapping[str, Question]) -> None:
        self.questions = questions

    def name(self, qid: str) -> str:
        question = self.questions.get(qid)
        return f"« {question.label.fr if question else qid} »"

    def option(self, qid: str | None, value: object) -> str:
        question = self.questions.get(qid or "")
        labels = {o.value: o.label.fr for o in question.options} if question else {}
        text = _number(value) if isinstance(value, int | float) else str(value)
        return f"« {labels.get(text, text)} »"

    def value(self, node: Node) -> str:  # noqa: PLR0911 - one branch per node type
        """A node read as a value: « la réponse à … », a number, a text."""
        if isinstance(node, Ref):
            return f"la réponse à {self.name(node.name)}"
        if isinstance(node, Current):
            return CURRENT
        if isinstance(node, Literal):
            return (
                _number(node.value) if isinstance(node.value, int | float) else f"« {node.value} »"
            )
        if isinstance(node, Unary):
            return f"moins {self.value(node.operand)}"
        if isinstance(node, Binary) and node.op in ARITHMETIC | {"mod": ""}:
            if node.op == "mod":
                return f"le reste de {self.value(node.left)} divisé par {self.value(node.right)}"
            return f"({self.value(node.left)} {ARITHMETIC[node.op]} {self.value(node.right)})"
        if isinstance(node, Call):
            return self.call_value(node)
        return f"« {self.condition(node)} » (vrai ou faux)"

    def call_value(self, node: Call) -> str:  # noqa: PLR0911 - one branch per function
        args = node.args
        if node.name == "count-selected":
            if isinstance(args[0], Current):
                return "le nombre de choix cochés"
            return f"le nombre de réponses cochées à {self.subject(args[0])}"
        if node.name == "string-length":
            return f"le nombre de caractères de {self.value(args[0])}"
        if node.name == "number":
            return self.value(args[0])
        if node.name == "coalesce":
            return f"{self.value(args[0])}, ou à défaut {self.value(args[1])}"
        if node.name == "if":
            return (
                f"{self.value(args[1])} si {self.condition(args[0])}, sinon {self.value(args[2])}"
            )
        return self.condition(node)

    def subject(self, node: Node) -> str:
        if isinstance(node, Ref):
            return self.name(node.name)
        return self.value(node)

    def condition(self, node: Node) -> str:  # noqa: PLR0911 - one branch per node type
        """A node read as a condition: what must hold."""
        if isinstance(node, Binary) and node.op in JOINS:
            return self.joined(node)
        if isinstance(node, Binary) and node.op in ("=", "!="):
            return self.equality(node)
        if isinstance(node, Binary) and node.op in COMPARISONS:
            left = self.value(node.left)
            return f"{left} {_agreed(COMPARISONS[node.op], left)} {self.value(node.right)}"
        if isinstance(node, Call):
            return self.call_condition(node)
        if isinstance(node, Ref):
            return f"il y a une réponse à {self.name(node.name)}"
        if isinstance(node, Current):
            return "une réponse est saisie"
        return f"{self.value(node)} n'est ni nul ni vide"

    def joined(self, node: Binary) -> str:
        parts = []
        for side in (node.left, node.right):
            text = self.condition(side)
            mixed = isinstance(side, Binary) and side.op in JOINS and side.op != node.op
            parts.append(f"({text})" if mixed else text)
        return f" {JOINS[node.op]} ".join(parts)

    def equality(self, node: Binary) -> str:
        negated = node.op == "!="
        ref, other = _sides(node)
        if isinstance(other, Literal) and other.value == "" and ref is not None:
            verb = "il y a une réponse à" if negated else "il n'y a pas de réponse à"
            return f"{verb} {self.subject(ref)}"
        if isinstance(other, Literal) and isinstance(ref, Ref):
            verb = "n'est pas" if negated else "est"
            return f"la réponse à {self.name(ref.name)} {verb} {self.option(ref.name, other.value)}"
        verb = "est différente de" if negated else "est égale à"
        left = self.value(node.left)
        return f"{left} {_agreed(verb, left)} {self.value(node.right)}"

    def call_condition(self, node: Call) -> str:
        args = node.args
        if node.name == "true":
            return "toujours"
        if node.name == "false":
            return "jamais"
        if node.name == "selected":
            return self.selected(args[0], args[1], ticked=True)
        if node.name == "not":
            return self.negated(args[0])
        if node.name == "if":
            return (
                f"{self.condition(args[1])} si {self.condition(args[0])}, "
                f"sinon {self.condition(args[2])}"
            )
        return f"{self.call_value(node)} n'est ni nul ni vide"

    def selected(self, which: Node, option: Node, *, ticked: bool) -> str:
        qid = which.name if isinstance(which, Ref) else None
        label = (
            self.option(qid, option.value) if isinstance(option, Literal) else self.value(option)
        )
        verb = "est coché" if ticked else "n'est pas coché"
        return f"{label} {verb} à {self.subject(which)}"

    def negated(self, inner: Node) -> str:
        if isinstance(inner, Call) and inner.name == "selected":
            return self.selected(inner.args[0], inner.args[1], ticked=False)
        if isinstance(inner, Ref):
            return f"il n'y a pas de réponse à {self.name(inner.name)}"
        if isinstance(inner, Current):
            return "aucune réponse n'est saisie"
        return f"il est faux que {self.condition(inner)}"


def _agreed(verb: str, subject: str) -> str:
    """« est supérieure à » after « la réponse », « est supérieur à » after « le nombre »."""
    if subject.lstrip("(").startswith(("la ", "la réponse")):
        return verb
    return verb.replace("ieure", "ieur").replace("égale", "égal").replace("différente", "différent")


def _sides(node: Binary) -> tuple[Node | None, Node]:
    """The question side (a reference or ``.``) and the other, if one side is a question."""
    if isinstance(node.left, Ref | Current):
        return node.left, node.right
    if isinstance(node.right, Ref | Current):
        return node.right, node.left
    return None, node.right


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def _contracted(text: str) -> str:
    """French contractions: « à le » → « au », « de le » → « du », « à les » → « aux »."""
    return _CONTRACTIONS.sub(lambda m: _CONTRACTED[m.group(0)], text)


_CONTRACTED: Final = {" à le ": " au ", " de le ": " du ", " à les ": " aux ", " de les ": " des "}
_CONTRACTIONS: Final = re.compile("|".join(map(re.escape, _CONTRACTED)))


def phrase(tree: Node, questions: Mapping[str, Question]) -> str:
    """The condition ``tree`` in French, questions and options named by their labels."""
    return _contracted(_Phrasing(questions).condition(tree))


def value_phrase(tree: Node, questions: Mapping[str, Question]) -> str:
    """The value ``tree`` computes, in French (« la réponse à « Nombre d'agents » »)."""
    return _contracted(_Phrasing(questions).value(tree))
