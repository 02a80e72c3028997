"""Contact import: read a CSV or XLSX list, check every row, then store all of it or nothing.

``check_contacts`` reads and validates (the dry run, no database write); ``import_contacts`` is the
flow that writes a checked list in one transaction. Messages are in French and name the row.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Final

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from barometre.audit.log import record
from barometre.collection.errors import CollectionError, ConflictError
from barometre.collection.links import normalise_email
from barometre.collection.models import Respondent, Role
from barometre.referentiel import FrameError, load_frame

MAX_BYTES: Final = 5 * 1024 * 1024
MAX_ROWS: Final = 50_000
MAX_UNZIPPED_BYTES: Final = 100 * 1024 * 1024
MAX_CELL_LENGTH: Final = 300
# In the workbook's XML, a cell of MAX_CELL_LENGTH characters may take up to 6 bytes a
# character (&quot; …); a longer run without a tag is refused before the workbook is read.
MAX_TEXT_RUN: Final = 6 * MAX_CELL_LENGTH
MAX_OTHER_RUN: Final = 64 * 1024  # styles, workbook, properties: no cell text, no bomb either
XML_CHUNK: Final = 64 * 1024
MAX_FUNCTION_LENGTH: Final = 120
MAX_USERNAME_LENGTH: Final = 150
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
CHUNK: Final = 500

HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "authority": ("code", "collectivite", "code collectivite", "code insee", "siren", "id"),
    "email": ("email", "e-mail", "courriel", "adresse electronique", "mel", "adresse"),
    "role": ("role", "qualite"),
    "function": ("fonction", "function", "poste"),
}
ROLES: Final[dict[str, str]] = {
    "agent": Role.AGENT,
    "agente": Role.AGENT,
    "elu": Role.ELU,
    "elue": Role.ELU,
    "elu ou elue": Role.ELU,
}


class ContactFileError(CollectionError):
    """The file as a whole cannot be read (format, size, encoding, header)."""


class ContactFileTooLargeError(ContactFileError):
    status = 413


@dataclass(frozen=True)
class Contact:
    line: int
    authority_id: str
    authority_name: str
    email: str
    role: str
    function: str


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass(frozen=True)
class ContactReport:
    """What a dry run found: the good rows and one French message per bad row."""

    contacts: tuple[Contact, ...] = ()
    problems: tuple[RowProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.contacts) and not self.problems


@dataclass(frozen=True)
class ImportOutcome:
    created: tuple[Respondent, ...] = ()
    already_known: int = 0


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.replace("_", " ").split())


# --- reading the file ---------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> list[list[str]]:
    """The rows of a CSV or XLSX file as text cells; :class:`ContactFileError` otherwise."""
    if len(data) > MAX_BYTES:
        raise ContactFileTooLargeError(
            f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : découpez-le en plusieurs."
        )
    if not data.strip():
        raise ContactFileError("Le fichier est vide.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ContactFileError(
            "Ce fichier Excel est à l'ancien format (.xls) : enregistrez-le en .xlsx ou en CSV."
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ContactFileError("Ce fichier n'est pas un classeur .xlsx valide.")
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise ContactFileError(
            "Ce fichier n'est ni un CSV ni un classeur XLSX (contenu binaire ou encodage UTF-16)."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ContactFileError(
        "Encodage non reconnu : enregistrez le fichier en CSV UTF-8 (ou Windows-1252)."
    )


def _read_csv(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    try:
        return list(_limited(csv.reader(io.StringIO(text), delimiter=delimiter)))
    except csv.Error as error:
        raise ContactFileError(f"Ce fichier CSV est mal formé ({error}).") from None


def _limited(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS + 1:
            raise ContactFileTooLargeError(
                f"Le fichier dépasse {MAX_ROWS:,} lignes : découpez-le.".replace(",", "\u202f")
            )
        yield row


def _longest_text_run(stream: IO[bytes], limit: int) -> int:
    """The longest stretch of an XML stream without a tag, read until it exceeds ``limit``."""
    longest = run = 0
    while longest <= limit and (chunk := stream.read(XML_CHUNK)):
        first, *rest = chunk.split(b"<")
        run += len(first)
        if rest:
            longest = max(longest, run, *(len(piece) for piece in rest[:-1]))
            run = len(rest[-1])
        longest = max(longest, run)
    return longest


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Before openpyxl reads anything: the sizes the archive declares, then every text run of
    its XML parts (a cell's text, an attribute) against the cell limit, entities included."""
    entries = archive.infolist()
    if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
        raise ContactFileTooLargeError("Ce classeur décompressé est trop volumineux.")
    for entry in entries:
        name = entry.filename
        if not name.endswith((".xml", ".rels")):
            continue
        cells = name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"
        limit = MAX_TEXT_RUN if cells else MAX_OTHER_RUN
        with archive.open(entry) as stream:
            if _longest_text_run(stream, limit) > limit:
                raise ContactFileError(
                    f"Une cellule du classeur dépasse {MAX_CELL_LENGTH} caractères : "
                    "ce fichier n'est pas une liste de contacts."
                )


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # noqa: PLC0415 - loaded only for spreadsheets

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not read
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            sheet = workbook.worksheets[0]
            rows = [
                ["" if cell is None else str(cell) for cell in row]
                for row in _limited(sheet.iter_rows(values_only=True))
            ]
            workbook.close()
    except ContactFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise ContactFileError("Ce fichier n'est pas un classeur .xlsx lisible.") from None
    return rows


# --- checking the rows --------------------------------------------------------------------


