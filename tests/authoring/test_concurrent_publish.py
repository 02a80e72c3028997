"""Two operators publish the same draft at the same instant: one version, one clear refusal."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection

from barometre.audit.models import AuditEvent
from barometre.authoring import flows
from barometre.authoring.models import DraftStatus, QuestionnaireDraft
from barometre.campaigns.models import QuestionnaireVersion
from tests.authoring.files import yaml_bytes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def publish_at_once(draft: QuestionnaireDraft, people: list[User]) -> list[object]:
    start = threading.Barrier(len(people))
    outcomes: list[object] = [None] * len(people)

    def publish(index: int) -> None:
        try:
            start.wait(timeout=30)
            outcomes[index] = flows.publish(draft, people[index], draft.revision)
        except flows.DraftError as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_operators_publishing_at_once_make_one_version_and_one_refusal() -> None:
    people = [User.objects.create_user(f"operateur{i}@equipe.fr") for i in range(2)]
    draft = flows.create_draft("bon.yaml", yaml_bytes("bon.yaml"), people[0])
    outcomes = publish_at_once(draft, people)
    won = [o for o in outcomes if isinstance(o, flows.Published)]
    lost = [o for o in outcomes if isinstance(o, flows.DraftError)]
    assert len(won) == 1
    assert len(lost) == 1
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED
    winner = draft.published_by
    assert winner is not None
    assert f"par {winner.get_username()}" in str(lost[0])
    assert "n'a pas été publié une seconde fois" in str(lost[0])
    assert QuestionnaireVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="questionnaire_draft.published").count() == 1
