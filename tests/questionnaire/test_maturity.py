"""The maturity model declared in a questionnaire: compile errors, scores, levels, versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from barometre.questionnaire import compile_yaml, to_source
from barometre.questionnaire.library import load_library
from barometre.questionnaire.maturity import LEVELS, level_of, model_fingerprint
from barometre.questionnaire.scoring import ItemState, theme_scores
from barometre.questionnaire.xlsform import compile_xlsform, export_xlsform
from tests.questionnaire.conftest import compile_form, compiled, error_codes

THEMES = """
maturity:
  themes:
    - {id: cyber, label: Cybersécurité, description: Ce qui protège la collectivité.}
"""

FORM = """
- id: sauvegardes
  type: single_choice
  label: Sauvegardes hors ligne
  options:
    - {value: quotidienne, label: Chaque jour}
    - {value: rare, label: Rarement}
    - {value: sans_objet, label: Aucune donnée à sauvegarder}
    - {value: nsp, label: Ne sait pas}
  score:
    theme: cyber
    weight: 2
    values: {quotidienne: 3, rare: 0.5}
    dont_know: [nsp]
    not_concerned: [sans_objet]
    rationale: La première défense contre un rançongiciel.
- id: antivirus
  type: yes_no
  label: Antivirus partout
  score: {theme: cyber, values: {oui: 3, non: 0}, dont_know: [nsp]}
- id: actions
  type: multiple_choice
  label: Actions menées
  options:
    - {value: kit, label: Kit}
    - {value: exercice, label: Exercice}
    - {value: formation, label: Formation}
    - {value: aucune, label: Aucune, exclusive: true}
  score: {theme: cyber, values: {kit: 1, exercice: 1.5, formation: 2, aucune: 0}}
