"""The diff of two versions of a questionnaire: each change classified by what it does to series."""

from __future__ import annotations

from pathlib import Path

import pytest

from barometre.questionnaire import compile_yaml, to_source
from barometre.questionnaire.diff import Consequence, Kind, diff
from barometre.questionnaire.library import load_library
from barometre.questionnaire.xlsform import compile_xlsform, export_xlsform
from tests.questionnaire.conftest import compiled
from tests.questionnaire.editions import both

RGAA_MERGED = {
    "com_rgaa": {
        "audit_realise": ("demarche",),
        "en_cours": ("demarche",),
        "rien": ("rien",),
        "nsp": ("nsp",),
    }
}


def kinds(question: str) -> dict[str, str]:
    previous, current = both()
    found = diff(previous, current).question(question)
    assert found is not None
    return {c.kind.value: c.consequence.label for c in found.changes}


def test_the_nine_library_questionnaires_have_nothing_to_compare_against_themselves() -> None:
    for questionnaire in load_library().values():
        found = diff(questionnaire, questionnaire)
        assert found.identical
        assert found.changes == ()
        assert {i.standing()[0] for i in found.indicators} == {Consequence.COMPARABLE}


def test_a_version_stored_from_the_library_reads_as_the_library_version() -> None:
    """Versions are stored re-serialised (campaigns.flows.register_compiled): no false change."""
    import yaml  # noqa: PLC0415 - this test only

    for questionnaire in load_library().values():
        text = yaml.safe_dump(to_source(questionnaire), allow_unicode=True, sort_keys=False)
        stored = compile_yaml(text).questionnaire
        assert stored is not None
        assert diff(questionnaire, stored).changes == ()


def test_the_profile_block_shared_by_the_nine_is_the_same_in_every_one() -> None:
    library = list(load_library().values())
    profile = ("collectivite_confirmee", "role", "fonction_agent", "fonction_elu")
    for other in library[1:]:
        found = diff(library[0], other)
        for question in profile:
            shared = found.question(question)
            assert shared is not None
            assert shared.changes == (), (other.id, question)


def test_an_xlsform_round_trip_changes_nothing(tmp_path: Path) -> None:
    questionnaire = load_library()["cybersecurite"]
    path = tmp_path / "cybersecurite.xlsx"
    export_xlsform(questionnaire, path)
    again = compile_xlsform(path).questionnaire
    assert again is not None
    assert diff(questionnaire, again).changes == ()


def test_rewording_is_comparable() -> None:
    assert kinds("com_site_internet") == {"libelle": "comparable"}


def test_a_choice_added_is_comparable_and_said_so() -> None:
    assert kinds("com_reseaux_lesquels") == {"choix_ajoute": "comparable"}


def test_two_choices_merged_need_a_recode_map_and_break_the_score_series() -> None:
    assert kinds("com_rgaa") == {
        "choix_retire": "comparable après recodage",
        "choix_ajoute": "comparable",
        "score_modifie": "rupture de série",
    }
    previous, current = both()
    rgaa = diff(previous, current).question("com_rgaa")
    assert rgaa is not None
    assert rgaa.consequence is Consequence.RECODE
    assert rgaa.removed_choices == ("audit_realise", "en_cours")
    assert rgaa.suggested == (
        ("audit_realise", ()), ("en_cours", ()), ("rien", ("rien",)), ("nsp", ("nsp",)),
    )  # fmt: skip


def test_a_yes_no_become_a_count_is_a_series_break() -> None:
    assert kinds("com_retransmission_conseils")["type_modifie"] == "rupture de série"


def test_questions_added_removed_and_a_new_condition_break_their_series() -> None:
    assert kinds("com_agent_conversationnel") == {"question_ajoutee": "rupture de série"}
    assert kinds("com_lettre_information") == {"question_retiree": "rupture de série"}
    assert kinds("com_application_mobile") == {"condition_modifiee": "rupture de série"}


def standing(indicator: str, recoded: object = None) -> tuple[str, tuple[str, ...]]:
    previous, current = both()
    found = diff(previous, current).indicator(indicator)
    assert found is not None
    consequence, reasons = found.standing(recoded)  # type: ignore[arg-type]
    return consequence.label, reasons


