"""Evaluation with XPath-like semantics, compiled once into closures (no ``eval``).

Values: ``None`` (no answer), text, numbers, booleans and tuples of option values (multiple
choice). A missing answer is empty: comparisons with it are false, arithmetic gives NaN.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from typing import Final

from barometre.questionnaire.expressions.ast import (
    Binary,
    Call,
    Current,
    Literal,
    Node,
    Ref,
    Unary,
)

Value = str | int | float | bool | tuple[str, ...] | None
Answers = Mapping[str, Value]
Evaluator = Callable[[Answers, Value], Value]

_NAN: Final = float("nan")


def truthy(value: Value) -> bool:
    if value is None:
        return False
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    return bool(value)


def _as_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_number(value: Value) -> float:
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return _NAN
    return _NAN


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return truthy(left) == truthy(right)
    if _is_number(left) or _is_number(right):
        return _as_number(left) == _as_number(right)
    return _as_text(left) == _as_text(right)


_ORDER: Final[dict[str, Callable[[float, float], bool]]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _ordered(op: str, left: Value, right: Value) -> bool:
    compare = _ORDER[op]
    textual = isinstance(left, str) and isinstance(right, str)
    if textual and (math.isnan(_as_number(left)) or math.isnan(_as_number(right))):
        return bool(compare(left, right))  # type: ignore[arg-type]  # ISO dates
    if left is None or right is None:
        return False
    return compare(_as_number(left), _as_number(right))


def _arithmetic(op: str, left: Value, right: Value) -> float | int:
    a, b = _as_number(left), _as_number(right)
    if op == "+":
        result = a + b
    elif op == "-":
        result = a - b
    elif op == "*":
        result = a * b
    elif b == 0 or math.isnan(b) or math.isinf(b):
        return _NAN
    elif op == "div":
        result = a / b
    else:
        result = math.fmod(a, b)
    if op != "div" and _is_number(left) and _is_number(right) and result.is_integer():
        return int(result)
    return result


def _choices(value: Value) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    if value is None:
        return ()
    return tuple(_as_text(value).split())


def _binary(node: Binary) -> Evaluator:
    left, right, op = compile_node(node.left), compile_node(node.right), node.op
    if op == "and":
        return lambda a, c: truthy(left(a, c)) and truthy(right(a, c))
    if op == "or":
        return lambda a, c: truthy(left(a, c)) or truthy(right(a, c))
    if op == "=":
        return lambda a, c: _equal(left(a, c), right(a, c))
    if op == "!=":
        return lambda a, c: not _equal(left(a, c), right(a, c))
    if op in _ORDER:
        return lambda a, c: _ordered(op, left(a, c), right(a, c))
    return lambda a, c: _arithmetic(op, left(a, c), right(a, c))


def _number(value: Value) -> float:
    return _as_number(value)


def _call(node: Call) -> Evaluator:  # noqa: PLR0911 - one branch per function
    args = [compile_node(arg) for arg in node.args]
    name = node.name
    if name == "true":
        return lambda _a, _c: True
    if name == "false":
        return lambda _a, _c: False
    if name == "selected":
        which, option = args
        return lambda a, c: _as_text(option(a, c)) in _choices(which(a, c))
    if name == "count-selected":
        (which,) = args
        return lambda a, c: len(_choices(which(a, c)))
    if name == "not":
        (inner,) = args
        return lambda a, c: not truthy(inner(a, c))
    if name == "string-length":
        (inner,) = args
        return lambda a, c: len(_as_text(inner(a, c)))
    if name == "if":
        test, yes, no = args
        return lambda a, c: yes(a, c) if truthy(test(a, c)) else no(a, c)
    if name == "coalesce":
        first, second = args
        return lambda a, c: _coalesce(first(a, c), second(a, c))
    (inner,) = args
    return lambda a, c: _number(inner(a, c))


def _coalesce(first: Value, second: Value) -> Value:
    return first if first not in (None, "", ()) else second


def compile_node(node: Node) -> Evaluator:
    """A function ``(answers, current) -> value`` computing ``node``."""
    if isinstance(node, Literal):
        value = node.value
        return lambda _a, _c: value
    if isinstance(node, Ref):
        name = node.name
        return lambda a, _c: a.get(name)
    if isinstance(node, Current):
        return lambda _a, c: c
    if isinstance(node, Unary):
        inner = compile_node(node.operand)
        return lambda a, c: -_as_number(inner(a, c))
    if isinstance(node, Binary):
        return _binary(node)
    return _call(node)
