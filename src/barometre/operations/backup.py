"""``backup``: the database (one consistent snapshot) and the generated files, in one archive."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

import barometre
from barometre.operations import archive, postgres
from barometre.operations.errors import OperationError
from barometre.operations.tables import TableSummary, summarise_all

DATABASE_PARTS = {"postgresql": "base/barometre.dump", "sqlite": "base/barometre.sqlite3"}


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(table["lignes"] for table in self.manifest["tables"].values())

    @property
    def files(self) -> int:
        return sum(1 for name in self.manifest["parts"] if name.startswith(archive.FILES))


@dataclass(frozen=True)
class Snapshot:
    """What was read from the database, all at the same instant."""

    tables: dict[str, TableSummary]
    migrations: list[list[str]]
    versions: dict[str, str]


def _migrations(connection: BaseDatabaseWrapper) -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[app, name] for app, name in cursor.fetchall()]


def _snapshot_postgresql(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """pg_dump in the exported snapshot of a read-only transaction that also counts the rows."""
    pg_dump, version = postgres.tool("pg_dump", connection)
    arguments, environment = postgres.connection_arguments(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        command = [str(pg_dump), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
        postgres.run([*command, *arguments], environment, "pg_dump")
        tables = summarise_all(connection)
        migrations = _migrations(connection)
    server = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}"  # type: ignore[attr-defined]
    return Snapshot(tables, migrations, {"base": server, "outil": version})


def _snapshot_sqlite(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """SQLite's online backup API copies a consistent database; it is summarised from the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    reader = connection.__class__({**connection.settings_dict, "NAME": str(target)}, alias="copie")
    try:
        tables = summarise_all(reader)
        migrations = _migrations(reader)
    finally:
        reader.close()
    return Snapshot(tables, migrations, {"base": f"SQLite {sqlite3.sqlite_version}"})


def _copy_files(work: Path) -> dict[str, Path]:
    """A copy of every generated file (open data packages, infographics) under OPENDATA_ROOT."""
    root = Path(settings.OPENDATA_ROOT)
    parts = {}
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            name = f"{archive.FILES}/{path.relative_to(root).as_posix()}"
            copy = work / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
            parts[name] = copy
    return parts


def _manifest(connection: BaseDatabaseWrapper, snapshot: Snapshot, taken: Any) -> dict[str, Any]:
    return {
        "format": archive.FORMAT,
        "date": taken.isoformat(),
        "mtime": int(taken.timestamp()),
        "moteur": connection.vendor,
        "versions": {
            "barometre": barometre.__version__,
            "django": django.get_version(),
            "python": sys.version.split()[0],
            **snapshot.versions,
        },
        "migrations": snapshot.migrations,
        "tables": {
            name: {"lignes": summary.rows, "sha256": summary.sha256}
            for name, summary in snapshot.tables.items()
        },
    }


def backup(directory: Path | None = None, using: str = "default") -> Backup:
    """Write ``barometre-sauvegarde-<date>.tar`` in ``directory`` (BACKUP_ROOT by default)."""
    connection = connections[using]
    if connection.vendor not in DATABASE_PARTS:
        raise OperationError(f"Moteur de base non pris en charge : {connection.vendor}.")
    directory = Path(directory or settings.BACKUP_ROOT)
    directory.mkdir(parents=True, exist_ok=True)
    taken = timezone.now()
    target = directory / f"barometre-sauvegarde-{taken:%Y%m%dT%H%M%S}Z.tar"
    with tempfile.TemporaryDirectory(prefix=".sauvegarde-", dir=directory) as temporary:
        work = Path(temporary)
        dump = work / DATABASE_PARTS[connection.vendor]
        dump.parent.mkdir()
        take = _snapshot_postgresql if connection.vendor == "postgresql" else _snapshot_sqlite
        snapshot = take(connection, dump)
        parts = {DATABASE_PARTS[connection.vendor]: dump, **_copy_files(work)}
        manifest = _manifest(connection, snapshot, taken)
        manifest["parts"] = archive.describe_parts(parts)
        archive.write(target, manifest, parts)
    return Backup(target, manifest)
