"""``restore``: check the whole archive, refuse a used installation, then write, then verify."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from barometre.operations import archive, postgres
from barometre.operations.backup import DATABASE_PARTS
from barometre.operations.errors import OperationError
from barometre.operations.tables import summarise_all, used_tables


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    pending_migrations: int

    @property
    def rows(self) -> int:
        return sum(table["lignes"] for table in self.manifest["tables"].values())

    @property
    def files(self) -> int:
        return sum(1 for name in self.manifest["parts"] if name.startswith(archive.FILES))


def _check_compatible(manifest: dict[str, Any], connection: BaseDatabaseWrapper) -> int:
    """Same engine, no migration this code does not know; the number of newer migrations."""
    if manifest.get("moteur") != connection.vendor:
        raise OperationError(
            f"Cette sauvegarde vient d'une base {manifest.get('moteur')} ; la base visée est "
            f"{connection.vendor} : rien n'a été restauré."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, name in manifest.get("migrations", [])}
    unknown = sorted(applied - known)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise OperationError(
            "La sauvegarde vient d'une version plus récente du baromètre (migrations inconnues "
            f"ici : {names}) : installez cette version avant de restaurer. Rien n'a été restauré."
        )
    return len(known - applied)


def _check_empty(connection: BaseDatabaseWrapper) -> None:
    used = used_tables(connection)
    root = Path(settings.OPENDATA_ROOT)
    files = sum(1 for path in root.rglob("*") if path.is_file()) if root.is_dir() else 0
    if not used and not files:
        return
    listed = ", ".join(f"{table} : {count}" for table, count in sorted(used.items())[:8])
    where = []
    if used:
        where.append(f"la base contient des données ({len(used)} table(s) : {listed})")
    if files:
        where.append(f"{root} contient {files} fichier(s)")
    raise OperationError(
        f"L'installation n'est pas vide : {' ; '.join(where)}. Rien n'a été restauré. Pour "
        "remplacer ces données par la sauvegarde, relancez avec --force."
    )


def _write_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    pg_restore, _ = postgres.tool("pg_restore", connection)
    arguments, environment = postgres.connection_arguments(connection)
    connection.close()
    options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    command = [str(pg_restore), *options, "--exit-on-error", *arguments, str(dump)]
    postgres.run(command, environment, "pg_restore (aucune table n'a été modifiée)")


def _write_sqlite(connection: BaseDatabaseWrapper, copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _replace_files(extracted: Path) -> None:
    """Swap the restored files in with two renames; the old tree goes only once they are in."""
    root = Path(settings.OPENDATA_ROOT)
    restored = extracted / archive.FILES
    restored.mkdir(parents=True, exist_ok=True)
    old = root.with_name(root.name + ".avant-restauration")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        root.replace(old)
    restored.replace(root)
    shutil.rmtree(old, ignore_errors=True)


def _verify(connection: BaseDatabaseWrapper, manifest: dict[str, Any]) -> None:
    found = summarise_all(connection)
    wrong = [
        table
        for table, expected in manifest["tables"].items()
        if table not in found
        or (found[table].rows, found[table].sha256) != (expected["lignes"], expected["sha256"])
    ]
    if wrong:
        raise OperationError(
            "La base restaurée ne correspond pas à la sauvegarde (lignes ou empreintes) pour : "
            f"{', '.join(wrong[:8])}."
        )


def restore(source: Path, *, force: bool = False, using: str = "default") -> Restored:
    """Restore ``source`` into the installation; nothing is written unless every check passes."""
    connection = connections[using]
    root = Path(settings.OPENDATA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restauration-", dir=root.parent) as temporary:
        extracted = Path(temporary)
        manifest = archive.unpack(Path(source), extracted)
        pending = _check_compatible(manifest, connection)
        if not force:
            _check_empty(connection)
        database = extracted / DATABASE_PARTS[connection.vendor]
        if connection.vendor == "postgresql":
            _write_postgresql(connection, database)
        else:
            _write_sqlite(connection, database)
        _replace_files(extracted)
    _verify(connection, manifest)
    return Restored(manifest, pending)
