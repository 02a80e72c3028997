"""Row counts and SHA-256 checksums of every table, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

#: Tables that ``migrate`` fills in an empty installation: their rows do not make it « used ».
INSTALLATION_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
FETCH = 2000


@dataclass(frozen=True)
class TableSummary:
    rows: int
    sha256: str


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dt.date | dt.time | decimal.Decimal | uuid.UUID):
        return str(value)
    return repr(value)


def _order(connection: BaseDatabaseWrapper, cursor: Any, table: str) -> str:
    columns = connection.introspection.get_primary_key_columns(cursor, table) or []
    if columns:
        return ", ".join(connection.ops.quote_name(column) for column in columns)
    width = len(connection.introspection.get_table_description(cursor, table))
    return ", ".join(str(position) for position in range(1, width + 1))


def summarise(connection: BaseDatabaseWrapper, table: str) -> TableSummary:
    """Every row of ``table`` in primary-key order, each as one canonical JSON line, hashed."""
    digest = hashlib.sha256()
    rows = 0
    with connection.cursor() as cursor:
        order = _order(connection, cursor, table)
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}")  # noqa: S608 - names from introspection
        while batch := cursor.fetchmany(FETCH):
            for row in batch:
                line = json.dumps(list(row), default=_plain, ensure_ascii=False, sort_keys=True)
                digest.update(line.encode() + b"\n")
            rows += len(batch)
    return TableSummary(rows=rows, sha256=digest.hexdigest())


def table_names(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor, include_views=False))


def summarise_all(connection: BaseDatabaseWrapper) -> dict[str, TableSummary]:
    return {table: summarise(connection, table) for table in table_names(connection)}


def used_tables(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Tables that hold rows beyond what ``migrate`` writes: a restore would overwrite them."""
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names(connection):
            if table in INSTALLATION_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            (count,) = cursor.fetchone()
            if count:
                counts[table] = int(count)
    return counts
