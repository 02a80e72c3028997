"""``/sante/pret/``: ready on a migrated database; 503 naming what is missing otherwise."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from tests.participation.smtp import free_port
from tests.support.postgres import Cluster


def ready_json(client: Client) -> tuple[int, dict[str, object]]:
    reply = client.get("/sante/pret/")
    assert reply["Content-Type"] == "application/json"
    assert "no-store" in reply["Cache-Control"]  # a proxy never answers for the process
    return reply.status_code, json.loads(reply.content.decode())


@pytest.mark.django_db
def test_a_migrated_database_is_ready_and_the_queue_is_reported(client: Client) -> None:
    status, body = ready_json(client)
    assert status == 200
    assert body["pret"] is True
    assert body["file"] == {"taches_pretes": 0, "attente_plus_ancienne_s": None}
    assert 0 < float(str(body["duree_ms"])) < 1000
    assert "probleme" not in body


@pytest.mark.django_db
def test_a_migration_not_applied_makes_it_unready_and_is_named(client: Client) -> None:
    recorder = MigrationRecorder(connection)
    last = max(name for app, name in recorder.applied_migrations() if app == "jobs")
    recorder.record_unapplied("jobs", last)  # as after deploying code whose migrate did not run
    status, body = ready_json(client)
    assert status == 503
    assert body["pret"] is False
    assert body["probleme"] == "1 migration(s) non appliquée(s) : lancez « manage.py migrate »."
    assert body["migrations_non_appliquees"] == [f"jobs.{last}"]
    assert "file" not in body


@pytest.fixture
def empty_database(postgres_cluster: Cluster) -> Iterator[str]:
    name = "barometre_vide"
    with psycopg.connect(postgres_cluster.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    yield name
    with psycopg.connect(postgres_cluster.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pointed_elsewhere() -> Iterator[dict[str, object]]:
    """The default connection's settings, restored (and the connection reopened) afterwards."""
    saved = dict(connection.settings_dict)
    connection.close()
    yield connection.settings_dict
    connection.close()
    connection.settings_dict.update(saved)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_fresh_empty_database_lacks_every_migration(
    client: Client, empty_database: str, pointed_elsewhere: dict[str, object]
) -> None:
    pointed_elsewhere["NAME"] = empty_database  # createdb done, migrate forgotten
    status, body = ready_json(client)
    assert status == 503
    problem = str(body["probleme"])
    assert problem.endswith("migration(s) non appliquée(s) : lancez « manage.py migrate ».")
    assert int(problem.split(maxsplit=1)[0]) > 50
    assert len(body["migrations_non_appliquees"]) == 10  # type: ignore[arg-type]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_that_does_not_answer_makes_it_unready(
    client: Client, pointed_elsewhere: dict[str, object]
) -> None:
    pointed_elsewhere["PORT"] = str(free_port())  # nothing listens there: connection refused
    status, body = ready_json(client)
    assert status == 503
    assert body == {
        "pret": False,
        "probleme": "La base de données ne répond pas.",
        "duree_ms": body["duree_ms"],
    }
    assert client.get("/sante/").status_code == 200  # liveness: the process still answers
