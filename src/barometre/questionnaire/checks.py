"""Cross-question checks of a questionnaire being compiled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from barometre.questionnaire.errors import (
    DUPLICATE_ID,
    FORWARD_REFERENCE,
    INDICATOR_UNKNOWN_REFERENCE,
    INVALID_BOUNDS,
    OPTION_REUSED,
    RELEVANCE_CYCLE,
    SCHEMA,
    SENSITIVITY_DOWNGRADE,
    TYPE_MISMATCH,
    UNREACHABLE_QUESTION,
    Location,
)
from barometre.questionnaire.expressions import (
    Binary,
    Call,
    Node,
    Value,
    compile_node,
    references,
    truthy,
    uses_current,
)
from barometre.questionnaire.model import (
    CHOICE_TYPES,
    NUMBER_TYPES,
    Expression,
    Indicator,
    Question,
    QuestionType,
)
from barometre.questionnaire.reading import Reader
from barometre.questionnaire.typing_rules import Checker


def check_question(reader: Reader, question: Question) -> None:
    where = question.location or Location(reader.origin)
    what = f"question « {question.id} »"
    _check_options(reader, question, what, where)
    _check_bounds(reader, question, what, where)


def _check_options(reader: Reader, question: Question, what: str, where: Location) -> None:
    seen: set[str] = set()
    for option in question.options:
        if option.value in seen:
            reader.error(
                OPTION_REUSED, f"{what} : l'option « {option.value} » apparaît deux fois", where
            )
        seen.add(option.value)
    if question.type in CHOICE_TYPES and not question.options:
        reader.error(SCHEMA, f"{what} : une question à choix doit avoir des options", where)
    if question.type not in CHOICE_TYPES and question.options:
        reader.error(TYPE_MISMATCH, f"{what} : seules les questions à choix ont des options", where)
    if question.exclusive_values and question.type is not QuestionType.MULTIPLE_CHOICE:
        reader.error(TYPE_MISMATCH, f"{what} : « exclusive » ne sert qu'aux choix multiples", where)


def _check_bounds(reader: Reader, question: Question, what: str, where: Location) -> None:
    low, high = question.minimum, question.maximum
    if (low is not None or high is not None) and question.type not in NUMBER_TYPES:
        reader.error(TYPE_MISMATCH, f"{what} : « min » et « max » ne servent qu'aux nombres", where)
    if low is not None and high is not None and low > high:
        reader.error(INVALID_BOUNDS, f"{what} : « min » est plus grand que « max »", where)


def check_duplicates(reader: Reader, ids: Sequence[tuple[str, Location | None]], what: str) -> None:
    first: dict[str, Location | None] = {}
    for ident, where in ids:
        if ident in first:
            earlier = f" (déjà défini en {first[ident]})" if first[ident] else ""
            reader.error(
                DUPLICATE_ID,
                f"identifiant de {what} « {ident} » utilisé deux fois{earlier}",
                where or Location(reader.origin),
                ident,
            )
        else:
            first[ident] = where


def check_expression(
    reader: Reader,
    expression: Expression | None,
    questions: Mapping[str, Question],
    *,
    what: str,
    fallback: Location,
    current: Question | None = None,
) -> None:
    """Report what is wrong in ``expression`` of ``what`` (e.g. « question a_site »), at its own
    place in the source or else at ``fallback``."""
    if expression is None:
        return
    where = expression.location or fallback

    def report(code: str, message: str) -> None:
        reader.error(code, f"{what} : {message} (« {expression.source} »)", where)

    Checker(questions, report, current).check(expression.tree)


def check_forward(reader: Reader, order: Sequence[Question]) -> None:
    position = {q.id: index for index, q in enumerate(order)}
    for index, question in enumerate(order):
        if question.relevance is None:
            continue
        later = sorted(
            r for r in references(question.relevance.tree) if position.get(r, -1) > index
        )
        for name in later:
            reader.warn(
                FORWARD_REFERENCE,
                f"question « {question.id} » : sa condition lit « {name} », posée plus loin",
                question.location or Location(reader.origin),
            )


def relevance_of(question: Question, sections: Mapping[str, Expression | None]) -> set[str]:
    names: set[str] = set()
    for expression in (question.relevance, sections.get(question.section)):
        if expression is not None:
            names |= references(expression.tree)
    return names


def check_cycles(
    reader: Reader, questions: Mapping[str, Question], sections: Mapping[str, Expression | None]
) -> bool:
    """Reports each relevance cycle once; True when there is none."""
    graph = {
        qid: sorted(relevance_of(q, sections) & questions.keys()) for qid, q in questions.items()
    }
    state: dict[str, int] = {}
    found = False
    for start in graph:
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, child = stack.pop()
            if child == 0:
                if state.get(node) == 2:  # noqa: PLR2004 - finished
                    continue
                if state.get(node) == 1:
                    cycle = [*path[path.index(node) :], node]
                    reader.error(
                        RELEVANCE_CYCLE,
                        "cycle dans les conditions d'affichage : " + " → ".join(cycle),
                        questions[node].location or Location(reader.origin),
                        node,
                    )
                    found = True
                    continue
                state[node] = 1
                path.append(node)
            if child < len(graph[node]):
                stack.append((node, child + 1))
                stack.append((graph[node][child], 0))
            else:
                state[node] = 2
                path.pop()
    return not found


_UNKNOWN = object()


def _fold(node: Node, empty: frozenset[str]) -> object:
    """The constant value of ``node`` when questions in ``empty`` are unanswered, or _UNKNOWN."""
    if isinstance(node, Binary) and node.op in ("and", "or"):
        left, right = _fold(node.left, empty), _fold(node.right, empty)
        decisive = node.op == "or"
        for side in (left, right):
            if side is not _UNKNOWN and truthy(side) is decisive:  # type: ignore[arg-type]
                return decisive
        return _UNKNOWN if _UNKNOWN in (left, right) else not decisive
    if isinstance(node, Call) and node.name == "not":
        inner = _fold(node.args[0], empty)
        return _UNKNOWN if inner is _UNKNOWN else not truthy(inner)  # type: ignore[arg-type]
    if references(node) <= empty and not uses_current(node):
        answers: dict[str, Value] = {}
        return compile_node(node)(answers, None)
    return _UNKNOWN


def never_true(expression: Expression, empty: frozenset[str]) -> bool:
    value = _fold(expression.tree, empty)
    return value is not _UNKNOWN and not truthy(value)  # type: ignore[arg-type]


def check_unreachable(
    reader: Reader, order: Sequence[Question], sections: Mapping[str, Expression | None]
) -> None:
    unreachable: set[str] = set()
    changed = True
    while changed:
        changed = False
        for question in order:
            if question.id in unreachable:
                continue
            conditions = [e for e in (question.relevance, sections.get(question.section)) if e]
            if any(never_true(e, frozenset(unreachable)) for e in conditions):
                unreachable.add(question.id)
                changed = True
    for question in order:
        if question.id in unreachable:
            reader.error(
                UNREACHABLE_QUESTION,
                f"la question « {question.id} » ne peut jamais être affichée : "
                "sa condition d'affichage est toujours fausse",
                question.location or Location(reader.origin),
                question.id,
            )


def check_indicator(
    reader: Reader, indicator: Indicator, questions: Mapping[str, Question]
) -> None:
    fallback = indicator.location or Location(reader.origin)
    for part, expression in (("numérateur", indicator.numerator), ("base", indicator.base)):
        what = f"indicateur « {indicator.id} », {part}"
        where = expression.location or fallback

        def report(
            code: str,
            message: str,
            what: str = what,
            source: str = expression.source,
            where: Location = where,
        ) -> None:
            reader.error(code, f"{what} : {message} (« {source} »)", where, indicator.id)

        Checker(questions, report, None, INDICATOR_UNKNOWN_REFERENCE).check(expression.tree)
    read = references(indicator.numerator.tree) | references(indicator.base.tree)
    strictest = max(
        (questions[r].sensitivity for r in read if r in questions),
        key=lambda s: s.rank,
        default=indicator.sensitivity,
    )
    if strictest.rank > indicator.sensitivity.rank:
        reader.warn(
            SENSITIVITY_DOWNGRADE,
            f"indicateur « {indicator.id} » : classé « {indicator.sensitivity} » mais lit "
            f"des réponses « {strictest} »",
            where,
            indicator.id,
        )
