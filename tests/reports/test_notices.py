"""A wave published: its reports are built and its respondents told, by the background worker,
through a real SMTP server; never twice, tried again later when the mail server is down."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.utils import timezone

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Respondent
from barometre.jobs.models import Job, JobKind, JobState
from barometre.jobs.runner import start_again
from barometre.participation.optout import opt_out
from barometre.referentiel import Frame
from barometre.reports.models import NoticeOutcome, ReportNotice
from barometre.reports.tasks import start_notices
from barometre.reports.wave import clear_cache
from tests.participation.smtp import Collector, body, free_port, running_smtp
from tests.reports.factory import communes, published_wave
from tests.support.worker import reloaded, run_worker

pytestmark = pytest.mark.django_db(transaction=True)
FEW = (("42", 6), ("24", 3), ("33", 3))


@pytest.fixture(autouse=True)
def settings_for_reports(settings: Any, tmp_path: Path) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = 5
    settings.RESTITUTIONS_ROOT = tmp_path / "restitutions"
    settings.RESTITUTIONS_PROCESSES = 1
    settings.REMINDERS_PER_MINUTE = 60_000
    settings.SITE_URL = "https://barometre.example"
    clear_cache()


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    yield from running_smtp(settings)


def with_addresses(units: list[str]) -> list[str]:
    """Every respondent gets an address; the first authority has a second respondent, its
    mayor, and the last respondent has opted out of the barometer's messages."""
    users = get_user_model().objects.filter(respondents__authority_id__in=units)
    for user in users:
        user.email = user.username.replace(":", "-")
        user.save(update_fields=["email"])
    mayor = get_user_model().objects.create(username="maire@restitution.invalid",
                                            email="maire@restitution.invalid")  # fmt: skip
    Respondent.objects.create(user=mayor, authority_id=units[0], role="elu")
    quitting = Respondent.objects.get(authority_id=units[-1]).user
    opt_out(quitting)
    return sorted({*users.values_list("email", flat=True), mayor.email} - {quitting.email})


def recipients(collector: Collector) -> Counter[str]:
    return Counter(str(message["To"]) for message in collector.messages)


def test_publishing_builds_every_report_and_tells_each_respondent_once(
    frame: Frame, smtp: Collector, settings: Any
) -> None:
    units = communes(frame, FEW)
    wave = published_wave(frame, units)
    jobs = {job.kind: job for job in Job.objects.filter(wave=wave)}
    assert set(jobs) == {JobKind.REPORTS, JobKind.REPORT_NOTICES}
    assert jobs[JobKind.REPORTS].title == f"Restitutions — {wave.campaign.name}, vague 1"
    assert all(job.state == JobState.QUEUED for job in jobs.values())
    expected = with_addresses(units)
    assert not smtp.messages  # publishing sent nothing: the worker does
    run_worker()
    built, told = (reloaded(jobs[kind]) for kind in (JobKind.REPORTS, JobKind.REPORT_NOTICES))
    assert built.state == told.state == JobState.DONE, (built.error, told.error)
    assert built.summary.startswith(f"{len(units)} restitution(s) construite(s)")
    assert len(list(Path(settings.RESTITUTIONS_ROOT).rglob("*.pdf"))) == len(units)
    assert recipients(smtp) == Counter(expected)  # each exactly once, the opted-out never
    assert told.summary == (
        f"{len(expected)} courriel(s) de restitution envoyé(s), 1 écarté(s) "
        "(désinscrits ou sans adresse)."
    )
    message = next(m for m in smtp.messages if m["To"] == "maire@restitution.invalid")
    assert str(message["Subject"]).strip() == (
        f"Baromètre numérique : la restitution de {frame.get(units[0]).name} est prête"
    )
    text = body(message)
    assert f"https://barometre.example/repondre/{wave.pk}/restitution/" in text
    assert "https://barometre.example/connexion/" in text
    assert "Vos restitutions" in text
    assert "sur 100" not in text  # a link, never the report itself
    assert str(message["List-Unsubscribe"]).strip().startswith("<https://barometre.example/equipe/")
    skipped = ReportNotice.objects.get(outcome=NoticeOutcome.SKIPPED)
    assert skipped.reason == "désinscrit des messages du baromètre"

    Job.objects.filter(pk=told.pk).update(state=JobState.FAILED, error="essai")
    start_again(reloaded(told), None)  # started again: nobody is told twice
    run_worker()
    assert recipients(smtp) == Counter(expected)


def test_a_mail_server_down_is_tried_again_later_and_nobody_gets_two_messages(
    frame: Frame, settings: Any
) -> None:
    settings.RESTITUTION_ON_PUBLISH = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    units = communes(frame, FEW)
    wave = published_wave(frame, units)
    assert not Job.objects.exists()
    expected = with_addresses(units)
    job = start_notices(wave, None)
    run_worker()  # nothing listens on the port: every delivery is refused
    waiting = reloaded(job)
    assert waiting.state == JobState.RETRY
    assert "le serveur de messagerie refuse ou ne répond pas" in waiting.error
    assert waiting.next_try_at is not None
    assert waiting.next_try_at > timezone.now()  # backoff: not at once
    assert ReportNotice.objects.filter(outcome=NoticeOutcome.FAILED).count() == 3  # then stop
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
    assert recipients(collector) == Counter(expected)


def test_a_wave_not_published_fails_the_job_in_french(frame: Frame, settings: Any) -> None:
    settings.RESTITUTION_ON_PUBLISH = False
    wave = published_wave(frame, communes(frame, FEW), status=WaveStatus.CLOSED)
    job = start_notices(Wave.objects.get(pk=wave.pk), None)
    run_worker()
    failed = reloaded(job)
    assert failed.state == JobState.FAILED
    assert "n'est pas encore publiée" in failed.error
    assert not ReportNotice.objects.exists()
