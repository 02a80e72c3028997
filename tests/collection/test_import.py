"""Responses collected elsewhere enter a wave through one flow: all of them or none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from barometre.audit.models import AuditEvent
from barometre.campaigns.models import Wave, WaveQuestionnaire, WaveStatus
from barometre.collection import flows
from barometre.collection.errors import CollectionError, ConflictError, WaveClosedError
from barometre.collection.links import enrol
from barometre.collection.models import Answer, Respondent, Response, ResponseStatus
from barometre.referentiel import Frame

pytestmark = pytest.mark.django_db

SUBMITTED = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)


def link_of(wave: Wave) -> WaveQuestionnaire:
    return WaveQuestionnaire.objects.get(wave=wave, questionnaire_key="essai")


def item(who: Respondent, **values: object) -> flows.ImportedResponse:
    return flows.ImportedResponse(
        authority_id=who.authority_id,
        respondent=who,
        values=values,
        submitted_at=SUBMITTED,
        receipt_number=f"R-{who.authority_id}",
    )


def test_an_import_writes_the_responses_their_answers_and_one_audit_event(
    open_wave: Wave, agent: Respondent, stranger: Respondent
) -> None:
    items = [
        item(agent, role="agent", a_site="oui", pages=12),
        flows.ImportedResponse(stranger.authority_id, stranger, {"role": "agent"}),
    ]

    assert flows.import_responses(link_of(open_wave), items, source="fichier de 2025") == 2

    submitted = Response.objects.get(authority_id=agent.authority_id)
    assert submitted.status == ResponseStatus.SUBMITTED
    assert submitted.submitted_at == SUBMITTED
    assert submitted.receipt_number == f"R-{agent.authority_id}"
    assert {a.question_id: a.value for a in submitted.answers.all()} == {
        "role": "agent",
        "a_site": "oui",
        "pages": 12,
    }
    pending = Response.objects.get(authority_id=stranger.authority_id)
    assert pending.status == ResponseStatus.IN_PROGRESS
    assert pending.receipt_number == ""
    event = AuditEvent.objects.get(action="responses.imported")
    assert event.detail["source"] == "fichier de 2025"
    assert event.detail["count"] == 2


def test_an_unknown_question_writes_nothing(
    open_wave: Wave, agent: Respondent, stranger: Respondent
) -> None:
    items = [item(agent, role="agent"), item(stranger, role="agent", couleur="bleu")]

    with pytest.raises(CollectionError, match="couleur"):
        flows.import_responses(link_of(open_wave), items, source="essai")

    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not AuditEvent.objects.filter(action="responses.imported").exists()


def test_an_authority_twice_in_the_file_writes_nothing(open_wave: Wave, agent: Respondent) -> None:
    items = [item(agent, role="agent"), item(agent, role="elu")]

    with pytest.raises(CollectionError, match="deux fois"):
        flows.import_responses(link_of(open_wave), items, source="essai")

    assert not Response.objects.exists()


def test_an_authority_that_already_answered_makes_the_whole_import_fail(
    open_wave: Wave, agent: Respondent, stranger: Respondent
) -> None:
    flows.open_response(open_wave, "essai", agent)
    items = [item(stranger, role="agent"), item(agent, role="agent")]

    with pytest.raises(ConflictError, match="Rien n'a été importé"):
        flows.import_responses(link_of(open_wave), items, source="essai")

    assert list(Response.objects.values_list("authority_id", flat=True)) == [agent.authority_id]
    assert not Answer.objects.exists()


def test_a_published_wave_takes_no_import(open_wave: Wave, agent: Respondent) -> None:
    Wave.objects.filter(pk=open_wave.pk).update(status=WaveStatus.PUBLISHED)

    with pytest.raises(WaveClosedError, match="publiée"):
        flows.import_responses(link_of(open_wave), [item(agent, role="agent")], source="essai")

    assert not Response.objects.exists()


@pytest.mark.postgres
def test_a_large_import_leaves_the_planner_statistics_true(open_wave: Wave, frame: Frame) -> None:
    """Tables last seen empty (reltuples 0, as after a truncation) would make PostgreSQL walk
    every answer once per response in the next extraction: the import refreshes what it knows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_class SET reltuples = 0, relpages = 100 "
            "WHERE relname IN ('collection_answer', 'collection_response')"
        )
    communes = [unit.id for unit in frame.of_type("commune")[: flows.ANALYZE_AFTER]]
    items = [
        flows.ImportedResponse(c, enrol(c, f"m{n}@import.example", "agent"), {"role": "agent"})
        for n, c in enumerate(communes)
    ]
    flows.import_responses(link_of(open_wave), items, source="essai")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class "
            "WHERE relname IN ('collection_answer', 'collection_response')"
        )
        counted = dict(cursor.fetchall())
    assert counted == {"collection_answer": len(items), "collection_response": len(items)}
