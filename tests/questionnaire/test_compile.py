"""Compilation: a frozen questionnaire, a version hash, coded errors with their location."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barometre.questionnaire import (
    QuestionType,
    Sensitivity,
    compile_path,
    compile_questionnaire,
    compile_yaml,
)
from tests.questionnaire.conftest import compile_form, compiled, error_codes, form

YES_NO = """
- id: site
  type: yes_no
  label: Avez-vous un site internet ?
"""


def test_a_small_form_compiles() -> None:
    questionnaire = compiled(YES_NO)
    assert questionnaire.questions["site"].type is QuestionType.YES_NO


def test_yes_no_gets_oui_non_nsp() -> None:
    assert compiled(YES_NO).questions["site"].option_values == {"oui", "non", "nsp"}


def test_the_questionnaire_is_frozen() -> None:
    questionnaire = compiled(YES_NO)
    with pytest.raises(dataclasses.FrozenInstanceError):
        questionnaire.version = "2"  # type: ignore[misc]


def test_questions_mapping_cannot_be_mutated() -> None:
    with pytest.raises(TypeError):
        compiled(YES_NO).questions["x"] = None  # type: ignore[index]


def test_version_hash_is_stable() -> None:
    assert compiled(YES_NO).version_hash == compiled(YES_NO).version_hash


def test_version_hash_changes_with_a_label() -> None:
    edited = YES_NO.replace("Avez-vous", "Disposez-vous d'")
    assert compiled(YES_NO).version_hash != compiled(edited).version_hash


def test_version_hash_ignores_comments_and_layout() -> None:
    commented = "# commentaire\n" + form(YES_NO)
    assert compile_yaml(commented).questionnaire.version_hash == compiled(YES_NO).version_hash  # type: ignore[union-attr]


def test_estimated_duration_is_given_in_minutes() -> None:
    assert compiled(YES_NO).estimated_minutes == 1


def test_english_label_is_optional_and_kept() -> None:
    questionnaire = compiled(
        """
        - id: site
          type: yes_no
          label: {fr: "Avez-vous un site ?", en: "Do you have a website?"}
        """
    )
    assert questionnaire.questions["site"].label.get("en") == "Do you have a website?"


def test_percentage_is_bounded_0_to_100_by_default() -> None:
    question = compiled("- {id: p, type: percentage, label: Part}").questions["p"]
    assert (question.minimum, question.maximum) == (0, 100)


def test_sensitivity_defaults_to_public() -> None:
    assert compiled(YES_NO).questions["site"].sensitivity is Sensitivity.PUBLIC


def test_warns_when_the_question_count_is_outside_10_to_25() -> None:
    assert [w.code for w in compile_form(YES_NO).warnings] == ["question_count"]


# -- coded errors ------------------------------------------------------------------------------


def test_yaml_syntax_error_names_the_line() -> None:
    result = compile_yaml("id: x\nsections: [\n", "bad.yaml")
    assert (result.errors[0].code, str(result.errors[0].location)) == ("yaml_syntax", "bad.yaml:3")


def test_unknown_question_in_relevance() -> None:
    codes = error_codes(YES_NO + "  relevance: \"${nulle_part} = 'oui'\"\n")
    assert codes == ["unknown_question"]


def test_unknown_question_error_names_the_file_and_the_line_of_the_expression() -> None:
    result = compile_form(YES_NO + "  relevance: \"${nulle_part} = 'oui'\"\n")
    assert str(result.errors[0].location) == "demo.yaml:11"


def test_unknown_option_in_relevance() -> None:
    codes = error_codes(
        YES_NO + "- {id: n, type: integer, label: Nombre, relevance: \"${site} = 'peut-etre'\"}"
    )
    assert codes == ["unknown_option"]


def test_relevance_cycle() -> None:
    codes = error_codes(
        """
        - {id: a, type: yes_no, label: A, relevance: "${b} = 'oui'"}
        - {id: b, type: yes_no, label: B, relevance: "${a} = 'oui'"}
        """
    )
    assert codes == ["relevance_cycle"]


def test_relevance_on_itself_is_a_cycle() -> None:
    assert error_codes("- {id: a, type: yes_no, label: A, relevance: \"${a} = 'oui'\"}") == [
        "relevance_cycle"
    ]


def test_relevance_cycle_message_shows_the_path() -> None:
    result = compile_form(
        """
        - {id: a, type: yes_no, label: A, relevance: "${b} = 'oui'"}
        - {id: b, type: yes_no, label: B, relevance: "${a} = 'oui'"}
        """
    )
    assert "a → b → a" in result.errors[0].message


def test_duplicate_question_id() -> None:
    assert error_codes(YES_NO + YES_NO) == ["duplicate_id"]


def test_duplicate_indicator_id() -> None:
    indicator = "  - {id: x.y, label: X, numerator: \"${site} = 'oui'\"}\n"
    assert error_codes(YES_NO, "indicators:\n" + indicator * 2) == ["duplicate_id"]


def test_option_reused() -> None:
    codes = error_codes(
        """
        - id: c
          type: single_choice
          label: Choix
          options:
            - {value: a, label: A}
            - {value: a, label: Encore A}
        """
    )
    assert codes == ["option_reused"]


def test_type_mismatch_arithmetic_on_a_choice() -> None:
    assert error_codes(
        YES_NO + "- {id: n, type: integer, label: N, relevance: '${site} + 1 > 2'}"
    ) == ["type_mismatch"]


def test_type_mismatch_equality_on_a_multiple_choice() -> None:
    codes = error_codes(
        """
        - {id: m, type: multiple_choice, label: M, options: [{value: a, label: A}]}
        - {id: n, type: integer, label: N, relevance: "${m} = 'a'"}
        """
    )
    assert codes == ["type_mismatch"]


def test_type_mismatch_selected_on_a_number() -> None:
    codes = error_codes(
        """
        - {id: n, type: integer, label: N}
        - {id: t, type: text, label: T, relevance: "selected(${n}, 'a')"}
        """
    )
    assert codes == ["type_mismatch"]


def test_type_mismatch_bounds_on_text() -> None:
    assert error_codes("- {id: t, type: text, label: T, max: 3}") == ["type_mismatch"]


def test_invalid_bounds() -> None:
    assert error_codes("- {id: n, type: integer, label: N, min: 5, max: 1}") == ["invalid_bounds"]


def test_unreachable_question() -> None:
    assert error_codes(YES_NO + "- {id: n, type: integer, label: N, relevance: '1 = 2'}") == [
        "unreachable_question"
    ]


def test_question_behind_an_unreachable_one_is_unreachable_too() -> None:
    codes = error_codes(
        """
        - {id: a, type: yes_no, label: A, relevance: 'false()'}
        - {id: b, type: integer, label: B, relevance: "${a} = 'oui'"}
        """
    )
    assert codes == ["unreachable_question", "unreachable_question"]


def test_indicator_referring_to_nothing() -> None:
    extra = "indicators:\n  - {id: x.y, label: X, numerator: \"${absent} = 'oui'\"}\n"
    assert error_codes(YES_NO, extra) == ["indicator_unknown_reference"]


def test_indicator_base_referring_to_nothing() -> None:
    extra = (
        "indicators:\n"
        "  - {id: x.y, label: X, numerator: \"${site} = 'oui'\", base: \"${absent} = 'oui'\"}\n"
    )
    assert error_codes(YES_NO, extra) == ["indicator_unknown_reference"]


def test_expression_syntax_error() -> None:
    assert error_codes(YES_NO + "  relevance: \"${site} == 'oui'\"\n") == ["expression_syntax"]


def test_current_value_outside_a_constraint() -> None:
    assert error_codes(YES_NO + "  relevance: \". = 'oui'\"\n") == ["current_outside_constraint"]


def test_unknown_key_is_a_schema_error() -> None:
    assert error_codes(YES_NO + "  requird: true\n") == ["schema"]


def test_unknown_type_is_a_schema_error() -> None:
    assert error_codes("- {id: x, type: slider, label: X}") == ["schema"]


def test_missing_label_is_a_schema_error() -> None:
    assert error_codes("- {id: x, type: text}") == ["schema"]


def test_invalid_question_id_is_a_schema_error() -> None:
    assert error_codes("- {id: 'Site Web', type: text, label: X}") == ["schema"]


def test_formula_label_is_rejected() -> None:
    assert error_codes("- {id: x, type: text, label: '=HYPERLINK(\"http://x\")'}") == [
        "formula_label"
    ]


def test_html_label_is_kept_as_text_with_a_warning() -> None:
    result = compile_form("- {id: x, type: text, label: '<script>alert(1)</script>'}")
    assert result.questionnaire.questions["x"].label.fr == "<script>alert(1)</script>"  # type: ignore[union-attr]
    assert "html_in_label" in [w.code for w in result.warnings]


def test_yaml_alias_is_rejected() -> None:
    result = compile_yaml("id: &a x\ntitle: *a\n")
    assert [e.code for e in result.errors] == ["yaml_syntax"]


def test_duplicate_yaml_key_is_rejected() -> None:
    result = compile_yaml("id: x\nid: y\n")
    assert "répétée" in result.errors[0].message


def test_exclusive_on_a_single_choice_is_a_type_mismatch() -> None:
    codes = error_codes(
        "- {id: c, type: single_choice, label: C, options: [{value: a, label: A, exclusive: true}]}"
    )
    assert codes == ["type_mismatch"]


def test_score_on_an_unknown_option() -> None:
    scored = "  score: {theme: t, values: {oui: 3, non: 0, peut_etre: 1}, dont_know: [nsp]}\n"
    themes = "maturity: {themes: [{id: t, label: Thème}]}\n"
    assert error_codes(YES_NO + scored, themes) == ["unknown_option"]


def test_forward_reference_is_a_warning() -> None:
    result = compile_form(
        """
        - {id: n, type: integer, label: N, relevance: "${site} = 'oui'"}
        - {id: site, type: yes_no, label: Site}
        """
    )
    assert "forward_reference" in [w.code for w in result.warnings]


def test_secret_answer_in_a_public_indicator_is_a_warning() -> None:
    extra = "indicators:\n  - {id: x.y, label: X, numerator: \"${site} = 'oui'\"}\n"
    result = compile_form(YES_NO + "  sensitivity: secret\n", extra)
    assert [w.code for w in result.warnings if w.code != "question_count"] == [
        "sensitivity_downgrade"
    ]


def test_error_messages_are_french() -> None:
    assert (
        "n'existe pas"
        in compile_form(YES_NO + "  relevance: \"${zz} = 'oui'\"\n").errors[0].message
    )


def test_a_huge_yaml_source_is_refused() -> None:
    result = compile_yaml("id: x\n" + "# remplissage\n" * 100_000)
    assert [e.code for e in result.errors] == ["yaml_syntax"]


def test_a_missing_file_is_a_coded_error(tmp_path: Path) -> None:
    result = compile_path(tmp_path / "absent.yaml")
    assert [e.code for e in result.errors] == ["yaml_syntax"]


def test_a_compiled_questionnaire_can_key_a_cache() -> None:
    assert {compiled(YES_NO): 1}[compiled(YES_NO)] == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_compiles_to_a_result_never_an_exception(text: str) -> None:
    result = compile_yaml(text)
    assert result.ok or result.errors


_FRAGMENT = st.sampled_from(
    [
        "id: x\n", "title: T\n", "sections:\n", "  - id: p\n", "    title: P\n", "    questions:\n",
        "      - {id: a, type: yes_no, label: A}\n", "      - {id: b, type: integer, label: B}\n",
        "        relevance: \"${a} = 'oui'\"\n", "indicators:\n", "  - {id: i.j, label: I}\n",
        "      - [1, 2]\n", "wave: -3\n", "  - 5\n", "    relevance: 12\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENT, max_size=12).map("".join))
def test_almost_valid_sources_give_coded_errors_never_exceptions(text: str) -> None:
    result = compile_yaml(text)
    assert all(e.code for e in result.errors)


def test_control_characters_in_a_label_are_refused() -> None:
    source = {
        "id": "x",
        "title": "T",
        "sections": [{"id": "p", "title": "P", "questions": [
            {"id": "a", "type": "text", "label": "A\x1b[31m"}
        ]}],
    }  # fmt: skip
    assert [e.code for e in compile_questionnaire(source).errors] == ["schema"]
