"""A small recursive-descent parser for XLSForm expressions (XPath 1.0 subset)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from barometre.questionnaire.expressions.ast import (
    Binary,
    Call,
    Current,
    Literal,
    Node,
    Ref,
    Unary,
    depth,
)

MAX_LENGTH: Final = 2000
MAX_DEPTH: Final = 40
MAX_TREE_DEPTH: Final = 120

#: name → (minimum, maximum) number of arguments.
FUNCTIONS: Final[dict[str, tuple[int, int]]] = {
    "selected": (2, 2),
    "count-selected": (1, 1),
    "not": (1, 1),
    "string-length": (1, 1),
    "if": (3, 3),
    "coalesce": (2, 2),
    "true": (0, 0),
    "false": (0, 0),
    "number": (1, 1),
}

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{(?P<refname>[A-Za-z_][A-Za-z0-9_]*)\})
  | (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,|\.)
    """,
    re.VERBOSE,
)

_KEYWORDS: Final = {"and", "or", "div", "mod"}


class ExpressionSyntaxError(ValueError):
    """The expression cannot be read; ``str(error)`` is French and names the position."""

    def __init__(self, message: str, position: int) -> None:
        self.position = position
        super().__init__(f"{message} (caractère {position + 1})")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    position: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionSyntaxError(f"caractère inattendu « {text[position]} »", position)
        kind = match.lastgroup or ""
        if kind == "refname":  # pragma: no cover - lastgroup is the outer group
            kind = "ref"
        if kind != "space":
            value = match.group("refname") if kind == "ref" else match.group()
            if kind == "name" and value in _KEYWORDS:
                kind = "op"
            tokens.append(_Token(kind, value, position))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


_LEVELS: Final[tuple[tuple[str, ...], ...]] = (
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.kind != "op" or token.text != text:
            found = token.text or "la fin"
            raise ExpressionSyntaxError(f"« {text} » attendu, « {found} » trouvé", token.position)

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while self.peek().kind == "op" and self.peek().text in _LEVELS[level]:
            op = self.take().text
            node = Binary(op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text == "-":
            self.take()
            return Unary("-", self.nested(self.unary))
        return self.primary()

    def nested(self, rule: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionSyntaxError("expression trop imbriquée", self.peek().position)
        try:
            return rule()
        finally:
            self.depth -= 1

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            number = float(token.text)
            return Literal(int(number) if number.is_integer() and "." not in token.text else number)
        if token.kind == "string":
            return Literal(token.text[1:-1])
        if token.kind == "ref":
            return Ref(token.text)
        if token.kind == "name":
            return self.call(token)
        if token.kind == "op" and token.text == ".":
            return Current()
        if token.kind == "op" and token.text == "(":
            node = self.nested(lambda: self.binary(0))
            self.expect(")")
            return node
        found = token.text or "la fin de l'expression"
        raise ExpressionSyntaxError(f"valeur attendue, « {found} » trouvé", token.position)

    def call(self, token: _Token) -> Node:
        if token.text not in FUNCTIONS:
            raise ExpressionSyntaxError(f"fonction inconnue « {token.text} »", token.position)
        self.expect("(")
        args: list[Node] = []
        if not (self.peek().kind == "op" and self.peek().text == ")"):
            args.append(self.nested(lambda: self.binary(0)))
            while self.peek().kind == "op" and self.peek().text == ",":
                self.take()
                args.append(self.nested(lambda: self.binary(0)))
        self.expect(")")
        low, high = FUNCTIONS[token.text]
        if not low <= len(args) <= high:
            raise ExpressionSyntaxError(
                f"la fonction « {token.text} » attend {low} argument(s), {len(args)} donné(s)",
                token.position,
            )
        return Call(token.text, tuple(args))


def parse(text: str) -> Node:
    """The syntax tree of ``text``; raises :class:`ExpressionSyntaxError` and nothing else."""
    if not isinstance(text, str):
        raise ExpressionSyntaxError("une expression doit être un texte", 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionSyntaxError(f"expression trop longue (plus de {MAX_LENGTH} caractères)", 0)
    if not text.strip():
        raise ExpressionSyntaxError("expression vide", 0)
    parser = _Parser(text)
    node = parser.binary(0)
    rest = parser.peek()
    if rest.kind != "end":
        raise ExpressionSyntaxError(f"« {rest.text} » inattendu", rest.position)
    if depth(node) > MAX_TREE_DEPTH:
        raise ExpressionSyntaxError("expression trop longue ou trop imbriquée", 0)
    return node
