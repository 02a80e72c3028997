"""The syntax tree of an expression: small frozen nodes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | float | int


@dataclass(frozen=True, slots=True)
class Ref:
    """``${name}``: the answer to another question."""

    name: str


@dataclass(frozen=True, slots=True)
class Current:
    """``.``: the value being checked, inside a constraint."""


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Literal | Ref | Current | Unary | Binary | Call


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, depth first."""
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, Unary):
            stack.append(current.operand)
        elif isinstance(current, Binary):
            stack.extend((current.right, current.left))
        elif isinstance(current, Call):
            stack.extend(reversed(current.args))


def references(node: Node) -> frozenset[str]:
    """The question ids an expression reads."""
    return frozenset(n.name for n in walk(node) if isinstance(n, Ref))


def uses_current(node: Node) -> bool:
    return any(isinstance(n, Current) for n in walk(node))


def depth(node: Node) -> int:
    """The height of the tree (computed without recursion)."""
    deepest = 0
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        children: tuple[Node, ...] = ()
        if isinstance(current, Unary):
            children = (current.operand,)
        elif isinstance(current, Binary):
            children = (current.left, current.right)
        elif isinstance(current, Call):
            children = current.args
        stack.extend((child, level + 1) for child in children)
    return deepest
