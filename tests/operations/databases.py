"""Independent views of a database for the operations tests: an empty twin, every row hashed.

The checksums here are computed by the database engine itself (PostgreSQL's text form of each
row, SQLite's own dump), not by the code under test.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from pathlib import Path

import psycopg
from django.db import connection


def postgres_url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"


def empty_twin(directory: Path) -> str:
    """The DATABASE_URL of a new, empty database of the same engine as the test database."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{directory / 'restauree.sqlite3'}"
    name = f"restauree_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return postgres_url(name)


def _postgres_rows(url: str) -> dict[str, tuple[int, str]]:
    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        found = {}
        for table in tables:
            count, digest = db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608, E501 - names from the catalogue
            ).fetchone()
            found[table] = (count, digest)
        return found


def _sqlite_rows(db: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    found = {}
    for table in sorted(tables):
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        quoted = ", ".join(f'quote("{column}")' for column in columns)  # text: no conversion
        rows = db.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608 - names from the catalogue
        found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def every_row(url: str | None = None) -> dict[str, tuple[int, str]]:
    """Table → (rows, checksum) of the test database, or of the database at ``url``."""
    if connection.vendor == "postgresql":
        return _postgres_rows(url or postgres_url(connection.settings_dict["NAME"]))
    if url is None:
        connection.ensure_connection()
        return _sqlite_rows(connection.connection)
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return _sqlite_rows(db)


def drop(url: str) -> None:
    if url.startswith("postgresql://"):
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
