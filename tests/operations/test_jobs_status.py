"""``manage.py jobs_status``: one line for monitoring, exit code 1 when the queue needs someone."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from barometre.jobs.models import Job, JobKind, JobState
from barometre.jobs.runner import start
from barometre.results.tasks import build_results_job
from tests.support.worker import reloaded, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def jobs_status(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("jobs_status", *args, stdout=out)
    except SystemExit as leaving:
        return int(str(leaving.code)), out.getvalue().strip()
    return 0, out.getvalue().strip()


def test_a_task_waiting_for_a_worker_then_a_failed_job_raise_the_alarm(client: Client) -> None:
    assert jobs_status() == (
        0,
        "OK échouées=0 interrompues=0 prêtes=0 attente_plus_ancienne_s=aucune",
    )
    job = start(JobKind.RESULTS, "Calcul sans vague", build_results_job, params={}, actor=None)
    task = DBTaskResult.objects.get(id=reloaded(job).task_id)
    # No worker for 20 minutes: the task was enqueued 20 minutes ago and is still ready.
    task.enqueued_at -= dt.timedelta(minutes=20)
    task.save(update_fields=["enqueued_at"])
    code, line = jobs_status()
    assert code == 1
    assert line.startswith("ALERTE échouées=0 interrompues=0 prêtes=1 attente_plus_ancienne_s=12")
    assert line.endswith("la plus ancienne tâche prête attend un worker depuis 20 min.")
    assert jobs_status("--attente-max", "30")[0] == 0
    ready = json.loads(client.get("/sante/pret/").content)
    assert ready["pret"] is True  # a stopped worker does not take the site out of rotation
    assert 1200 <= ready["file"]["attente_plus_ancienne_s"] < 1300
    run_worker()  # the worker comes back: this job has no wave, it fails and says why
    assert reloaded(job).state == JobState.FAILED
    code, line = jobs_status()
    assert (code, line) == (
        1,
        (
            "ALERTE échouées=1 interrompues=0 prêtes=0 attente_plus_ancienne_s=aucune : "
            "1 tâche(s) échouée(s)."
        ),
    )
    Job.objects.filter(pk=job.pk).update(
        finished_at=reloaded(job).finished_at - dt.timedelta(days=2)
    )
    assert jobs_status()[0] == 0  # failed two days ago: outside the last 24 hours


def test_a_running_job_without_a_sign_of_life_is_interrupted(settings: object) -> None:
    job = Job.objects.create(kind=JobKind.REMINDERS, title="Relances", state=JobState.RUNNING)
    assert jobs_status()[0] == 0  # just started: alive
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at - dt.timedelta(minutes=5))
    code, line = jobs_status()
    assert code == 1
    assert line.endswith(": 1 tâche(s) interrompue(s).")
