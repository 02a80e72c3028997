"""Write tables as CSV (UTF-8, formulas neutralised) and Parquet, with a Frictionless package."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from barometre.exports import neutralise
from barometre.publication.tables import Table

LICENCE: Final = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence version 2.0",
}


def csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return neutralise(value)


def csv_text(table: Table) -> bytes:
    """UTF-8 without byte-order mark; text cells that a spreadsheet would run are neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.record.names)
    data = table.data.select(table.record.names)
    writer.writerows([csv_cell(v) for v in row] for row in data.iter_rows())
    return buffer.getvalue().encode("utf-8")


def _digest(content: bytes) -> dict[str, Any]:
    return {"bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest()}


def write_table(directory: Path, table: Table) -> list[dict[str, Any]]:
    """The CSV and Parquet files of one table, and their two package resources."""
    content = csv_text(table)
    (directory / f"{table.name}.csv").write_bytes(content)
    table.data.select(table.record.names).write_parquet(directory / f"{table.name}.parquet")
    parquet = (directory / f"{table.name}.parquet").read_bytes()
    csv_resource = {
        "name": table.name,
        "path": f"{table.name}.csv",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": {**table.record.table_schema(), "missingValues": [""]},
        **_digest(content),
    }
    parquet_resource = {
        "name": f"{table.name}-parquet",
        "path": f"{table.name}.parquet",
        "type": "file",
        "title": f"{table.title} (Parquet)",
        "description": f"Le même contenu que {table.name}.csv, au format Apache Parquet.",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        **_digest(parquet),
    }
    return [csv_resource, parquet_resource]


@dataclass(frozen=True)
class Document:
    """A file of the package that is not a table (codebook, methodology note)."""

    name: str
    path: str
    title: str
    mediatype: str
    content: str


def write_document(directory: Path, document: Document) -> dict[str, Any]:
    content = document.content.encode("utf-8")
    (directory / document.path).write_bytes(content)
    return {
        "name": document.name,
        "path": document.path,
        "type": "file",
        "title": document.title,
        "format": document.path.rsplit(".", 1)[-1],
        "mediatype": document.mediatype,
        **_digest(content),
    }


def write_package(
    directory: Path,
    tables: Sequence[Table],
    metadata: dict[str, Any],
    documents: Sequence[Document],
) -> list[Path]:
    """Every table and document, and ``datapackage.json``, in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    resources = [resource for table in tables for resource in write_table(directory, table)]
    resources += [write_document(directory, document) for document in documents]
    package = {**metadata, "licenses": [LICENCE], "resources": resources}
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    (directory / "datapackage.json").write_text(text, encoding="utf-8")
    return [*sorted(directory / r["path"] for r in resources), directory / "datapackage.json"]
