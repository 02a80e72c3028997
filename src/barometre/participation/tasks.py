"""Reminders sent by the background worker: the staff page starts the job and shows its progress."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth.models import User
from django_tasks import task

from barometre.campaigns.models import Wave
from barometre.jobs.models import Job, JobKind
from barometre.jobs.runner import JobError, Progress, RetryLaterError, run, start
from barometre.participation.models import ReminderLog, ReminderOutcome
from barometre.participation.nonrespondents import Filters
from barometre.participation.reminders import (
    REACHED,
    ReminderError,
    plan_reminders,
    send_reminders,
)

FAILED_DELIVERY = "échec d'envoi"


@task()
def send_reminders_job(job_id: int) -> None:
    run(job_id, _send)


def start_reminders(
    wave: Wave, filters: Filters, visible: frozenset[str] | None, actor: User | None, total: int
) -> Job:
    """Queue the sending of the reminders that ``filters`` select, as the dry run showed them."""
    params = {
        "filtres": asdict(filters),
        "perimetre": sorted(visible) if visible is not None else None,
    }
    title = f"Relances — {wave.campaign.name}, vague {wave.number}"
    return start(
        JobKind.REMINDERS,
        title,
        send_reminders_job,
        params=params,
        actor=actor,
        wave=wave,
        total=total,
    )


def batch_of(job: Job) -> str:
    return f"tache-{job.pk}"


def _send(job: Job, progress: Progress) -> str:
    if job.wave is None:
        raise JobError("Cette tâche de relances ne désigne plus de vague.")
    filters = Filters(
        **{**job.params["filtres"], "statuses": tuple(job.params["filtres"]["statuses"])}
    )
    scope = job.params["perimetre"]
    try:
        plan = plan_reminders(job.wave, filters, frozenset(scope) if scope is not None else None)
    except ReminderError as error:
        raise JobError(str(error)) from None
    outcome = send_reminders(plan, job.created_by, on_progress=progress, batch=batch_of(job))
    if outcome.failed or outcome.remaining:
        raise RetryLaterError(
            f"{outcome.failed} échec(s) d'envoi : le serveur de messagerie refuse ou ne répond "
            f"pas ; {sent_so_far(job)} relance(s) déjà envoyée(s) ne le seront pas deux fois"
        )
    return summary(job)


def sent_so_far(job: Job) -> int:
    return ReminderLog.objects.filter(batch=batch_of(job), outcome__in=REACHED).count()


def summary(job: Job) -> str:
    """What the whole job did, over all its attempts."""
    rows = ReminderLog.objects.filter(batch=batch_of(job))
    sent = rows.filter(outcome=ReminderOutcome.SENT).count()
    interrupted = rows.filter(outcome=ReminderOutcome.SENDING).count()
    skipped = (
        rows.filter(outcome=ReminderOutcome.SKIPPED)
        .exclude(reason__startswith=FAILED_DELIVERY)
        .count()
    )
    said = (
        f"{sent} relance(s) envoyée(s), {skipped} écartée(s) "
        "(désinscrits, relancés récemment ou sans adresse)."
    )
    if interrupted:
        said += (
            f" {interrupted} envoi(s) interrompu(s) par l'arrêt du processus, peut-être reçu(s) :"
            " non renvoyé(s), pour que personne ne reçoive deux fois la relance."
        )
    return said
