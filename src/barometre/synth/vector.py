"""Expressions evaluated over whole columns at once (numpy), for generating answers at scale.

Same semantics as :mod:`barometre.questionnaire.expressions` for the subset the library uses;
anything else raises :class:`Unsupported` so that callers can fall back to the row evaluator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from barometre.questionnaire.expressions import Binary, Call, Current, Literal, Node, Ref, Unary

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Codes = npt.NDArray[np.int16]

MISSING: Final = -1


class UnsupportedError(ValueError):
    """The expression uses something the column evaluator does not handle."""


@dataclass(frozen=True, slots=True)
class Choice:
    """A single-choice column: option index per row, -1 when unanswered."""

    codes: Codes
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Multi:
    """A multiple-choice column: one boolean per row and option."""

    matrix: Bools
    options: tuple[str, ...]


Column = Choice | Multi | Floats
VValue = Column | Bools | str | float | int

_COMPARE: Final[dict[str, Callable[[Floats, Floats], Bools]]] = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


def bools(value: object) -> Bools:
    """``value`` as a boolean array (numpy's stubs lose the dtype of comparisons)."""
    return np.asarray(value, dtype=np.bool_)


def truthy(value: VValue, n: int) -> Bools:
    if isinstance(value, Choice):
        return bools(value.codes != MISSING)
    if isinstance(value, Multi):
        return bools(value.matrix.any(axis=1))
    if isinstance(value, str):
        return np.full(n, bool(value))
    if isinstance(value, int | float):
        return np.full(n, value != 0 and value == value)  # noqa: PLR0124 - NaN test
    if value.dtype == np.bool_:
        return bools(value)
    return bools(~np.isnan(value) & (value != 0))


def _numbers(value: VValue, n: int) -> Floats:
    if isinstance(value, bool):
        return np.full(n, float(value))
    if isinstance(value, int | float):
        return np.full(n, float(value))
    if isinstance(value, np.ndarray):
        return value.astype(np.float64)
    raise UnsupportedError("arithmétique sur un choix ou un texte")


def _equal(left: VValue, right: VValue, n: int) -> Bools:
    if isinstance(right, Choice | Multi) and not isinstance(left, Choice | Multi):
        left, right = right, left
    if isinstance(left, Choice) and isinstance(right, str):
        if right == "":
            return bools(left.codes == MISSING)
        if right not in left.options:
            return np.zeros(n, dtype=bool)
        return bools(left.codes == left.options.index(right))
    if isinstance(left, Choice | Multi) or isinstance(right, Choice | Multi | str):
        raise UnsupportedError("comparaison non prise en charge")
    return bools(_numbers(left, n) == _numbers(right, n))


class Evaluator:
    """Evaluates a tree against ``columns`` (question id → column) for ``n`` rows."""

    def __init__(self, columns: dict[str, Column], n: int, current: Column | None = None) -> None:
        self.columns, self.n, self.current = columns, n, current

    def __call__(self, node: Node) -> VValue:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Ref):
            if node.name not in self.columns:
                raise UnsupportedError(f"colonne absente : {node.name}")
            return self.columns[node.name]
        if isinstance(node, Current):
            if self.current is None:
                raise UnsupportedError("« . » hors contrainte")
            return self.current
        if isinstance(node, Unary):
            return -_numbers(self(node.operand), self.n)
        if isinstance(node, Binary):
            return self.binary(node)
        return self.call(node)

    def binary(self, node: Binary) -> VValue:
        left, right, n = self(node.left), self(node.right), self.n
        if node.op == "and":
            return truthy(left, n) & truthy(right, n)
        if node.op == "or":
            return truthy(left, n) | truthy(right, n)
        if node.op == "=":
            return _equal(left, right, n)
        if node.op == "!=":
            return ~_equal(left, right, n)
        a, b = _numbers(left, n), _numbers(right, n)
        if node.op in _COMPARE:
            with np.errstate(invalid="ignore"):
                return bools(_COMPARE[node.op](a, b))
        return _arithmetic(node.op, a, b)

    def call(self, node: Call) -> VValue:
        if node.name in ("true", "false"):
            return np.full(self.n, node.name == "true")
        if node.name == "not":
            return ~truthy(self(node.args[0]), self.n)
        target = self(node.args[0])
        if node.name == "count-selected" and isinstance(target, Multi):
            return np.asarray(target.matrix.sum(axis=1), dtype=np.float64)
        if node.name == "selected":
            option = self(node.args[1])
            if isinstance(target, Multi) and isinstance(option, str):
                if option not in target.options:
                    return np.zeros(self.n, dtype=bool)
                return bools(target.matrix[:, target.options.index(option)].copy())
            if isinstance(target, Choice) and isinstance(option, str):
                return _equal(target, option, self.n)
        raise UnsupportedError(f"fonction non prise en charge : {node.name}")


def _arithmetic(op: str, a: Floats, b: Floats) -> Floats:
    with np.errstate(divide="ignore", invalid="ignore"):
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        safe = np.where((b == 0) | ~np.isfinite(b), np.nan, b)
        return a / safe if op == "div" else np.fmod(a, safe)


def evaluate_mask(
    node: Node, columns: dict[str, Column], n: int, current: Column | None = None
) -> Bools:
    """Rows where ``node`` is true."""
    return truthy(Evaluator(columns, n, current)(node), n)
