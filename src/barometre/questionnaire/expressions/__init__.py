"""The XLSForm-compatible expression language: parsed once, evaluated safely (never ``eval``).

>>> from barometre.questionnaire.expressions import parse, references
>>> sorted(references(parse("selected(${lieux}, 'epn') and ${nb} > 2")))
['lieux', 'nb']
"""

from __future__ import annotations

from barometre.questionnaire.expressions.ast import (
    Binary,
    Call,
    Current,
    Literal,
    Node,
    Ref,
    Unary,
    references,
    uses_current,
)
from barometre.questionnaire.expressions.evaluate import (
    Answers,
    Evaluator,
    Value,
    compile_node,
    truthy,
)
from barometre.questionnaire.expressions.parser import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionSyntaxError,
    parse,
)

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Answers",
    "Binary",
    "Call",
    "Current",
    "Evaluator",
    "ExpressionSyntaxError",
    "Literal",
    "Node",
    "Ref",
    "Unary",
    "Value",
    "compile_node",
    "parse",
    "references",
    "truthy",
    "uses_current",
]
