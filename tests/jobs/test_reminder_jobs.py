"""Reminders sent by the background worker: progress, retries with backoff, never twice."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from barometre.audit.models import AuditEvent
from barometre.campaigns.models import Wave
from barometre.jobs.models import Job, JobState
from barometre.jobs.runner import JobError, start_again
from barometre.participation.models import ReminderLog, ReminderOutcome
from barometre.participation.nonrespondents import Filters
from barometre.participation.tasks import batch_of, start_reminders
from tests.participation.data import scene
from tests.participation.smtp import Collector, free_port, running_smtp
from tests.support.worker import reloaded, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

INVITED = Filters(statuses=("invited",))
LOIRE_INVITED = {"dsi@roanne.fr", "maire@roanne.fr", "dsi@lyon.fr"}


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    settings.REMINDERS_PER_MINUTE = 60_000
    yield from running_smtp(settings)


def recipients(collector: Collector) -> Counter[str]:
    return Counter(str(message["To"]) for message in collector.messages)


def test_a_job_waits_in_the_queue_then_the_worker_sends_every_reminder(
    open_wave: Wave, smtp: Collector
) -> None:
    scene(open_wave)
    job = start_reminders(open_wave, INVITED, None, None, 3)
    assert job.state == JobState.QUEUED
    assert not smtp.messages  # starting a job sends nothing: the worker does
    assert DBTaskResult.objects.filter(id=reloaded(job).task_id).exists()
    assert AuditEvent.objects.filter(action="job.started", object_id=str(job.pk)).exists()
    run_worker()
    done = reloaded(job)
    assert done.state == JobState.DONE
    assert (done.done, done.total, done.percent, done.attempts) == (3, 3, 100, 1)
    assert done.summary.startswith("3 relance(s) envoyée(s), 0 écartée(s)")
    assert done.finished_at is not None
    assert recipients(smtp) == Counter(LOIRE_INVITED)


def test_a_mail_server_down_is_tried_again_later_and_nobody_gets_two_messages(
    open_wave: Wave, settings: Any
) -> None:
    settings.REMINDERS_PER_MINUTE = 60_000
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    scene(open_wave)
    job = start_reminders(open_wave, INVITED, None, None, 3)
    run_worker()  # nothing listens on the port: every delivery is refused
    waiting = reloaded(job)
    assert waiting.state == JobState.RETRY
    assert "le serveur de messagerie refuse ou ne répond pas" in waiting.error
    assert waiting.next_try_at is not None
    assert waiting.next_try_at > timezone.now()  # backoff: not at once
    failures = ReminderLog.objects.filter(batch=batch_of(job), outcome=ReminderOutcome.SKIPPED)
    assert failures.count() == 3
    assert all(row.reason.startswith("échec d'envoi") for row in failures)
    collector = Collector()
    server = Controller(collector, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    server.start()  # the mail server is back
    try:
        time.sleep(max(0.0, (waiting.next_try_at - timezone.now()).total_seconds()) + 0.1)
        run_worker()
    finally:
        server.stop()
    done = reloaded(job)
    assert done.state == JobState.DONE, done.error
    assert done.attempts == 2
    assert recipients(collector) == Counter(LOIRE_INVITED)  # each exactly once
    assert done.summary.startswith("3 relance(s) envoyée(s)")


def test_a_mail_server_that_stays_down_fails_the_job_with_the_reason(
    open_wave: Wave, settings: Any
) -> None:
    settings.REMINDERS_PER_MINUTE = 60_000
    settings.JOB_RETRY_DELAYS = (0,)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    scene(open_wave)
    job = start_reminders(open_wave, INVITED, None, None, 3)
    run_worker()  # the first attempt and its one retry
    failed = reloaded(job)
    assert failed.state == JobState.FAILED
    assert failed.attempts == 2
    assert failed.error.endswith("abandon après 2 essais.")
    assert failed.can_retry
    assert failed.state_label == "échouée"


def test_an_interrupted_job_is_started_again_without_sending_twice(
    open_wave: Wave, smtp: Collector, settings: Any
) -> None:
    """A worker killed mid-batch: its job stops giving signs of life; the operator starts it again.
    Who was reached is not reached again, nor is whoever was being sent to at the kill."""
    settings.JOB_STALE_SECONDS = 60
    scene(open_wave)
    job = start_reminders(open_wave, INVITED, None, None, 3)
    with pytest.raises(JobError, match="on ne relance qu'une tâche échouée ou interrompue"):
        start_again(job, None)
    DBTaskResult.objects.all().delete()  # the worker died with its task
    people = list(scene_targets(open_wave))
    ReminderLog.objects.create(
        wave=open_wave, respondent=people[0], authority_id=people[0].authority_id,
        outcome=ReminderOutcome.SENT, batch=batch_of(job),
    )  # fmt: skip
    ReminderLog.objects.create(
        wave=open_wave, respondent=people[1], authority_id=people[1].authority_id,
        outcome=ReminderOutcome.SENDING, reason="envoi interrompu", batch=batch_of(job),
    )  # fmt: skip
    stale = timezone.now() - dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, attempts=1, done=2, started_at=stale, heartbeat_at=stale
    )
    interrupted = reloaded(job)
    assert interrupted.interrupted
    assert interrupted.state_label == "interrompue"
    start_again(interrupted, None)
    assert reloaded(job).state == JobState.QUEUED
    run_worker()
    done = reloaded(job)
    assert done.state == JobState.DONE, done.error
    assert recipients(smtp) == Counter([people[2].user.email])  # only the one never reached
    assert done.summary.startswith("2 relance(s) envoyée(s)")  # over both attempts
    assert "1 envoi(s) interrompu(s)" in done.summary
    assert AuditEvent.objects.filter(action="job.restarted", object_id=str(job.pk)).exists()


def test_a_finished_job_cannot_be_started_again(open_wave: Wave, smtp: Collector) -> None:
    scene(open_wave)
    job = start_reminders(open_wave, INVITED, None, None, 3)
    run_worker()
    with pytest.raises(JobError, match="Cette tâche est « terminée »"):
        start_again(reloaded(job), None)
    assert len(smtp.messages) == 3


def test_a_wave_closed_before_the_worker_runs_fails_the_job_in_french(
    open_wave: Wave, smtp: Collector
) -> None:
    scene(open_wave)
    job = start_reminders(open_wave, INVITED, None, None, 3)
    Wave.objects.filter(pk=open_wave.pk).update(status="closed")
    run_worker()
    failed = reloaded(job)
    assert failed.state == JobState.FAILED
    assert failed.error == "On ne relance que pendant une vague ouverte."
    assert failed.attempts == 1  # not worth trying again
    assert not smtp.messages


def scene_targets(wave: Wave) -> list[Any]:
    from barometre.participation.reminders import plan_reminders  # noqa: PLC0415

    return [target.respondent for target in plan_reminders(wave, INVITED, None).to_send]
