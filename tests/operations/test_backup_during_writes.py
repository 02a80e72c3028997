"""A backup taken while respondents write is one instant: pg_dump's snapshot, counted inside it."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from barometre.campaigns.models import Wave
from tests.operations.databases import drop, empty_twin, postgres_url
from tests.operations.test_backup_restore import restore_elsewhere, take_backup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAIR = (
    "INSERT INTO collection_linkrequest (email_hash, client, at) VALUES (%s, 'essai', now())",
    (
        "INSERT INTO audit_auditevent (at, action, object_type, object_id, detail) "
        "VALUES (now(), 'essai', '', %s, '{}')"
    ),
)


class Writer(threading.Thread):
    """Writes pairs of rows, each pair in one transaction, until told to stop."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.written = url, threading.Event(), 0

    def run(self) -> None:
        with psycopg.connect(self.url) as db:
            while not self.stop.is_set():
                marker = uuid.uuid4().hex
                with db.transaction():
                    for statement in PAIR:
                        db.execute(statement, [marker])
                self.written += 1

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while self.written < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.written >= count


def markers(url: str) -> tuple[set[str], set[str]]:
    with psycopg.connect(url) as db:
        links = db.execute("SELECT email_hash FROM collection_linkrequest WHERE client = 'essai'")
        events = db.execute("SELECT object_id FROM audit_auditevent WHERE action = 'essai'")
        return {row[0] for row in links.fetchall()}, {row[0] for row in events.fetchall()}


def test_a_backup_during_writes_holds_whole_transactions_only(
    installation: Wave, tmp_path: Path
) -> None:
    writer = Writer(postgres_url(connection.settings_dict["NAME"]))
    writer.start()
    try:
        writer.wait_for(50)
        started = writer.written
        archive = take_backup(tmp_path / "sauvegardes")
        at_end = writer.written
        writer.wait_for(at_end + 50)
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    target = empty_twin(tmp_path)
    try:
        code, said = restore_elsewhere(archive, target, tmp_path / "restaure")
        assert code == 0, said  # the restore checked every table against the manifest's counts
        links, events = markers(target)
    finally:
        drop(target)
    assert links == events  # never one row of a pair without the other
    assert started <= len(links) <= at_end
    assert len(links) < writer.written  # writes went on after the snapshot
