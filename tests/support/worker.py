"""The job queue's real worker (django-tasks' ``db_worker``), run in the test process until the
queue holds nothing ready, or started as its own process."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction

from barometre.jobs.models import Job

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


@contextmanager
def _own_signals() -> Iterator[None]:
    """The worker installs its shutdown handlers; the test runner's come back afterwards."""
    saved = {number: signal.getsignal(number) for number in SIGNALS}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def run_worker() -> None:
    """Every task ready now, one after the other, as ``manage.py db_worker --batch`` runs them.

    The worker closes stale connections between tasks, as in production: a test that runs it
    must be transactional (``django_db(transaction=True)``), not wrapped in one transaction.
    """
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("run_worker demande un test transactionnel (transaction=True).")
    with _own_signals():
        call_command(
            "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0",
            verbosity=0,
        )  # fmt: skip


def reloaded(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)
