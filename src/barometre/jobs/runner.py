"""Start a job, run it in the worker, retry it with backoff, let an operator start it again.

A job is a row (jobs.models.Job) and, per attempt, one task in django-tasks' database queue. The
task function of each kind of job lives in its app and calls ``run`` with its handler:

    @task()
    def send_reminders_job(job_id: int) -> None:
        run(job_id, handler)

The handler does the work, reports progress, and raises ``RetryLaterError`` for a failure that may
pass (a mail server down) or ``JobError`` for one that will not (a wave closed meanwhile).
Each attempt holds a number (``attempts``): an attempt whose number is no longer the job's
stops at its next progress report, so two workers never run one job at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string

from barometre.audit.log import record
from barometre.campaigns.models import Wave
from barometre.jobs.models import FINISHED, Job, JobKind, JobState

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Handler = Callable[[Job, Progress], str]
HEARTBEAT_SECONDS = 1.0


class JobError(Exception):
    """A failure that another attempt would not fix; its message is shown to the operator."""


class RetryLaterError(JobError):
    """A failure that may pass (a server that refuses or is down): try again after a delay."""


class SupersededError(Exception):
    """Another attempt of the same job has started: this one stops."""


def start(
    kind: JobKind,
    title: str,
    task: Any,
    *,
    params: Mapping[str, object],
    actor: User | None,
    wave: Wave | None = None,
    total: int = 0,
) -> Job:
    """Record the job and queue its first attempt once the transaction commits."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title,
            wave=wave,
            params={**params, "tache": task.module_path},
            total=total,
            created_by=actor,
        )
        record("job.started", job, actor, kind=kind, title=title)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def start_again(job: Job, actor: User | None) -> Job:
    """An operator starts a failed or interrupted job again; what was done is not redone."""
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if not current.can_retry:
            raise JobError(
                f"Cette tâche est « {current.state_label} » : on ne relance qu'une tâche "
                "échouée ou interrompue."
            )
        current.state, current.error, current.next_try_at = JobState.QUEUED, "", None
        current.save(update_fields=["state", "error", "next_try_at"])
        record("job.restarted", current, actor, attempts=current.attempts)
        transaction.on_commit(lambda: _enqueue(current.pk))
    return current


def run(job_id: int, handler: Handler) -> None:
    """One attempt, in the worker: claim the job, run the handler, record how it ended."""
    attempt = _claim(job_id)
    if attempt is None:
        logger.info("Tâche %s déjà prise ou finie : rien à faire.", job_id)
        return
    job = Job.objects.get(pk=job_id)
    try:
        summary = handler(job, _progress(job_id, attempt))
    except SupersededError:
        logger.warning("Tâche %s : un autre essai a pris le relais.", job_id)
    except RetryLaterError as error:
        _retry_or_fail(job, str(error))
    except JobError as error:
        _fail(job_id, attempt, str(error))
    except Exception as error:
        _fail(job_id, attempt, f"Erreur inattendue ({type(error).__name__}) : voir le journal.")
        raise
    else:
        _finish(job_id, attempt, summary)


def _enqueue(job_id: int, run_after: dt.datetime | None = None) -> None:
    job = Job.objects.get(pk=job_id)
    task = import_string(str(job.params["tache"]))
    if run_after is not None:
        task = task.using(run_after=run_after)
    result = task.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def _claim(job_id: int) -> int | None:
    now = timezone.now()
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, state__in=(JobState.QUEUED, JobState.RETRY)).update(
            state=JobState.RUNNING,
            attempts=F("attempts") + 1,
            started_at=Coalesce(F("started_at"), now),
            heartbeat_at=now,
            next_try_at=None,
        )
        if not claimed:
            return None
        return int(Job.objects.values_list("attempts", flat=True).get(pk=job_id))


def _progress(job_id: int, attempt: int) -> Progress:
    last = 0.0

    def report(done: int, total: int) -> None:
        nonlocal last
        if done < total and time.monotonic() - last < HEARTBEAT_SECONDS:
            return
        last = time.monotonic()
        updated = Job.objects.filter(pk=job_id, attempts=attempt, state=JobState.RUNNING).update(
            done=min(done, total), total=total, heartbeat_at=timezone.now()
        )
        if not updated:
            raise SupersededError

    return report


def _retry_or_fail(job: Job, message: str) -> None:
    delays = settings.JOB_RETRY_DELAYS
    if job.attempts > len(delays):
        _fail(job.pk, job.attempts, f"{message} — abandon après {job.attempts} essais.")
        return
    delay = delays[job.attempts - 1]
    next_try = timezone.now() + dt.timedelta(seconds=delay)
    updated = Job.objects.filter(pk=job.pk, attempts=job.attempts).update(
        state=JobState.RETRY, error=message[:500], next_try_at=next_try
    )
    if updated:
        _enqueue(job.pk, run_after=next_try)


def _fail(job_id: int, attempt: int, message: str) -> None:
    Job.objects.filter(pk=job_id, attempts=attempt).exclude(state__in=FINISHED).update(
        state=JobState.FAILED, error=message[:500], finished_at=timezone.now()
    )


def _finish(job_id: int, attempt: int, summary: str) -> None:
    Job.objects.filter(pk=job_id, attempts=attempt).update(
        state=JobState.DONE,
        summary=summary[:500],
        error="",
        done=F("total"),
        finished_at=timezone.now(),
    )
