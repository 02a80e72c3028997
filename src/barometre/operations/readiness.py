"""Readiness: may this process be sent requests? The database answers and every migration on
disk is applied. The job queue is reported beside, never a reason to be unready: a stopped worker
delays e-mails and computations, the pages still work (``manage.py jobs_status`` alerts on it).

Cheap by design: the migrations on disk are read once per process (the code does not change
under a running process); each check is then three small queries."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from barometre.jobs.status import oldest_ready_wait

SHOWN_MIGRATIONS = 10  # a fresh database lacks them all: the count says how many


@dataclass(frozen=True)
class Readiness:
    ready: bool
    problem: str  # in French, "" when ready
    pending_migrations: list[str]
    ready_tasks: int | None
    oldest_wait_seconds: int | None
    milliseconds: float

    def as_json(self) -> dict[str, object]:
        body: dict[str, object] = {"pret": self.ready}
        if self.problem:
            body["probleme"] = self.problem
        if self.pending_migrations:
            body["migrations_non_appliquees"] = self.pending_migrations[:SHOWN_MIGRATIONS]
        if self.ready:
            body["file"] = {
                "taches_pretes": self.ready_tasks,
                "attente_plus_ancienne_s": self.oldest_wait_seconds,
            }
        body["duree_ms"] = round(self.milliseconds, 1)
        return body


@functools.cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration of the installed apps, as the code declares them (no database read)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _pending() -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return sorted(f"{app}.{name}" for app, name in migrations_on_disk())
    applied = set(recorder.migration_qs.values_list("app", "name"))
    return sorted(f"{app}.{name}" for app, name in migrations_on_disk() - applied)


def check_readiness() -> Readiness:
    start = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _pending()
        queue = oldest_ready_wait(timezone.now()) if not pending else (0, None)
    except DatabaseError:
        elapsed = (time.perf_counter() - start) * 1000
        return Readiness(
            ready=False,
            problem="La base de données ne répond pas.",
            pending_migrations=[],
            ready_tasks=None,
            oldest_wait_seconds=None,
            milliseconds=elapsed,
        )
    elapsed = (time.perf_counter() - start) * 1000
    if pending:
        problem = f"{len(pending)} migration(s) non appliquée(s) : lancez « manage.py migrate »."
        return Readiness(
            ready=False,
            problem=problem,
            pending_migrations=pending,
            ready_tasks=None,
            oldest_wait_seconds=None,
            milliseconds=elapsed,
        )
    return Readiness(
        ready=True,
        problem="",
        pending_migrations=[],
        ready_tasks=queue[0],
        oldest_wait_seconds=queue[1],
        milliseconds=elapsed,
    )
