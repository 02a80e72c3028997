"""Hostile workbooks: not a workbook, too big (on disk or once unzipped), formulas in cells."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree as ET

import openpyxl

from barometre.questionnaire.errors import (
    XLSX_FORMULA,
    XLSX_NOT_WORKBOOK,
    XLSX_TOO_LARGE,
    Issue,
    Location,
    QuestionnaireError,
)

MAX_FILE_BYTES: Final = 5_000_000
MAX_UNZIPPED_BYTES: Final = 50_000_000
MAX_ROWS: Final = 5_000
MAX_COLUMNS: Final = 200


def _fail(code: str, message: str, where: Location) -> QuestionnaireError:
    return QuestionnaireError((Issue(code, message, where),))


def check_container(path: Path) -> None:
    """Raise a coded error unless ``path`` is a reasonably sized .xlsx workbook."""
    where = Location(path.name)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _fail(XLSX_NOT_WORKBOOK, "fichier introuvable ou illisible", where) from error
    if size > MAX_FILE_BYTES:
        raise _fail(
            XLSX_TOO_LARGE, f"classeur trop gros ({size} octets, {MAX_FILE_BYTES} au plus)", where
        )
    if not zipfile.is_zipfile(path):
        raise _fail(XLSX_NOT_WORKBOOK, "ce fichier n'est pas un classeur .xlsx", where)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise _fail(XLSX_NOT_WORKBOOK, "archive .xlsx illisible", where) from error
    if "xl/workbook.xml" not in names:
        raise _fail(XLSX_NOT_WORKBOOK, "ce fichier n'est pas un classeur .xlsx", where)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _fail(XLSX_TOO_LARGE, "classeur trop gros une fois décompressé", where)


def scan_cells(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every sheet as rows of ``{header: value}`` (row 2 first); formulas are refused."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on corrupt input
        raise _fail(XLSX_NOT_WORKBOOK, "classeur illisible", Location(path.name)) from error
    try:
        return {name.lower(): _sheet(path, workbook[name], name) for name in workbook.sheetnames}
    except ET.ParseError as error:  # a sheet's XML is not well formed
        raise _fail(XLSX_NOT_WORKBOOK, "classeur illisible", Location(path.name)) from error
    finally:
        workbook.close()


def _sheet(path: Path, sheet: Any, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    headers: list[str] = []
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS + 1:
            raise _fail(
                XLSX_TOO_LARGE, f"plus de {MAX_ROWS} lignes", Location(path.name, None, name)
            )
        values = []
        for cell in row:
            value = cell.value
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
                raise _fail(
                    XLSX_FORMULA,
                    "une cellule contient une formule de tableur : écrivez le texte lui-même",
                    Location(path.name, number, name),
                )
            values.append(value)
        if number == 1:
            headers = [str(v).strip() if v is not None else "" for v in values]
        else:
            rows.append(
                {h: v for h, v in zip(headers, values, strict=False) if h and v is not None}
            )
    return rows
