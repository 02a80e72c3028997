"""Saving pages is atomic and idempotent, conflicts are explicit, submission is validated."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from barometre.audit.models import AuditEvent
from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection import flows
from barometre.collection.errors import (
    CollectionError,
    ConflictError,
    NotFoundError,
    WaveClosedError,
)
from barometre.collection.models import Answer, PageSave, Respondent, Response

pytestmark = pytest.mark.django_db


def answer_all(response: Response, who: Respondent) -> None:
    flows.save_page(response, "profil", {"role": "agent"}, who, key="k1", base_revision=0)
    flows.save_page(
        response, "site", {"a_site": "oui", "pages": "12"}, who, key="k2", base_revision=0
    )
    flows.save_page(response, "outils", {"outils": ["messagerie"]}, who, key="k3", base_revision=0)


def test_colleagues_share_one_response(open_wave: Wave, agent: Respondent, elu: Respondent) -> None:
    assert flows.open_response(open_wave, "essai", agent) == flows.open_response(
        open_wave, "essai", elu
    )


def test_the_database_refuses_a_second_response(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            wave=open_wave,
            questionnaire_key="essai",
            version=response.version,
            authority_id=agent.authority_id,
        )


def test_a_saved_page_records_who_answered_in_which_role(
    open_wave: Wave, agent: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    result = flows.save_page(
        response, "site", {"a_site": "oui", "pages": "12"}, agent, key="k", base_revision=0
    )
    assert result.ok
    assert result.revision == 1
    assert flows.current_values(response) == {"a_site": "oui", "pages": 12}
    assert {a.role for a in Answer.objects.all()} == {"agent"}


def test_a_replayed_save_is_stored_once(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    first = flows.save_page(
        response, "site", {"a_site": "non"}, agent, key="same-key", base_revision=0
    )
    again = flows.save_page(
        response, "site", {"a_site": "non"}, agent, key="same-key", base_revision=0
    )
    assert again.replayed
    assert again.revision == first.revision
    assert PageSave.objects.count() == 1


def test_the_same_key_with_other_content_is_a_conflict(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(response, "site", {"a_site": "non"}, agent, key="same-key", base_revision=0)
    with pytest.raises(ConflictError, match="autre contenu"):
        flows.save_page(response, "site", {"a_site": "oui"}, agent, key="same-key", base_revision=0)
    assert flows.current_values(response) == {"a_site": "non"}


def test_two_colleagues_editing_one_page_get_a_conflict_not_an_overwrite(
    open_wave: Wave, agent: Respondent, elu: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(response, "site", {"a_site": "oui"}, agent, key="a", base_revision=0)
    with pytest.raises(ConflictError, match=r"secretariat@saint-etienne\.fr"):
        flows.save_page(response, "site", {"a_site": "non"}, elu, key="b", base_revision=0)
    assert flows.current_values(response) == {"a_site": "oui"}


def test_invalid_values_are_reported_and_not_stored(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    result = flows.save_page(
        response, "site", {"a_site": "oui", "pages": "beaucoup"}, agent, key="k", base_revision=0
    )
    assert [issue.subject for issue in result.errors] == ["pages"]
    assert flows.current_values(response) == {"a_site": "oui"}


def test_missing_required_answers_do_not_block_a_draft(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    result = flows.save_page(response, "site", {"pages": "3"}, agent, key="k", base_revision=0)
    assert [issue.code for issue in result.errors] == ["answer_required"]


def test_answers_made_irrelevant_are_set_aside(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(
        response, "site", {"a_site": "oui", "pages": "12"}, agent, key="a", base_revision=0
    )
    flows.save_page(
        response, "site", {"a_site": "non", "pages": "12"}, agent, key="b", base_revision=1
    )
    assert flows.current_values(response) == {"a_site": "non"}
    assert Answer.objects.get(question_id="pages").set_aside


def test_an_unknown_question_or_page_is_refused(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    with pytest.raises(CollectionError, match="Question inconnue"):
        flows.save_page(response, "site", {"intrus": "1"}, agent, key="k", base_revision=0)
    with pytest.raises(NotFoundError, match="pas de page"):
        flows.save_page(response, "nulle-part", {}, agent, key="k2", base_revision=0)
    assert not PageSave.objects.exists()


def test_another_authority_cannot_touch_the_response(
    open_wave: Wave, agent: Respondent, stranger: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    with pytest.raises(NotFoundError):
        flows.save_page(response, "site", {"a_site": "oui"}, stranger, key="k", base_revision=0)
    with pytest.raises(NotFoundError):
        flows.submit(response, stranger)


def test_submission_lists_what_is_missing(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    errors = flows.submit(response, agent)
    assert {issue.subject for issue in errors} == {"role", "a_site"}
    response.refresh_from_db()
    assert response.status == "in_progress"


def test_a_complete_response_is_submitted_with_a_receipt(
    open_wave: Wave, agent: Respondent, elu: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    answer_all(response, agent)
    assert flows.submit(response, elu) == ()
    response.refresh_from_db()
    assert response.status == "submitted"
    assert response.submitted_by == elu
    assert response.receipt_number.startswith("BN-2026-1-")
    assert AuditEvent.objects.filter(action="response.submitted").count() == 1


def test_editing_after_submission_asks_for_a_new_submission(
    open_wave: Wave, agent: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    answer_all(response, agent)
    flows.submit(response, agent)
    flows.save_page(response, "outils", {"outils": ["aucun"]}, agent, key="k4", base_revision=1)
    response.refresh_from_db()
    assert response.status == "in_progress"
    assert response.submitted_at is not None
    assert flows.submit(response, agent) == ()


def test_a_closed_wave_refuses_saves_and_new_responses(open_wave: Wave, agent: Respondent) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    campaign_flows.transition(open_wave, WaveStatus.CLOSED)
    with pytest.raises(WaveClosedError, match="n'est pas ouverte"):
        flows.save_page(response, "site", {"a_site": "oui"}, agent, key="k", base_revision=0)
    with pytest.raises(WaveClosedError):
        flows.open_response(open_wave, "essai", agent)
