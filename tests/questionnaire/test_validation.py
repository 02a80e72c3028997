"""Answer validation: coded French errors per question, skip logic honoured."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from barometre.questionnaire import Questionnaire, validate_answers
from tests.questionnaire.conftest import SITE_FORM, compiled


def codes(
    questionnaire: Questionnaire, answers: dict[str, object], page: str | None = None
) -> list[str]:
    return [e.code for e in validate_answers(questionnaire, answers, page).errors]


def test_a_complete_valid_answer_set_passes(site_form: Questionnaire) -> None:
    answers = {"site": "oui", "pages": 12, "outils": ["cms"], "part": 40}
    assert validate_answers(site_form, answers).ok


def test_required_answer_missing(site_form: Questionnaire) -> None:
    assert codes(site_form, {}) == ["answer_required"]


def test_required_message_is_french(site_form: Questionnaire) -> None:
    assert validate_answers(site_form, {}).errors[0].message == "réponse obligatoire"


def test_error_names_the_question(site_form: Questionnaire) -> None:
    assert validate_answers(site_form, {}).errors[0].subject == "site"


def test_unknown_question(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "oui", "intrus": 1}) == ["answer_unknown_question"]


def test_unknown_option(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "peut-être"}) == ["answer_unknown_option"]


def test_wrong_type_for_a_choice(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": 1}) == ["answer_wrong_type"]


def test_wrong_type_for_an_integer(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "oui", "pages": "douze"}) == ["answer_wrong_type"]


def test_decimal_for_an_integer_is_wrong_type(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "oui", "pages": 2.5}) == ["answer_wrong_type"]


def test_boolean_is_not_a_number(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "oui", "pages": True}) == ["answer_wrong_type"]


def test_nan_is_not_a_number(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "oui", "part": float("nan")}) == ["answer_wrong_type"]


def test_out_of_bounds(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "oui", "pages": 501}) == ["answer_out_of_bounds"]


def test_out_of_bounds_message_gives_the_range_and_unit(site_form: Questionnaire) -> None:
    error = validate_answers(site_form, {"site": "oui", "pages": 0}).errors[0]
    assert error.message == "la valeur doit être entre 1 et 500 pages"


def test_percentage_above_100_is_out_of_bounds(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "non", "part": 120}) == ["answer_out_of_bounds"]


def test_constraint_failure_uses_the_author_message(site_form: Questionnaire) -> None:
    error = validate_answers(site_form, {"site": "non", "part": 95}).errors[0]
    assert (error.code, error.message) == ("answer_constraint", "Au plus 90 %")


def test_exclusive_option_cannot_be_combined(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "non", "outils": ["cms", "aucun"]}) == [
        "answer_exclusive_option"
    ]


def test_exclusive_option_alone_is_fine(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "non", "outils": ["aucun"]}) == []


def test_multiple_choice_must_be_a_list(site_form: Questionnaire) -> None:
    assert codes(site_form, {"site": "non", "outils": {"cms": True}}) == ["answer_wrong_type"]


def test_non_relevant_answer_is_set_aside(site_form: Questionnaire) -> None:
    result = validate_answers(site_form, {"site": "non", "pages": 12})
    assert (dict(result.set_aside), "pages" in result.accepted) == ({"pages": 12}, False)


def test_non_relevant_answer_is_not_an_error(site_form: Questionnaire) -> None:
    assert validate_answers(site_form, {"site": "non", "pages": 12}).ok


def test_accepted_values_are_typed(site_form: Questionnaire) -> None:
    result = validate_answers(site_form, {"site": "oui", "pages": "12", "outils": ["cms"]})
    assert dict(result.accepted) == {"site": "oui", "pages": 12, "outils": ("cms",)}


def test_text_too_long() -> None:
    form = compiled("- {id: t, type: text, label: T}")
    assert codes(form, {"t": "x" * 501}) == ["answer_too_long"]


def test_date_must_be_iso() -> None:
    form = compiled("- {id: d, type: date, label: D}")
    assert codes(form, {"d": "31/12/2024"}) == ["answer_wrong_type"]


def test_answer_to_a_note_is_wrong_type() -> None:
    form = compiled("- {id: n, type: note, label: Merci}")
    assert codes(form, {"n": "x"}) == ["answer_wrong_type"]


def _two_pages() -> Questionnaire:
    return compiled(
        "- {id: a, type: yes_no, label: A, required: true}",
        """
  - id: page2
    title: Page 2
    questions:
      - {id: b, type: integer, label: B, required: true, relevance: "${a} = 'oui'"}
""",
    )


def test_page_validation_checks_only_that_page() -> None:
    assert codes(_two_pages(), {"a": "oui"}, page="page1") == []


def test_page_validation_reads_earlier_pages_for_relevance() -> None:
    assert codes(_two_pages(), {"a": "oui"}, page="page2") == ["answer_required"]


def test_page_validation_skips_non_relevant_required_questions() -> None:
    assert codes(_two_pages(), {"a": "non"}, page="page2") == []


def test_unknown_page() -> None:
    assert codes(_two_pages(), {}, page="page9") == ["answer_unknown_page"]


def test_a_full_answer_set_validates_well_under_a_millisecond(site_form: Questionnaire) -> None:
    answers = {"site": "oui", "pages": 12, "outils": ["cms", "opsn"], "part": 40}
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        validate_answers(site_form, answers)
    assert (time.perf_counter() - start) / rounds < 0.001


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["site", "pages", "outils", "part", "intrus"]), _JSON))
def test_any_json_answers_give_coded_errors_never_exceptions(answers: dict[str, object]) -> None:
    form = compiled(SITE_FORM)
    result = validate_answers(form, answers)
    assert all(e.code.startswith("answer_") for e in result.errors)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["site", "pages", "outils", "part"]), _JSON))
def test_accepted_answers_validate_again_cleanly(answers: dict[str, object]) -> None:
    form = compiled(SITE_FORM)
    accepted = dict(validate_answers(form, answers).accepted)
    again = validate_answers(form, accepted)
    assert dict(again.accepted) == accepted
