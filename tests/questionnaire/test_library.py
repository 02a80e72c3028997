"""The library: nine questionnaires, three per wave, and every published figure as an indicator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from barometre.questionnaire import QuestionType, Sensitivity, compile_path, errors
from barometre.questionnaire.files import SCHEMA_PATH
from barometre.questionnaire.library import library_paths, load_library, wave_questionnaires
from barometre.questionnaire.reading import QUESTION_KEYS, QUESTIONNAIRE_KEYS

# A copy of ../shared/data/published-figures.json (every figure published about the barometer).
PUBLISHED = Path(__file__).parent / "data" / "published-figures.json"
FIGURES = json.loads(PUBLISHED.read_text(encoding="utf-8"))["figures"]
DOCS = Path(__file__).parent.parent.parent / "docs" / "questionnaires.md"
SHARED_PROFILE = {"profil_note", "collectivite_confirmee", "role", "fonction_agent", "fonction_elu"}


def all_indicators() -> dict[str, object]:
    return {i.id: i for q in load_library().values() for i in q.indicators}


def test_there_are_nine_questionnaires() -> None:
    assert len(load_library()) == 9


@pytest.mark.parametrize("wave", [1, 2, 3])
def test_three_questionnaires_per_wave(wave: int) -> None:
    assert len(wave_questionnaires(wave)) == 3


@pytest.mark.parametrize("path", library_paths(), ids=lambda p: p.stem)
def test_compiles_without_error_or_warning(path: Path) -> None:
    result = compile_path(path)
    assert (result.errors, result.warnings) == ((), ())


@pytest.mark.parametrize("name", sorted(load_library()))
def test_has_10_to_25_questions(name: str) -> None:
    questions = load_library()[name].questions.values()
    assert 10 <= sum(q.type is not QuestionType.NOTE for q in questions) <= 25


@pytest.mark.parametrize("name", sorted(load_library()))
def test_answerable_in_under_10_minutes(name: str) -> None:
    assert load_library()[name].estimated_minutes < 10


@pytest.mark.parametrize("name", sorted(load_library()))
def test_states_that_it_is_a_reconstruction(name: str) -> None:
    notice = load_library()[name].notice
    assert notice is not None
    assert "Reconstruction" in notice.fr
    assert "pas le libellé officiel" in notice.fr


@pytest.mark.parametrize("name", sorted(load_library()))
def test_opens_with_the_respondent_profile(name: str) -> None:
    first = load_library()[name].sections[0]
    assert set(first.question_ids) == SHARED_PROFILE


def test_the_profile_is_the_same_everywhere() -> None:
    profiles = {
        tuple(q.questions[i] for i in q.sections[0].question_ids) for q in load_library().values()
    }
    assert len(profiles) == 1


def test_thematic_question_ids_are_unique_across_the_library() -> None:
    ids = [i for q in load_library().values() for i in q.questions if i not in SHARED_PROFILE]
    assert len(ids) == len(set(ids))


def test_the_published_figures_file_is_present() -> None:
    assert len(FIGURES) == 41


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f["id"])
def test_every_published_figure_is_an_indicator_with_its_base(figure: dict[str, object]) -> None:
    indicator = all_indicators()[str(figure["id"])]
    assert (indicator.published_value, indicator.published_base) == (  # type: ignore[attr-defined]
        figure["value"],
        figure["base"],
    )


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f["id"])
def test_published_figure_sits_in_its_wave(figure: dict[str, object]) -> None:
    owner = next(q for q in load_library().values() for i in q.indicators if i.id == figure["id"])
    assert owner.wave == figure["wave"]


@pytest.mark.parametrize(
    "figure", [f for f in FIGURES if f.get("sensitive")], ids=lambda f: f["id"]
)
def test_sensitive_published_figures_are_secret_indicators(figure: dict[str, object]) -> None:
    assert all_indicators()[str(figure["id"])].sensitivity is Sensitivity.SECRET  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "question",
    [
        "cyb_victime_3ans",
        "cyb_incidents",
        "cyb_plans",
        "cyb_rssi",
        "cyb_sauvegardes",
        "cyb_antivirus",
    ],
)
def test_cyber_weaknesses_are_secret(question: str) -> None:
    assert load_library()["cybersecurite"].questions[question].sensitivity is Sensitivity.SECRET


def test_every_questionnaire_has_a_theme_and_a_wave() -> None:
    assert all(q.theme and q.wave for q in load_library().values())


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_json_schema_lists_the_question_types_of_the_code() -> None:
    types = _schema()["$defs"]["question"]["properties"]["type"]["enum"]
    assert types == [t.value for t in QuestionType]


def test_json_schema_lists_the_keys_the_reader_accepts() -> None:
    schema = _schema()
    assert (set(schema["properties"]), set(schema["$defs"]["question"]["properties"])) == (
        QUESTIONNAIRE_KEYS,
        QUESTION_KEYS,
    )


def _codes() -> list[str]:
    return [
        value
        for name, value in vars(errors).items()
        if name.isupper() and isinstance(value, str) and not name.startswith("_")
    ]


@pytest.mark.parametrize("code", _codes())
def test_every_error_code_is_documented(code: str) -> None:
    assert f"`{code}`" in DOCS.read_text(encoding="utf-8")