def test_indicators_say_what_the_changes_do_to_their_series() -> None:
    assert standing("communication.site_internet") == ("comparable", ())
    label, reasons = standing("communication.retransmission_conseils")
    assert label == "rupture de série"
    assert "« yes_no » devenu « integer »" in reasons[0]
    assert standing("communication.rgaa.audit_realise") == (
        "rupture de série", ("Indicateur retiré de la nouvelle version.",),
    )  # fmt: skip


def test_a_merged_choice_is_comparable_once_the_recode_map_is_confirmed() -> None:
    label, reasons = standing("communication.rgaa.demarche")
    assert label == "rupture de série"
    assert reasons == ("Table de recodage non confirmée pour « com_rgaa ».",)
    label, reasons = standing("communication.rgaa.demarche", RGAA_MERGED)
    assert label == "comparable après recodage"
    assert "recodées par la table confirmée : « com_rgaa »" in reasons[-1]
    assert standing("communication.rgaa.rien", RGAA_MERGED)[0] == "comparable après recodage"


def test_a_new_choice_that_no_previous_choice_feeds_stays_a_break() -> None:
    identity_only = {"com_rgaa": {**RGAA_MERGED["com_rgaa"], "audit_realise": ("rien",),
                                  "en_cours": ("rien",)}}  # fmt: skip
    label, reasons = standing("communication.rgaa.demarche", identity_only)
    assert label == "rupture de série"
    assert "aucun choix antérieur n'est rapporté au choix nouveau « demarche »" in reasons[0]


ONE = """
- {id: site, type: yes_no, label: 'Un site ?'}
- id: pages
  type: integer
  label: "Combien de pages ?"
  min: 0
  max: 100
  relevance: "${site} = 'oui'"
- id: gestion
  type: single_choice
  label: "Qui gère le site ?"
  options:
    - {value: interne, label: La collectivité}
    - {value: prestataire, label: Un prestataire}
"""


@pytest.mark.parametrize(
    ("before", "after", "kind", "consequence"),
    [
        ("max: 100", "max: 500", Kind.SCALE_CHANGED, Consequence.COMPARABLE),
        ("max: 100", "max: 50", Kind.SCALE_CHANGED, Consequence.BREAK),
        ("type: integer", "type: decimal", Kind.TYPE_CHANGED, Consequence.COMPARABLE),
        ("type: integer", "type: percentage", Kind.TYPE_CHANGED, Consequence.BREAK),
        ("  type: single_choice", "  type: multiple_choice", Kind.TYPE_CHANGED,
         Consequence.RECODE),
        ("{value: prestataire, label: Un prestataire}",
         "{value: externe, label: Un prestataire}", Kind.CHOICE_REMOVED, Consequence.RECODE),
        ("{id: site, type: yes_no, label: 'Un site ?'}",
         "{id: site, type: yes_no, label: 'Un site ?', required: true}", Kind.OTHER,
         Consequence.COMPARABLE),
    ],
)  # fmt: skip
def test_each_kind_of_change_has_its_consequence(
    before: str, after: str, kind: Kind, consequence: Consequence
) -> None:
    previous = compiled(ONE)
    current = compiled(ONE.replace(before, after, 1))
    changes = diff(previous, current).changes
    assert (kind, consequence) in {(c.kind, c.consequence) for c in changes}, changes


def test_a_renamed_choice_is_suggested_by_its_label() -> None:
    previous = compiled(ONE)
    current = compiled(ONE.replace("{value: prestataire,", "{value: externe,"))
    gestion = diff(previous, current).question("gestion")
    assert gestion is not None
    assert gestion.suggested == (("interne", ("interne",)), ("prestataire", ("externe",)))


def test_the_diff_is_plain_data() -> None:
    import json  # noqa: PLC0415 - this test only

    previous, current = both()
    data = diff(previous, current).to_data(RGAA_MERGED)
    assert json.loads(json.dumps(data)) == data
    rgaa = next(q for q in data["questions"] if q["question"] == "com_rgaa")
    assert rgaa["consequence_libelle"] == "comparable après recodage"