def _columns(header: list[str]) -> dict[str, int]:
    names = [_plain(cell) for cell in header]
    columns: dict[str, int] = {}
    for key, accepted in HEADERS.items():
        for index, name in enumerate(names):
            if name in accepted and key not in columns:
                columns[key] = index
    missing = [label for key, label in _REQUIRED if key not in columns]
    if missing:
        raise ContactFileError(
            "La première ligne doit nommer les colonnes ; introuvable : "
            + ", ".join(missing)
            + ". Colonnes attendues : code, email, role, fonction (facultative)."
        )
    return columns


_REQUIRED: Final = (("authority", "code"), ("email", "email"), ("role", "role"))


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def _role(value: str) -> str:
    role = ROLES.get(_plain(value))
    if role is None:
        raise CollectionError(f"Rôle inconnu : « {value} » (agent ou élu).")
    return role


def _check_cells(row: list[str]) -> None:
    for value in row:
        text = value.strip()
        if text.startswith(FORMULA_STARTS) or value.startswith(FORMULA_STARTS):
            raise CollectionError(
                f"La cellule « {text[:30]} » ressemble à une formule de tableur : refusée."
            )
        if len(value) > MAX_CELL_LENGTH:
            raise CollectionError(f"Une cellule dépasse {MAX_CELL_LENGTH} caractères.")


def check_row(line: int, row: list[str], columns: dict[str, int]) -> Contact:
    """One row as a contact, or :class:`CollectionError` with a French message."""
    _check_cells(row)
    code = _cell(row, columns, "authority")
    if not code:
        raise CollectionError("Le code de la collectivité manque.")
    try:
        unit = load_frame().lookup(code)
    except FrameError as error:
        raise CollectionError(str(error)) from None
    email = normalise_email(_cell(row, columns, "email"))
    if len(email) > MAX_USERNAME_LENGTH:
        raise CollectionError(f"L'adresse dépasse {MAX_USERNAME_LENGTH} caractères.")
    function = _cell(row, columns, "function")
    if len(function) > MAX_FUNCTION_LENGTH:
        raise CollectionError(f"La fonction dépasse {MAX_FUNCTION_LENGTH} caractères.")
    role = _role(_cell(row, columns, "role"))
    return Contact(line, unit.id, unit.name, email, role, function)


def check_contacts(data: bytes, filename: str = "") -> ContactReport:
    """The dry run: every row checked, nothing written. File-level problems raise."""
    rows = read_table(data, filename)
    columns = _columns(rows[0])
    contacts: list[Contact] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            contact = check_row(line, row, columns)
        except CollectionError as error:
            problems.append(RowProblem(line, str(error)))
            continue
        key = (contact.authority_id, contact.email)
        if key in seen:
            problems.append(
                RowProblem(
                    line, f"Doublon de la ligne {seen[key]} (même adresse, même collectivité)."
                )
            )
            continue
        seen[key] = line
        contacts.append(contact)
    if not contacts and not problems:
        raise ContactFileError("Le fichier ne contient aucun contact sous sa ligne d'en-tête.")
    return ContactReport(tuple(contacts), tuple(problems))


# --- the write ----------------------------------------------------------------------------


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _user_ids(addresses: list[str]) -> dict[str, int]:
    """Each address's user id, creating the missing users (plain rows: no model per read)."""
    user_model = get_user_model()

    def known(chunk: list[str]) -> dict[str, int]:
        return dict(user_model.objects.filter(username__in=chunk).values_list("username", "pk"))

    ids: dict[str, int] = {}
    for chunk in _chunks(addresses):
        ids.update(known(chunk))
    missing = [address for address in addresses if address not in ids]
    user_model.objects.bulk_create(
        [user_model(username=address, email=address) for address in missing], batch_size=CHUNK
    )
    for chunk in _chunks(missing):
        ids.update(known(chunk))
    return ids


def _known_pairs(user_ids: dict[str, int]) -> set[tuple[str, str]]:
    ids = list(user_ids.values())
    pairs: set[tuple[str, str]] = set()
    for start in range(0, len(ids), CHUNK):
        pairs.update(
            Respondent.objects.filter(user_id__in=ids[start : start + CHUNK]).values_list(
                "user__username", "authority_id"
            )
        )
    return pairs


def import_contacts(report: ContactReport, actor: User | None = None) -> ImportOutcome:
    """Store every contact of a clean report in one transaction; refuse a report with problems."""
    if not report.ok:
        raise CollectionError("Le fichier contient des erreurs : aucun contact n'a été importé.")
    try:
        created = _store(report, actor)
    except IntegrityError:  # a concurrent import or sign-up took one of these rows first
        raise ConflictError(
            "Des contacts ont été ajoutés pendant l'import : rien n'a été importé, relancez-le."
        ) from None
    return ImportOutcome(created=tuple(created), already_known=len(report.contacts) - len(created))


def _store(report: ContactReport, actor: User | None) -> list[Respondent]:
    with transaction.atomic():
        user_ids = _user_ids(sorted({contact.email for contact in report.contacts}))
        known = _known_pairs(user_ids)
        new = [
            Respondent(
                user_id=user_ids[contact.email],
                authority_id=contact.authority_id,
                role=contact.role,
                function=contact.function,
            )
            for contact in report.contacts
            if (contact.email, contact.authority_id) not in known
        ]
        created = Respondent.objects.bulk_create(new, batch_size=CHUNK)
        record("contacts_import", None, actor, rows=len(report.contacts), created=len(created))
    return created
