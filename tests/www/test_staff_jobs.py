"""The reminder form hands its sending to the background worker and shows the job's progress.

Transactional: the job is queued when the request's transaction commits, and the worker runs
with its own connection handling, as in production."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from barometre.accounts.models import StaffRole
from barometre.campaigns.models import Wave
from barometre.jobs.models import Job
from barometre.participation.models import ReminderLog
from tests.participation.data import scene
from tests.participation.smtp import Collector, running_smtp
from tests.support.pages import seen
from tests.support.worker import run_worker
from tests.www.test_staff import as_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    settings.REMINDERS_PER_MINUTE = 60_000
    yield from running_smtp(settings)


def test_the_reminder_form_previews_then_the_worker_sends_through_smtp(
    client: Client, open_wave: Wave, smtp: Collector
) -> None:
    scene(open_wave)
    as_staff(client, StaffRole.RELAY, "departement:42")
    url = f"/equipe/vagues/{open_wave.pk}/relances/"
    preview = client.post(url, {"status": "invited", "action": "apercu"})
    assert preview.status_code == 200
    assert "2 personnes de 1 collectivité recevraient une relance" in preview.content.decode()
    assert not smtp.messages
    started = client.post(url, {"status": "invited", "action": "envoyer"})
    job = Job.objects.get()
    assert started.status_code == 302
    assert started["Location"] == f"/equipe/taches/{job.pk}/"
    waiting = seen(client.get(started["Location"]))
    assert "Envoi de 2 relance(s) lancé en arrière-plan" in waiting
    assert "État : en attente" in waiting
    assert "Avancement : 0 sur 2 (0 %)" in waiting
    assert not smtp.messages  # the request did not wait for the mail server
    run_worker()
    done = seen(client.get(started["Location"]))
    assert "État : terminée" in done
    assert "Avancement : 2 sur 2 (100 %)" in done
    assert "2 relance(s) envoyée(s)" in done
    assert "Relancer la tâche" not in done
    assert {m["To"] for m in smtp.messages} == {"dsi@roanne.fr", "maire@roanne.fr"}
    assert set(ReminderLog.objects.values_list("by__username", flat=True)) == {"relay@equipe.fr"}
