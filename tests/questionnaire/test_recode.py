"""Recode maps: checked with coded French errors, then applied to previous answers."""

from __future__ import annotations

from barometre.questionnaire.recode import (
    RECODE_INCOMPATIBLE_TYPES,
    RECODE_OTHER_QUESTIONNAIRE,
    RECODE_SEVERAL_CHOICES,
    RECODE_UNKNOWN_CHOICE,
    RECODE_UNKNOWN_QUESTION,
    RECODE_UNMAPPED_CHOICE,
    check_recode,
    normalised,
    recode_answers,
)
from tests.questionnaire.conftest import compiled
from tests.questionnaire.editions import both
from tests.questionnaire.test_diff import RGAA_MERGED


def codes(mapping: dict[str, dict[str, tuple[str, ...]]]) -> list[str]:
    previous, current = both()
    return [issue.code for issue in check_recode(previous, current, mapping)]


def test_a_complete_map_is_accepted() -> None:
    assert codes(RGAA_MERGED) == []


def test_a_choice_left_unmapped_is_refused_with_its_name() -> None:
    partial = {"com_rgaa": {"audit_realise": ("demarche",), "rien": ("rien",), "nsp": ("nsp",)}}
    previous, current = both()
    (issue,) = check_recode(previous, current, partial)
    assert issue.code == RECODE_UNMAPPED_CHOICE
    assert issue.subject == "com_rgaa"
    assert "« en_cours »" in issue.message
    assert "n'est rapporté à aucun choix de la nouvelle" in issue.message


def test_unknown_choices_and_questions_are_refused() -> None:
    wrong_target = {"com_rgaa": {**RGAA_MERGED["com_rgaa"], "rien": ("aucune",)}}
    wrong_source = {"com_rgaa": {**RGAA_MERGED["com_rgaa"], "jamais": ("rien",)}}
    assert codes(wrong_target) == [RECODE_UNKNOWN_CHOICE]
    assert codes(wrong_source) == [RECODE_UNKNOWN_CHOICE]
    assert codes({"com_inconnue": {"oui": ("oui",)}}) == [RECODE_UNKNOWN_QUESTION]
    assert codes({"com_agent_conversationnel": {"oui": ("oui",)}}) == [RECODE_UNKNOWN_QUESTION]


def test_a_map_across_incompatible_types_is_refused() -> None:
    across = {"com_retransmission_conseils": {"oui": ("1",), "non": ("0",), "nsp": ("0",)}}
    previous, current = both()
    (issue,) = check_recode(previous, current, across)
    assert issue.code == RECODE_INCOMPATIBLE_TYPES
    assert "« yes_no » ne se recode pas en « integer »" in issue.message


def test_several_targets_only_for_a_multiple_choice() -> None:
    several = {"com_rgaa": {**RGAA_MERGED["com_rgaa"], "en_cours": ("demarche", "rien")}}
    assert codes(several) == [RECODE_SEVERAL_CHOICES]


def test_two_questionnaires_are_never_recoded_into_each_other() -> None:
    previous, _ = both()
    other = compiled("- {id: site, type: yes_no, label: 'Un site ?'}")
    (issue,) = check_recode(previous, other, {})
    assert issue.code == RECODE_OTHER_QUESTIONNAIRE


def test_answers_are_recoded_and_the_others_kept() -> None:
    _, current = both()
    answers = {"com_rgaa": "en_cours", "com_site_internet": "oui"}
    assert recode_answers(answers, current, RGAA_MERGED) == {
        "com_rgaa": "demarche",
        "com_site_internet": "oui",
    }


SPLIT = """
- id: canaux
  type: {kind}
  label: Canaux
  options:
    - {{value: site_et_reseaux, label: Site et réseaux sociaux}}
    - {{value: site, label: Site}}
    - {{value: reseaux, label: Réseaux sociaux}}
"""


def test_a_single_choice_becomes_several_in_a_multiple_choice() -> None:
    previous = compiled(SPLIT.format(kind="single_choice"))
    current = compiled(
        SPLIT.format(kind="multiple_choice").replace(
            "    - {value: site_et_reseaux, label: Site et réseaux sociaux}\n", ""
        )
    )
    mapping = normalised(
        {"canaux": {"site_et_reseaux": ["reseaux", "site"], "site": "site", "reseaux": ["reseaux"]}}
    )
    assert check_recode(previous, current, mapping) == ()
    assert recode_answers({"canaux": "site_et_reseaux"}, current, mapping) == {
        "canaux": ("site", "reseaux")  # in the new question's order
    }
