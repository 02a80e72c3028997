"""A syntax tree as JSON data, for the browser's evaluator (static/www/relevance.js).

Each node is a list whose first item names it: ``["lit", value]``, ``["ref", name]``,
``["cur"]``, ``["neg", operand]``, ``["op", operator, left, right]``, ``["call", name, *args]``.
The browser evaluates the tree the compiler built, never a second reading of the source.
"""

from __future__ import annotations

from barometre.questionnaire.expressions.ast import Binary, Current, Literal, Node, Ref, Unary

Data = list[object]


def to_data(node: Node) -> Data:
    if isinstance(node, Literal):
        return ["lit", node.value]
    if isinstance(node, Ref):
        return ["ref", node.name]
    if isinstance(node, Current):
        return ["cur"]
    if isinstance(node, Unary):
        return ["neg", to_data(node.operand)]
    if isinstance(node, Binary):
        return ["op", node.op, to_data(node.left), to_data(node.right)]
    return ["call", node.name, *(to_data(arg) for arg in node.args)]
