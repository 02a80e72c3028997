"""Recommendations declared with the maturity model: compile errors, when they apply, versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from barometre.questionnaire import compile_yaml, to_source
from barometre.questionnaire.advice import advice
from barometre.questionnaire.library import load_library
from barometre.questionnaire.maturity import model_fingerprint
from barometre.questionnaire.scoring import theme_scores
from barometre.questionnaire.xlsform import compile_xlsform, export_xlsform
from tests.questionnaire.conftest import compile_form, compiled
from tests.questionnaire.test_maturity import FORM

ANSSI = "https://cyber.gouv.fr/publications/guide-dhygiene-informatique"
LINK = f"{{label: Guide d'hygiène informatique (ANSSI), url: '{ANSSI}'}}"


def with_recommendations(*items: str) -> str:
    """``maturity:`` with the cyber theme and these recommendations (YAML list items)."""
    body = "".join(f"    - {item}\n" for item in items)
    return (
        "maturity:\n  themes:\n    - {id: cyber, label: Cybersécurité}\n"
        f"  recommendations:\n{body}"
    )


def recommendation(when: str, rid: str = "sauvegarder", priority: object = 1) -> str:
    return (
        f"{{id: {rid}, priority: {priority}, when: {when}, title: Sauvegarder hors ligne, "
        f"why: Un rançongiciel chiffre ce qui est branché., how: Un disque débranché., "
        f"links: [{LINK}]}}"
    )


def codes(*items: str) -> list[str]:
    return [issue.code for issue in compile_form(FORM, with_recommendations(*items)).errors]


def messages(*items: str) -> list[str]:
    return [issue.message for issue in compile_form(FORM, with_recommendations(*items)).errors]


COVERING = (
    recommendation("{question: sauvegardes, below: 2}"),
    recommendation("{question: antivirus, choices: [non, nsp]}", "antivirus", 2),
    recommendation("[{question: actions, below: 2}, {theme: cyber, below: 40}]", "former", 3),
)


def test_recommendations_compile_with_their_texts_links_and_triggers() -> None:
    questionnaire = compiled(FORM, with_recommendations(*COVERING))
    first, second, third = questionnaire.recommendations
    assert (first.title.fr, first.priority, first.links[0].url) == (
        "Sauvegarder hors ligne",
        1,
        "https://cyber.gouv.fr/publications/guide-dhygiene-informatique",
    )
    assert second.triggers[0].choices == ("non", "nsp")
    assert [t.theme for t in third.triggers] == [None, "cyber"]


@pytest.mark.parametrize(
    ("when", "priority", "code"),
    [
        ("{question: inconnue, below: 2}", 1, "unknown_question"),
        ("{question: antivirus, choices: [peut_etre]}", 1, "unknown_option"),
        ("{question: sauvegardes, choices: [sans_objet]}", 1, "recommendation_not_weak"),
        ("{question: sauvegardes, choices: [quotidienne]}", 1, "recommendation_not_weak"),
        ("{question: sauvegardes, below: 4}", 1, "recommendation_threshold"),
        ("{theme: cyber, below: 0}", 1, "recommendation_threshold"),
        ("{theme: reseau, below: 40}", 1, "score_unknown_theme"),
        ("{theme: cyber}", 1, "recommendation_trigger"),
        ("{question: sauvegardes}", 1, "recommendation_trigger"),
        ("{question: sauvegardes, theme: cyber, below: 2}", 1, "recommendation_trigger"),
        ("[]", 1, "recommendation_trigger"),
        ("{question: sauvegardes, below: 2}", 4, "recommendation_priority"),
        ("{question: sauvegardes, below: 2}", "haute", "recommendation_priority"),
    ],
)
def test_a_bad_recommendation_is_a_coded_error(when: str, priority: object, code: str) -> None:
    assert codes(recommendation(when, priority=priority), *COVERING[1:]) == [code]


def test_an_unscored_question_cannot_be_weak() -> None:
    extra = "- {id: note_libre, type: yes_no, label: Une question non notée}"
    result = compile_form(
        FORM + extra,
        with_recommendations(
            recommendation("{question: note_libre, choices: [non]}"), *COVERING[1:]
        ),
    )
    assert [issue.code for issue in result.errors] == ["recommendation_not_scored"]
    assert "« note_libre » n'est pas notée" in result.errors[0].message


def test_a_link_must_be_an_https_address() -> None:
    bad = recommendation("{question: sauvegardes, below: 2}").replace(
        "https://cyber.gouv.fr/publications/guide-dhygiene-informatique", "javascript:alert(1)"
    )
    assert messages(bad, *COVERING[1:]) == [
        (
            "recommandation « sauvegarder » : l'adresse « javascript:alert(1) » du lien « Guide "
            "d'hygiène informatique (ANSSI) » doit commencer par https:// suivi d'un nom de "
            "domaine, sans espace"
        )
    ]


def test_missing_texts_and_twice_the_same_id_are_errors() -> None:
    bare = "{id: sauvegarder, priority: 1, when: {question: sauvegardes, below: 2}}"
    assert codes(bare, *COVERING[1:]) == ["schema", "schema", "schema"]
    assert codes(*COVERING, COVERING[0]) == ["duplicate_id"]


def test_a_scored_question_no_recommendation_names_is_a_warning() -> None:
    result = compile_form(FORM, with_recommendations(*COVERING[:2]))
    assert result.ok
    assert [(w.code, w.message) for w in result.warnings if "recommendation" in w.code] == [
        (
            "score_without_recommendation",
            (
                "question « actions » : notée, mais aucune recommandation ne dit quoi faire "
                "d'une réponse faible"
            ),
        )
    ]


def applied(answers: dict[str, object]) -> list[tuple[str, float]]:
    questionnaire = compiled(FORM, with_recommendations(*COVERING))
    found = advice(questionnaire, theme_scores(questionnaire, answers), answers)  # type: ignore[arg-type]
    return [(a.recommendation.id, a.points) for a in found]


def test_a_weak_answer_applies_its_recommendation_with_the_points_it_leaves() -> None:
    # Potential 4 items' weights × 3 = 12; « rare » (0,5 of 3, weight 2) leaves 5 of 12 points.
    assert applied({"sauvegardes": "rare", "antivirus": "oui", "actions": ("formation",)}) == [
        ("sauvegarder", 41.7)
    ]


def test_dont_know_is_weak_and_not_concerned_never_is() -> None:
    assert applied({"sauvegardes": "nsp", "antivirus": "oui", "actions": ("formation",)}) == [
        ("sauvegarder", 50.0)
    ]
    assert (
        applied({"sauvegardes": "sans_objet", "antivirus": "oui", "actions": ("formation",)}) == []
    )


def test_a_theme_below_its_threshold_applies_with_its_distance() -> None:
    found = applied({"sauvegardes": "quotidienne", "antivirus": "non", "actions": ("aucune",)})
    # 6 of 12 points: 50, above 40; « aucune » (0) is below 2 and leaves 3 of 12 points.
    assert found == [("antivirus", 25.0), ("former", 25.0)]
    found = applied({"sauvegardes": "rare", "antivirus": "non", "actions": ("aucune",)})
    assert ("former", 31.7) in found  # its weakest trigger: the theme at 8,3, 31,7 under 40


def test_a_recommendation_change_is_a_new_version_of_the_same_model() -> None:
    source = to_source(compiled(FORM, with_recommendations(*COVERING)))
    reworded = to_source(compiled(FORM, with_recommendations(*COVERING)))
    reworded["maturity"]["recommendations"][0]["how"] = "Un disque débranché chaque vendredi."
    before, after = compile_yaml_dict(source), compile_yaml_dict(reworded)
    assert before.version_hash != after.version_hash
    assert model_fingerprint(before) == model_fingerprint(after)


def compile_yaml_dict(source: dict[str, object]) -> object:
    import yaml  # noqa: PLC0415 - only this helper writes YAML

    result = compile_yaml(yaml.safe_dump(source, allow_unicode=True))
    assert result.questionnaire is not None, result.errors
    return result.questionnaire


def test_recommendations_survive_the_authoring_form_and_xlsform(tmp_path: Path) -> None:
    for questionnaire in load_library().values():
        export_xlsform(questionnaire, tmp_path / "q.xlsx")
        back = compile_xlsform(tmp_path / "q.xlsx").questionnaire
        assert back is not None
        assert back.recommendations == questionnaire.recommendations
        assert back.version_hash == questionnaire.version_hash


def test_every_library_item_has_a_recommendation_with_public_links() -> None:
    for questionnaire in load_library().values():
        named = {t.question for r in questionnaire.recommendations for t in r.triggers}
        assert {q.id for q in questionnaire.scored_questions} <= named, questionnaire.id
        for item in questionnaire.recommendations:
            assert len(item.why.fr) > 60, item.id
            assert len(item.how.fr) > 60, item.id
            assert all(link.url.startswith("https://") for link in item.links)
    cyber = load_library()["cybersecurite"]
    urls = {link.url for r in cyber.recommendations for link in r.links}
    assert "https://monaide.cyber.gouv.fr/" in urls
    assert "https://www.cybermalveillance.gouv.fr/" in urls
