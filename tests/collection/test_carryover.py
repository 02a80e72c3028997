"""Answers carried over from the previous edition: one explicit confirmation per section,
provenance stored with each answer, skip logic and validation honoured."""

from __future__ import annotations

import pytest

from barometre.audit.models import AuditEvent
from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Wave, WaveQuestionnaire, WaveStatus
from barometre.collection import flows
from barometre.collection.carryover import previous_edition
from barometre.collection.errors import CollectionError, ConflictError
from barometre.collection.models import Answer, Respondent, Response
from tests.support.collection_fixtures import (
    PREVIOUS_VALUES,
    SOURCE_WITH_FAX,
    previous_wave_with,
)

pytestmark = pytest.mark.django_db


def provenances(response: Response) -> dict[str, str]:
    return dict(Answer.objects.filter(response=response).values_list("question_id", "provenance"))


def test_confirming_a_section_copies_its_previous_answers_only(
    open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    result = flows.confirm_carried(response, "site", agent, key="c1", base_revision=0)
    assert result.revision == 1
    assert flows.current_values(response) == {"a_site": "oui", "pages": 40}
    assert provenances(response) == {"a_site": "reprise", "pages": "reprise"}
    source = Response.objects.get(wave=previous_wave)
    assert {a.carried_from_id for a in Answer.objects.filter(response=response)} == {source.pk}
    assert {a.answered_by for a in Answer.objects.filter(response=response)} == {agent}
    event = AuditEvent.objects.get(action="answers.carried_over")
    assert event.detail["questions"] == ["a_site", "pages"]
    # the confirmation covers no screen: the respondent still has to check the page
    assert flows.saved_pages(response) == set()


def test_saving_without_confirming_carries_nothing(
    open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(response, "site", {"a_site": None}, agent, key="s1", base_revision=0)
    flows.save_page(response, "outils", {"outils": None, "commentaire": None}, agent,
                    key="s2", base_revision=0)  # fmt: skip
    assert flows.current_values(response) == {}
    flows.save_page(response, "site", {"a_site": "oui"}, agent, key="s3", base_revision=1)
    assert provenances(response) == {"a_site": "saisie"}


def test_changing_a_confirmed_answer_is_stored_as_changed(
    open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.confirm_carried(response, "site", agent, key="c1", base_revision=0)
    flows.save_page(
        response, "site", {"a_site": "oui", "pages": "55"}, agent, key="s1", base_revision=1
    )
    assert flows.current_values(response) == {"a_site": "oui", "pages": 55}
    assert provenances(response) == {"a_site": "reprise", "pages": "modifiee"}
    flows.save_page(
        response, "site", {"a_site": "oui", "pages": "40"}, agent, key="s2", base_revision=2
    )
    assert provenances(response)["pages"] == "reprise"  # back to what was carried


def test_a_confirmation_never_overwrites_an_answer_of_this_edition(
    open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(response, "outils", {"commentaire": "Nouveau"}, agent, key="s", base_revision=0)
    flows.confirm_carried(response, "outils", agent, key="c", base_revision=1)
    assert flows.current_values(response) == {
        "commentaire": "Nouveau",
        "outils": ["messagerie", "agenda"],
    }
    assert provenances(response) == {"commentaire": "saisie", "outils": "reprise"}


def test_a_carried_answer_to_a_question_now_hidden_is_not_applied(
    open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(response, "site", {"a_site": "non"}, agent, key="s", base_revision=0)
    with pytest.raises(CollectionError, match="aucune réponse de l'édition 2025"):
        flows.confirm_carried(response, "site", agent, key="c", base_revision=1)
    assert flows.current_values(response) == {"a_site": "non"}


def test_a_colleague_with_the_page_open_gets_a_conflict_after_a_confirmation(
    open_wave: Wave, previous_wave: Wave, agent: Respondent, elu: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.confirm_carried(response, "site", agent, key="c", base_revision=0)
    with pytest.raises(ConflictError):
        flows.save_page(response, "site", {"a_site": None}, elu, key="e", base_revision=0)
    assert flows.current_values(response)["a_site"] == "oui"


def test_no_previous_edition_offers_nothing_and_says_so(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    assert previous_edition(response) is None
    with pytest.raises(CollectionError, match="aucune réponse à reprendre"):
        flows.confirm_carried(response, "site", agent, key="c", base_revision=0)
    assert not Answer.objects.exists()


def test_a_previous_wave_still_collecting_is_not_read(open_wave: Wave, agent: Respondent) -> None:
    previous = previous_wave_with(_source(open_wave), PREVIOUS_VALUES)
    Wave.objects.filter(pk=previous.pk).update(status=WaveStatus.OPEN)
    response = flows.open_response(open_wave, "essai", agent)
    assert previous_edition(response) is None


def _source(wave: Wave) -> str:
    return WaveQuestionnaire.objects.get(wave=wave).version.source


def test_choices_changed_without_a_recode_map_are_not_carried_with_the_reason(
    open_wave: Wave, agent: Respondent
) -> None:
    previous_wave_with(SOURCE_WITH_FAX, {**PREVIOUS_VALUES, "outils": ["messagerie", "fax"]})
    response = flows.open_response(open_wave, "essai", agent)
    previous = previous_edition(response)
    assert previous is not None
    outils = previous.carried["outils"]
    assert not outils.carried
    assert "« fax » n'existe plus" in outils.reason
    assert "aucune table de recodage" in outils.reason
    flows.confirm_carried(response, "outils", agent, key="c", base_revision=0)
    assert flows.current_values(response) == {"commentaire": "Site refait en 2024"}


def test_the_confirmed_recode_map_carries_a_removed_choice(
    open_wave: Wave, agent: Respondent
) -> None:
    previous = previous_wave_with(
        SOURCE_WITH_FAX, {**PREVIOUS_VALUES, "outils": ["messagerie", "fax"]}
    )
    old = WaveQuestionnaire.objects.get(wave=previous).version
    new = WaveQuestionnaire.objects.get(wave=open_wave).version
    codes = {"messagerie": "messagerie", "agenda": "agenda", "aucun": "aucun", "fax": "agenda"}
    campaign_flows.confirm_recode(old, new, {"outils": codes})
    response = flows.open_response(open_wave, "essai", agent)
    found = previous_edition(response)
    assert found is not None
    assert found.carried["outils"].value == ("messagerie", "agenda")
    assert found.carried["outils"].recoded
    flows.confirm_carried(response, "outils", agent, key="c", base_revision=0)
    assert flows.current_values(response)["outils"] == ["messagerie", "agenda"]
