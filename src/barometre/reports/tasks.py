"""Background jobs of the reports: build every report of a wave, tell its respondents.

Both start by themselves when a wave is published (:func:`on_publication`, connected in
``apps.py`` to the wave's recorded transition, in its transaction: no publication, no job),
and an operator can start them again from /equipe/taches/.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django_tasks import task

from barometre.campaigns.models import Wave, WaveStatus, WaveTransition
from barometre.jobs.models import Job, JobKind
from barometre.jobs.runner import JobError, Progress, RetryLaterError, run, start
from barometre.reports.batch import authorities, build_all
from barometre.reports.errors import ReportError
from barometre.reports.models import NoticeOutcome, ReportNotice
from barometre.reports.notify import respondents, send_notices


@task()
def build_reports_job(job_id: int) -> None:
    run(job_id, _build)


@task()
def send_notices_job(job_id: int) -> None:
    run(job_id, _notify)


def _title(what: str, wave: Wave) -> str:
    return f"{what} — {wave.campaign.name}, vague {wave.number}"


def start_reports(wave: Wave, actor: User | None) -> Job:
    return start(
        JobKind.REPORTS,
        _title("Restitutions", wave),
        build_reports_job,
        params={},
        actor=actor,
        wave=wave,
        total=len(authorities(wave)),
    )


def start_notices(wave: Wave, actor: User | None) -> Job:
    return start(
        JobKind.REPORT_NOTICES,
        _title("Courriels de restitution", wave),
        send_notices_job,
        params={},
        actor=actor,
        wave=wave,
        total=respondents(wave).count(),
    )


def on_publication(sender: Any, instance: WaveTransition, created: bool, **_: Any) -> None:  # noqa: ARG001, FBT001 - a post_save receiver's signature
    """A wave just published: build its reports and tell its respondents, in the background."""
    if not created or instance.to_status != WaveStatus.PUBLISHED:
        return
    if not settings.RESTITUTION_ON_PUBLISH:
        return
    start_reports(instance.wave, instance.by)
    start_notices(instance.wave, instance.by)


def _wave(job: Job) -> Wave:
    if job.wave is None:
        raise JobError("Cette tâche ne désigne plus de vague.")
    return job.wave


def _build(job: Job, progress: Progress) -> str:
    try:
        outcome = build_all(
            _wave(job).pk,
            peers_minimum=settings.RESTITUTION_PEERS_MINIMUM,
            processes=settings.RESTITUTIONS_PROCESSES,
            on_progress=progress,
        )
    except ReportError as error:
        raise JobError(error.message) from None
    return outcome.in_words()


def _notify(job: Job, progress: Progress) -> str:
    wave = _wave(job)
    try:
        outcome = send_notices(wave, on_progress=progress)
    except ReportError as error:
        raise JobError(error.message) from None
    if outcome.failed or outcome.remaining:
        raise RetryLaterError(
            f"{outcome.failed} échec(s) d'envoi : le serveur de messagerie refuse ou ne répond "
            f"pas ; {_count(wave, NoticeOutcome.SENT)} courriel(s) déjà envoyé(s) ne le seront "
            "pas deux fois"
        )
    return notices_summary(wave)


def _count(wave: Wave, outcome: str) -> int:
    return ReportNotice.objects.filter(wave=wave, outcome=outcome).count()


def notices_summary(wave: Wave) -> str:
    """What every attempt did, read from the rows of the wave."""
    said = (
        f"{_count(wave, NoticeOutcome.SENT)} courriel(s) de restitution envoyé(s), "
        f"{_count(wave, NoticeOutcome.SKIPPED)} écarté(s) (désinscrits ou sans adresse)."
    )
    interrupted = _count(wave, NoticeOutcome.SENDING)
    if interrupted:
        said += (
            f" {interrupted} envoi(s) interrompu(s) par l'arrêt du processus, peut-être reçu(s) :"
            " non renvoyé(s), pour que personne ne le reçoive deux fois."
        )
    return said
