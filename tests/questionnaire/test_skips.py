"""The one skip-logic rule of the model: questions, sections, screens."""

from __future__ import annotations

import pytest

from barometre.questionnaire import Questionnaire, compile_yaml
from barometre.questionnaire.library import load_library

SOURCE = """
id: sauts
version: "1"
title: Sauts
sections:
  - id: profil
    title: Vous
    questions:
      - id: role
        type: single_choice
        label: Rôle
        options: [{value: agent, label: Agent}, {value: elu, label: Élu}]
      - {id: fonction_agent, type: text, label: Fonction, relevance: "${role} = 'agent'"}
      - {id: mandat, type: text, label: Mandat, relevance: "${role} = 'elu'"}
      - {id: commentaire, type: text, label: Commentaire}
      - {id: detail, type: text, label: Détail, relevance: "${commentaire} != ''"}
  - id: site
    title: Site
    relevance: "${role} = 'agent'"
    questions:
      - {id: a_site, type: yes_no, label: 'Un site ?'}
  - id: pages
    title: Pages
    questions:
      - {id: nb, type: integer, label: 'Combien ?', relevance: "${a_site} = 'oui'"}
"""


@pytest.fixture
def questionnaire() -> Questionnaire:
    result = compile_yaml(SOURCE, "sauts.yaml")
    assert result.ok, result.errors
    assert result.questionnaire is not None
    return result.questionnaire


def test_a_question_is_shown_when_its_relevance_holds(questionnaire: Questionnaire) -> None:
    mandat = questionnaire.questions["mandat"]
    assert (mandat.shown({"role": "elu"}), mandat.shown({"role": "agent"}), mandat.shown({})) == (
        True,
        False,
        False,
    )
    assert questionnaire.questions["role"].shown({})


def test_a_section_is_shown_when_its_relevance_holds(questionnaire: Questionnaire) -> None:
    ids = [s.id for s in questionnaire.visible_sections({"role": "elu"})]
    assert ids == ["profil", "pages"]
    assert questionnaire.section("site").shown({"role": "agent"})


def test_an_answer_set_aside_never_makes_a_later_question_apply(
    questionnaire: Questionnaire,
) -> None:
    skips = questionnaire.skips({"role": "elu", "a_site": "oui", "nb": 3})
    assert dict(skips.set_aside) == {"a_site": "oui", "nb": 3}
    assert "nb" not in skips.asked
    assert dict(skips.kept) == {"role": "elu"}


def test_a_section_is_cut_before_each_question_that_reads_an_answer_above_it(
    questionnaire: Questionnaire,
) -> None:
    pages = questionnaire.pages(questionnaire.section("profil"))
    assert [(p.id, p.question_ids) for p in pages] == [
        ("profil", ("role",)),
        ("profil-2", ("fonction_agent", "mandat", "commentaire")),
        ("profil-3", ("detail",)),
    ]
    assert questionnaire.page("profil-3") == pages[2]
    assert questionnaire.page("profil-4") is None
    assert questionnaire.page("ailleurs") is None


def test_visible_pages_leave_out_screens_with_nothing_to_ask(questionnaire: Questionnaire) -> None:
    ids = [p.id for p in questionnaire.visible_pages({"role": "elu"})]
    assert ids == ["profil", "profil-2"]
    ids = [p.id for p in questionnaire.visible_pages({"role": "agent", "a_site": "oui"})]
    assert ids == ["profil", "profil-2", "site", "pages"]


def test_the_library_profile_asks_the_function_on_the_screen_after_the_role() -> None:
    questionnaire = load_library()["strategie_numerique"]
    pages = questionnaire.pages(questionnaire.section("profil"))
    first, second = pages[0].question_ids, pages[1].question_ids
    assert "role" in first
    assert {"fonction_agent", "fonction_elu"} <= set(second)
    shown = [p.id for p in questionnaire.visible_pages({"role": "elu"})]
    assert shown[:2] == ["profil", "profil-2"]
    asked = questionnaire.skips({"role": "elu"}).asked
    assert ("fonction_elu" in asked, "fonction_agent" in asked) == (True, False)


def test_each_question_belongs_to_one_screen(questionnaire: Questionnaire) -> None:
    assert questionnaire.page_of("mandat").id == "profil-2"
    assert questionnaire.page_of("role").id == "profil"
    assert questionnaire.page_of("nb").id == "pages"
