"""The expression language: parsing once, evaluating safely, XLSForm semantics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barometre.questionnaire.expressions import (
    MAX_LENGTH,
    Call,
    ExpressionSyntaxError,
    Ref,
    compile_node,
    parse,
    references,
)


def evaluate(text: str, answers: dict[str, object] | None = None, current: object = None) -> object:
    return compile_node(parse(text))(answers or {}, current)  # type: ignore[arg-type]


def test_equality_with_a_string_literal() -> None:
    assert evaluate("${q} = 'oui'", {"q": "oui"}) is True


def test_selected_reads_a_multiple_choice_answer() -> None:
    assert evaluate("selected(${m}, 'epn')", {"m": ("epn", "cs")}) is True


def test_selected_reads_a_space_separated_answer_like_odk() -> None:
    assert evaluate("selected(${m}, 'cs')", {"m": "epn cs"}) is True


def test_count_selected_counts_options() -> None:
    assert evaluate("count-selected(${m})", {"m": ("a", "b", "c")}) == 3


def test_and_binds_tighter_than_or() -> None:
    assert evaluate("1 = 1 or 1 = 2 and 1 = 2") is True


def test_arithmetic_follows_precedence() -> None:
    assert evaluate("1 + 2 * 3") == 7


def test_div_and_mod() -> None:
    assert (evaluate("7 div 2"), evaluate("7 mod 2")) == (3.5, 1)


def test_division_by_zero_is_nan_not_a_crash() -> None:
    assert evaluate("1 div 0 = 1 div 0") is False


def test_missing_answer_makes_comparisons_false() -> None:
    assert (evaluate("${n} > 3"), evaluate("${n} < 3")) == (False, False)


def test_missing_answer_equals_empty_string() -> None:
    assert evaluate("${q} = ''") is True


def test_not_negates() -> None:
    assert evaluate("not(${q} = 'oui')", {"q": "non"}) is True


def test_current_value_in_a_constraint() -> None:
    assert evaluate(". >= 0 and . <= 100", current=42) is True


def test_iso_dates_compare_in_order() -> None:
    assert evaluate("${d} < '2025-01-01'", {"d": "2024-12-31"}) is True


def test_if_and_coalesce() -> None:
    assert evaluate("if(${q} = 'oui', 1, coalesce(${n}, 5))", {"q": "non"}) == 5


def test_string_length() -> None:
    assert evaluate("string-length(${t}) > 3", {"t": "Bonjour"}) is True


def test_references_lists_every_question_read() -> None:
    assert references(parse("selected(${a}, 'x') and ${b} > ${c}")) == {"a", "b", "c"}


def test_parse_builds_a_tree_once() -> None:
    assert parse("selected(${a}, 'x')") == Call("selected", (Ref("a"), parse("'x'")))


@pytest.mark.parametrize(
    "text",
    [
        "${q} = ",
        "${q} == 'oui'",
        "__import__('os')",
        "${q} = 'oui' ; drop",
        "selected(${q})",
        "(1 + 2",
        "${q-1} = 2",
        "",
        "open('x')",
    ],
)
def test_malformed_or_hostile_expressions_are_rejected(text: str) -> None:
    with pytest.raises(ExpressionSyntaxError):
        parse(text)


def test_syntax_error_names_the_position_in_french() -> None:
    with pytest.raises(ExpressionSyntaxError, match="caractère 8"):
        parse("${q} = 'oui")


def test_overlong_expression_is_rejected() -> None:
    with pytest.raises(ExpressionSyntaxError, match="trop longue"):
        parse("1 + " * MAX_LENGTH + "1")


def test_deep_nesting_is_rejected_without_recursion_error() -> None:
    with pytest.raises(ExpressionSyntaxError):
        parse("(" * 500 + "1" + ")" * 500)


def test_long_chains_are_rejected_before_they_can_exhaust_the_stack() -> None:
    with pytest.raises(ExpressionSyntaxError):
        parse(" + ".join(["1"] * 400))


_ALPHABET = st.sampled_from(
    [
        "${a}", "${b}", "'x'", "'oui'", "1", "2.5", ".", " ", "(", ")", ",", "=", "!=", "<",
        "<=", ">", ">=", "+", "-", "*", " div ", " mod ", " and ", " or ", "not(", "selected(",
        "count-selected(", "if(", "true()", "false()", "__import__", "eval(", "'", "${", "}",
        "string-length(", "coalesce(", "number(",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_parser_never_crashes_on_token_soup(text: str) -> None:
    try:
        tree = parse(text)
    except ExpressionSyntaxError:
        return
    compile_node(tree)({"a": ("x",), "b": 3}, 1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parser_never_crashes_on_any_text(text: str) -> None:
    try:
        tree = parse(text)
    except ExpressionSyntaxError:
        return
    compile_node(tree)({}, None)


_ANSWERS = st.dictionaries(
    st.sampled_from(["a", "b"]),
    st.one_of(
        st.none(),
        st.text(max_size=5),
        st.integers(),
        st.floats(allow_nan=True),
        st.tuples(st.text(max_size=3)),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=25).map("".join), _ANSWERS)
def test_evaluation_never_raises_on_any_answers(text: str, answers: dict[str, object]) -> None:
    try:
        tree = parse(text)
    except ExpressionSyntaxError:
        return
    compile_node(tree)(answers, answers.get("a"))  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z_]{1,12}\(\)", fullmatch=True))
def test_only_whitelisted_functions_are_callable(text: str) -> None:
    try:
        tree = parse(text)
    except ExpressionSyntaxError:
        return
    assert isinstance(tree, Call)
    assert tree.name in {"true", "false"}
