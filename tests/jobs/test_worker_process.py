"""The real worker, as its own process on PostgreSQL with the production settings, killed with
SIGKILL in the middle of a batch of reminders: the job shows as interrupted, is started again
from the staff side, and nobody receives the reminder twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from barometre.campaigns.models import Wave
from barometre.collection.links import enrol
from barometre.jobs.models import Job, JobState
from barometre.jobs.runner import start_again
from barometre.participation.models import ReminderLog, ReminderOutcome
from barometre.participation.nonrespondents import Filters
from barometre.participation.tasks import batch_of, start_reminders
from barometre.referentiel import Frame
from tests.participation.smtp import Collector, free_port
from tests.support.worker import reloaded

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 40
PER_MINUTE = 240  # one message every quarter second: the kill lands mid-batch


@pytest.fixture
def mail() -> Iterator[tuple[Collector, int]]:
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield collector, controller.port
    finally:
        controller.stop()


def worker_environment(smtp_port: int) -> dict[str, str]:
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": (
            f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "DJANGO_SECRET_KEY": "test-worker-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BAROMETRE_SITE_URL": "http://127.0.0.1:8000",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "BAROMETRE_REMINDERS_PER_MINUTE": str(PER_MINUTE),
    }


def start_worker(smtp_port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    command += ["--interval", "0.2"]
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=worker_environment(smtp_port), stdout=output, stderr=output
        )


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"toujours pas : {what}")
        time.sleep(0.1)


def invited(frame: Frame) -> list[str]:
    communes = [u for u in frame.of_type("commune") if u.departement == "42"]
    return [unit.id for unit in communes[:PEOPLE]]


def test_a_killed_worker_leaves_an_interrupted_job_that_finishes_without_duplicates(
    open_wave: Wave, frame: Frame, mail: tuple[Collector, int], settings: Any, tmp_path: Path
) -> None:
    collector, port = mail
    settings.JOB_STALE_SECONDS = 2
    for number, authority_id in enumerate(invited(frame)):
        enrol(authority_id, f"mairie{number}@loire.example", "agent")
    job = start_reminders(open_wave, Filters(), None, None, PEOPLE)
    log = tmp_path / "worker.log"
    first = start_worker(port, log)
    try:
        wait_for(lambda: len(collector.messages) >= 8, "8 relances envoyées")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    killed_at = len(collector.messages)
    assert killed_at < PEOPLE, log.read_text(encoding="utf-8")
    running = reloaded(job)
    assert running.state == JobState.RUNNING
    wait_for(lambda: reloaded(job).interrupted, "tâche vue comme interrompue", seconds=10)
    assert reloaded(job).state_label == "interrompue"

    start_again(reloaded(job), None)
    second = start_worker(port, log)
    try:
        wait_for(lambda: reloaded(job).state == JobState.DONE, "tâche terminée")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    done = reloaded(job)
    received = Counter(str(message["To"]) for message in collector.messages)
    assert max(received.values()) == 1, received  # nobody twice
    rows = ReminderLog.objects.filter(batch=batch_of(job))
    interrupted = rows.filter(outcome=ReminderOutcome.SENDING).count()
    assert interrupted <= 1  # at most the one message being sent at the kill
    assert rows.filter(outcome=ReminderOutcome.SENT).count() == PEOPLE - interrupted
    assert len(received) in {PEOPLE - interrupted, PEOPLE}  # everybody else got it
    assert done.attempts == 2
    assert (done.done, done.total) == (PEOPLE, PEOPLE)
    assert done.summary.startswith(f"{PEOPLE - interrupted} relance(s) envoyée(s)")
    assert Job.objects.count() == 1
