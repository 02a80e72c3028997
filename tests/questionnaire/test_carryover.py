"""What a previous answer becomes in the current version (pure)."""

from __future__ import annotations

from barometre.questionnaire import Questionnaire, compile_yaml
from barometre.questionnaire.carryover import applicable, carry_over, provenance

BEFORE = """
id: q
title: Q
sections:
  - id: s
    title: S
    questions:
      - {id: agents, type: integer, label: Agents, max: 500}
      - id: mode
        type: single_choice
        label: Mode
        options: [{value: a, label: A}, {value: b, label: B}]
      - {id: texte, type: text, label: Texte}
      - {id: site, type: yes_no, label: Site}
      - {id: pages, type: integer, label: Pages, relevance: "${site} = 'oui'"}
"""


def compiled(source: str) -> Questionnaire:
    result = compile_yaml(source)
    assert result.questionnaire is not None, result.errors
    return result.questionnaire


def test_an_unchanged_question_carries_its_answer() -> None:
    q = compiled(BEFORE)
    found = carry_over(q, q, {"agents": 12, "mode": "a", "texte": "x"})
    assert {k: c.value for k, c in found.items()} == {"agents": 12, "mode": "a", "texte": "x"}
    assert all(c.reason == "" for c in found.values())


def test_a_value_no_longer_within_bounds_is_not_carried_with_the_reason() -> None:
    after = compiled(BEFORE.replace("max: 500", "max: 100"))
    carried = carry_over(compiled(BEFORE), after, {"agents": 120})["agents"]
    assert carried.value is None
    assert carried.reason == "elle n'est plus une réponse valable (la valeur doit être au plus 100)"


def test_a_question_whose_type_changed_is_not_carried() -> None:
    after = compiled(BEFORE.replace("{id: texte, type: text", "{id: texte, type: integer"))
    carried = carry_over(compiled(BEFORE), after, {"texte": "x"})["texte"]
    assert not carried.carried
    assert "changé de nature" in carried.reason


def test_a_removed_choice_needs_a_recode_map() -> None:
    after = compiled(BEFORE.replace("{value: b, label: B}", "{value: c, label: C}"))
    before = compiled(BEFORE)
    assert carry_over(before, after, {"mode": "a"})["mode"].value == "a"
    left = carry_over(before, after, {"mode": "b"})["mode"]
    assert left.value is None
    assert "« b » n'existe plus" in left.reason
    mapped = carry_over(before, after, {"mode": "b"}, {"mode": {"a": ("a",), "b": ("c",)}})
    assert mapped["mode"].value == "c"
    assert mapped["mode"].recoded


def test_a_question_gone_from_the_current_version_offers_nothing() -> None:
    after = compiled(BEFORE.replace("      - {id: texte, type: text, label: Texte}\n", ""))
    assert "texte" not in carry_over(compiled(BEFORE), after, {"texte": "x"})


def test_a_confirmation_skips_answered_and_hidden_questions() -> None:
    q = compiled(BEFORE)
    carried = carry_over(q, q, {"agents": 3, "site": "oui", "pages": 9})
    assert applicable(q, "s", {}, carried) == {"agents": 3, "site": "oui", "pages": 9}
    assert applicable(q, "s", {"agents": 4}, carried) == {"site": "oui", "pages": 9}
    assert applicable(q, "s", {"site": "non"}, carried) == {"agents": 3}
    assert applicable(q, "autre", {}, carried) == {}


def test_provenance_says_confirmed_or_changed() -> None:
    assert provenance(("a", "b"), ["b", "a"]) == "reprise"
    assert provenance(3, 4) == "modifiee"


def test_who_answered_last_time_is_never_carried_over() -> None:
    from barometre.questionnaire.library import load_library  # noqa: PLC0415

    q = load_library()["demarches_dematerialisation"]
    previous = {"collectivite_confirmee": "oui", "role": "agent", "fonction_agent": "dgs"}
    assert carry_over(q, q, previous) == {}