"""


def scored(answers: dict[str, object]) -> tuple[float | None, str]:
    score = theme_scores(compiled(FORM, THEMES), answers)["cyber"]
    return score.value, score.level.name if score.level else score.reason


def test_weighted_values_make_a_score_out_of_100() -> None:
    # (2 × 3 + 1 × 0 + 1 × 1) / (4 × 3) = 7 / 12
    answers = {"sauvegardes": "quotidienne", "antivirus": "non", "actions": ("kit",)}
    assert scored(answers) == (58.3, "Structuration")


def test_dont_know_earns_nothing_but_stays_in_the_potential() -> None:
    # (2 × 0 + 1 × 3) / (2 × 3 + 1 × 3)
    assert scored({"sauvegardes": "nsp", "antivirus": "oui"}) == (33.3, "Premiers pas")


def test_not_concerned_leaves_the_potential() -> None:
    assert scored({"sauvegardes": "sans_objet", "antivirus": "oui"}) == (100.0, "Exemplarité")


def test_a_multiple_choice_adds_the_values_ticked_up_to_3() -> None:
    answers = {"actions": ("kit", "exercice", "formation")}  # 4.5, capped at 3
    assert scored(answers) == (100.0, "Exemplarité")


def test_not_concerned_everywhere_gives_no_score_and_says_why() -> None:
    value, reason = scored({"sauvegardes": "sans_objet"})
    assert value is None
    assert reason == "La collectivité s'est dite « non concernée » par chaque question notée."


def test_nothing_answered_gives_no_score() -> None:
    assert scored({}) == (None, "Aucune question notée de ce thème n'a reçu de réponse.")


def test_items_say_how_they_were_answered() -> None:
    score = theme_scores(compiled(FORM, THEMES), {"sauvegardes": "nsp"})["cyber"]
    states = {item.question: item.state for item in score.items}
    assert states == {
        "sauvegardes": ItemState.DONT_KNOW,
        "antivirus": ItemState.NOT_ASKED,
        "actions": ItemState.NOT_ASKED,
    }


def test_a_question_skipped_by_relevance_counts_on_neither_side() -> None:
    form = compiled(
        """
        - id: site
          type: yes_no
          label: Site
          score: {theme: cyber, values: {oui: 3, non: 0}, dont_know: [nsp]}
        - id: maj
          type: yes_no
          label: Mis à jour
          relevance: "${site} = 'oui'"
          score: {theme: cyber, values: {oui: 3, non: 0}, dont_know: [nsp]}
        """,
        THEMES,
    )
    assert theme_scores(form, {"site": "non", "maj": "oui"})["cyber"].value == 0.0


@pytest.mark.parametrize(
    ("score", "lower"),
    [(0.0, 0), (19.9, 0), (20.0, 20), (39.9, 20), (40.0, 40), (60.0, 60), (80.0, 80), (100, 80)],
)
def test_levels_start_at_their_fixed_anchor(score: float, lower: float) -> None:
    assert level_of(score).lower == lower


def test_five_named_levels() -> None:
    assert [level.name for level in LEVELS] == [
        "Découverte", "Premiers pas", "Structuration", "Maîtrise", "Exemplarité"
    ]  # fmt: skip


YES_NO = "- {id: q, type: yes_no, label: Q, score: {theme: cyber, %s}}"


@pytest.mark.parametrize(
    ("score", "code"),
    [
        ("values: {oui: 3.2, non: 0}, dont_know: [nsp]", "score_off_scale"),
        ("values: {oui: 1.25, non: 0}, dont_know: [nsp]", "score_off_scale"),
        ("values: {oui: -1, non: 0}, dont_know: [nsp]", "score_off_scale"),
        ("values: {oui: 3, non: 0, peut_etre: 1}, dont_know: [nsp]", "unknown_option"),
        ("values: {oui: 3, non: 0}", "score_unclassified"),
        ("values: {oui: 3, non: 0, nsp: 0}, dont_know: [nsp]", "score_option_twice"),
        ("values: {oui: 3, non: 0}, dont_know: [nsp], weight: 0", "score_weight"),
        ("values: {oui: 3, non: '3'}, dont_know: [nsp]", "schema"),
    ],
)
def test_a_bad_item_is_a_coded_error(score: str, code: str) -> None:
    assert error_codes(YES_NO % score, THEMES) == [code]


def test_an_off_scale_value_is_told_in_french() -> None:
    result = compile_form(YES_NO % "values: {oui: 3.2, non: 0}, dont_know: [nsp]", THEMES)
    assert "la valeur 3,2 de « oui » n'est pas sur l'échelle de 0 à 3" in result.errors[0].message


def test_an_item_in_an_undeclared_theme_is_an_error_naming_the_themes() -> None:
    result = compile_form(
        "- {id: q, type: yes_no, label: Q, score: {theme: cybr, values: {oui: 3, non: 0}, "
        "dont_know: [nsp]}}",
        THEMES,
    )
    assert [e.code for e in result.errors] == ["score_unknown_theme"]
    assert "« cybr » non déclaré" in result.errors[0].message
    assert "thèmes déclarés : cyber" in result.errors[0].message


def test_a_text_question_cannot_be_scored() -> None:
    codes = error_codes(
        "- {id: t, type: text, label: T, score: {theme: cyber, values: {}}}", THEMES
    )
    assert codes == ["type_mismatch"]


def test_an_item_that_can_never_be_full_is_a_warning() -> None:
    result = compile_form(YES_NO % "values: {oui: 2, non: 0}, dont_know: [nsp]", THEMES)
    assert result.ok
    assert [w.code for w in result.warnings if w.code.startswith("score")] == ["score_ceiling"]


def test_changing_a_value_is_a_new_version_and_a_new_model() -> None:
    before = compiled(FORM, THEMES)
    after = compiled(FORM.replace("rare: 0.5", "rare: 1"), THEMES)
    assert before.version_hash != after.version_hash
    assert model_fingerprint(before) != model_fingerprint(after)


def test_rewording_a_rationale_keeps_the_model_comparable() -> None:
    before = compiled(FORM, THEMES)
    after = compiled(FORM.replace("La première défense", "Le premier rempart"), THEMES)
    assert before.version_hash != after.version_hash
    assert model_fingerprint(before) == model_fingerprint(after)


def test_a_questionnaire_without_items_has_no_model() -> None:
    assert model_fingerprint(compiled("- {id: q, type: yes_no, label: Q}")) is None


def test_the_model_survives_the_authoring_form_and_xlsform(tmp_path: Path) -> None:
    form = compiled(FORM, THEMES)
    again = compile_yaml(__import__("yaml").safe_dump(to_source(form), allow_unicode=True))
    assert again.questionnaire is not None
    assert again.questionnaire.version_hash == form.version_hash
    export_xlsform(form, tmp_path / "form.xlsx")
    imported = compile_xlsform(tmp_path / "form.xlsx")
    assert imported.questionnaire is not None, imported.errors
    assert imported.questionnaire.version_hash == form.version_hash


def test_every_library_questionnaire_declares_a_reasoned_model() -> None:
    for questionnaire in load_library().values():
        assert len(questionnaire.maturity_themes) == 1, questionnaire.id
        items = questionnaire.scored_questions
        assert len(items) >= 6, questionnaire.id
        assert all(q.scoring and q.scoring.rationale for q in items), questionnaire.id
        assert model_fingerprint(questionnaire)


def test_the_library_uses_not_concerned_where_a_question_may_not_apply() -> None:
    library = load_library()
    comedec = library["demarches_dematerialisation"].questions["dem_comedec"]
    schools = library["infrastructures_numeriques"].questions["inf_ecoles_equipees"]
    assert comedec.scoring
    assert comedec.scoring.not_concerned == ("sans_etat_civil",)
    assert schools.scoring
    assert schools.scoring.not_concerned == ("sans_ecole",)
