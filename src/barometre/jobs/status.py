"""The state of the job queue as monitoring reads it: failed jobs, interrupted ones, and how long
the oldest task ready to run has been waiting for a worker.

Two kinds of rows are read: ``jobs.Job`` (what the staff pages show: failed, running) and
django-tasks' queue (``DBTaskResult``: a task is *ready* from its enqueueing, or from the time of
its next try). A ready task that waits long means no worker runs, or too few."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from barometre.jobs.models import Job, JobState


@dataclass(frozen=True)
class QueueStatus:
    failed: int  # jobs.Job failed since ``since``
    interrupted: int  # jobs.Job running without a sign of life for JOB_STALE_SECONDS
    ready: int  # tasks of the queue ready to run now
    oldest_wait_seconds: int | None  # how long the oldest of them has waited, None if none

    def problems(self, max_wait: dt.timedelta) -> list[str]:
        """What a person on call must look at, in French; empty when all is well."""
        found = []
        if self.failed:
            found.append(f"{self.failed} tâche(s) échouée(s)")
        if self.interrupted:
            found.append(f"{self.interrupted} tâche(s) interrompue(s)")
        if (
            self.oldest_wait_seconds is not None
            and self.oldest_wait_seconds > max_wait.total_seconds()
        ):
            minutes = self.oldest_wait_seconds // 60
            found.append(f"la plus ancienne tâche prête attend un worker depuis {minutes} min")
        return found


def oldest_ready_wait(now: dt.datetime) -> tuple[int, int | None]:
    """(ready tasks, seconds the oldest has waited): from its enqueueing, or from its next try.

    One query, on django-tasks' partial index of ready tasks."""
    undelayed = Q(run_after=get_date_max())
    due = Q(run_after__lte=now)
    found = DBTaskResult.objects.filter(Q(status=TaskResultStatus.READY) & (undelayed | due))
    row = found.aggregate(
        count=Count("id"),
        enqueued=Min("enqueued_at", filter=undelayed),
        retried=Min("run_after", filter=due),
    )
    starts = [moment for moment in (row["enqueued"], row["retried"]) if moment is not None]
    if not starts:
        return row["count"], None
    return row["count"], max(0, int((now - min(starts)).total_seconds()))


def queue_status(since: dt.timedelta) -> QueueStatus:
    now = timezone.now()
    failed = Job.objects.filter(state=JobState.FAILED, finished_at__gte=now - since).count()
    running = Job.objects.filter(state=JobState.RUNNING).only(
        "state", "heartbeat_at", "started_at", "created_at"
    )
    interrupted = sum(1 for job in running if job.interrupted)
    ready, oldest = oldest_ready_wait(now)
    return QueueStatus(failed, interrupted, ready, oldest)
