"""Contact import: a dry run reports every bad row in French; a real run stores all or nothing."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from barometre.audit.models import AuditEvent
from barometre.collection import contacts
from barometre.collection.contacts import (
    MAX_BYTES,
    MAX_ROWS,
    ContactFileError,
    ContactFileTooLargeError,
    check_contacts,
    import_contacts,
)
from barometre.collection.errors import CollectionError, ConflictError
from barometre.collection.models import Respondent

GOOD = (
    "code;email;role;fonction\n"
    "42218;Secretariat@Saint-Etienne.fr;agent;secrétaire de mairie\n"
    "214202186;maire@saint-etienne.fr;Élu;maire\n"
    "commune:69123;dsi@lyon.fr;AGENT;\n"
    "244200770;dgs@saint-etienne-metropole.fr;elu;\n"
)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems(data: bytes, name: str = "contacts.csv") -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in check_contacts(data, name).problems]


def test_a_clean_csv_gives_one_contact_per_row_with_any_code_and_role_spelling() -> None:
    report = check_contacts(GOOD.encode(), "contacts.csv")
    assert report.ok
    assert [(c.authority_id, c.email, c.role) for c in report.contacts] == [
        ("commune:42218", "secretariat@saint-etienne.fr", "agent"),
        ("commune:42218", "maire@saint-etienne.fr", "elu"),
        ("commune:69123", "dsi@lyon.fr", "agent"),
        ("epci:244200770", "dgs@saint-etienne-metropole.fr", "elu"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_with_or_without_bom_and_windows_1252_are_read_alike(encoding: str) -> None:
    report = check_contacts(GOOD.encode(encoding), "contacts.csv")
    assert report.contacts[0].function == "secrétaire de mairie"


def test_commas_and_other_header_spellings_are_accepted() -> None:
    data = "Code collectivité,Courriel,Rôle\n42218,a@saint-etienne.fr,élue\n".encode()
    assert check_contacts(data).contacts[0].role == "elu"


def test_an_xlsx_workbook_is_read_like_a_csv() -> None:
    data = xlsx([["code", "email", "role"], [42218, "a@saint-etienne.fr", "agent"]])
    report = check_contacts(data, "contacts.xlsx")
    assert report.contacts[0].authority_id == "commune:42218"


def test_every_bad_row_is_reported_with_its_line_number_in_french() -> None:
    data = (
        "code;email;role\n"
        "99999;a@b.fr;agent\n"
        "42218;pas-une-adresse;agent\n"
        "42218;a@b.fr;stagiaire\n"
        ";a@b.fr;agent\n"
        "42218;ok@saint-etienne.fr;agent\n"
        "42218;OK@saint-etienne.fr;élu\n"
    ).encode()
    found = problems(data)
    assert [line for line, _ in found] == [2, 3, 4, 5, 7]
    assert "Aucune commune" in found[0][1]
    assert "adresse électronique" in found[1][1]
    assert "Rôle inconnu" in found[2][1]
    assert "code de la collectivité manque" in found[3][1]
    assert found[4][1] == "Doublon de la ligne 6 (même adresse, même collectivité)."


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+33 1 2", "-1+2", "@SUM(A1)", " =1+1"])
def test_cells_that_look_like_formulas_are_refused(cell: str) -> None:
    data = f"code;email;role;fonction\n42218;a@saint-etienne.fr;agent;{cell}\n".encode()
    assert "formule" in problems(data)[0][1]


def test_formula_cells_of_a_workbook_are_refused() -> None:
    data = xlsx([["code", "email", "role"], ["=4*10000+2218", "a@saint-etienne.fr", "agent"]])
    assert "formule" in problems(data, "contacts.xlsx")[0][1]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "vide.csv", "vide"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.csv", "ni un CSV ni un classeur"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "vieux.xls", "ancien format"),
        (b"PK\x03\x04 not really a zip", "faux.xlsx", "classeur .xlsx lisible"),
        (b"not a workbook", "faux.xlsx", "classeur .xlsx valide"),
        (b"nom;adresse\nx;y\n", "contacts.csv", "introuvable : code, role"),
        (b"code;email;role\n", "contacts.csv", "aucun contact"),
        ("code;email;role\n42218;a@b.fr;\x81\n".encode("latin-1"), "x.csv", "Encodage"),
        ("\ufeffcode;email;role\n".encode("utf-16"), "x.csv", "UTF-16"),
    ],
)
def test_unreadable_files_are_refused_with_a_french_message(
    data: bytes, name: str, message: str
) -> None:
    with pytest.raises(ContactFileError, match=message):
        check_contacts(data, name)


def test_a_huge_file_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(ContactFileTooLargeError, match="Mo"):
        check_contacts(b"code;email;role\n" + b"x" * MAX_BYTES)


def single_cell_bomb(length: int) -> bytes:
    """A workbook whose one cell holds ``length`` characters: ~90 KB zipped for 90 MB."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["code", "email", "role"], ["GONFLE", "", ""]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for entry in source.infolist():
            content = source.read(entry)
            if b"GONFLE" in content:
                content = content.replace(b"GONFLE", b"4" * length)
            bomb.writestr(entry.filename, content)
    return out.getvalue()


def test_a_single_cell_of_90_mb_is_refused_in_french_before_it_is_read() -> None:
    data = single_cell_bomb(90_000_000)
    assert len(data) < MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(ContactFileError, match="Une cellule du classeur dépasse 300 caractères"):
        check_contacts(data, "bombe.xlsx")
    assert time.perf_counter() - started < 1.0


def test_a_cell_just_over_the_limit_is_refused_and_one_at_the_limit_is_read() -> None:
    with pytest.raises(ContactFileError, match="dépasse 300 caractères"):
        check_contacts(single_cell_bomb(2_000), "long.xlsx")
    report = check_contacts(single_cell_bomb(300), "limite.xlsx")
    assert [p.message for p in report.problems] != []  # read: its rows are checked one by one


def test_too_many_rows_are_refused() -> None:
    data = b"code;email;role\n" + b";;\n" * (MAX_ROWS + 1)
    with pytest.raises(ContactFileTooLargeError, match="lignes"):
        check_contacts(data)


@pytest.mark.django_db
def test_a_clean_file_is_imported_and_audited_and_a_second_import_changes_nothing() -> None:
    report = check_contacts(GOOD.encode())
    first = import_contacts(report)
    second = import_contacts(report)
    assert (len(first.created), first.already_known) == (4, 0)
    assert (len(second.created), second.already_known) == (0, 4)
    assert Respondent.objects.count() == 4
    assert Respondent.objects.get(user__username="maire@saint-etienne.fr").function == "maire"
    assert AuditEvent.objects.filter(action="contacts_import").count() == 2


@pytest.mark.django_db
def test_a_file_with_one_bad_row_stores_nothing() -> None:
    report = check_contacts((GOOD + "99999;x@y.fr;agent\n").encode())
    with pytest.raises(CollectionError, match="aucun contact n'a été importé"):
        import_contacts(report)
    assert not Respondent.objects.exists()


@pytest.mark.django_db
def test_the_command_is_a_dry_run_without_wet_run(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_contacts", str(path), stdout=out)
    assert "Essai à blanc" in out.getvalue()
    assert not Respondent.objects.exists()
    call_command("import_contacts", str(path), "--wet-run", stdout=out)
    assert Respondent.objects.count() == 4


@pytest.mark.django_db
def test_the_command_reports_bad_rows_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(GOOD + "99999;x@y.fr;agent\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Rien n'est importé"):
        call_command("import_contacts", str(path), "--wet-run", stderr=err)
    assert "ligne 6 :" in err.getvalue()
    assert not Respondent.objects.exists()


def test_the_command_explains_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Lecture impossible"):
        call_command("import_contacts", str(tmp_path / "absent.csv"))


@pytest.mark.django_db
def test_a_row_taken_meanwhile_aborts_the_whole_import(monkeypatch: pytest.MonkeyPatch) -> None:
    report = check_contacts(GOOD.encode())
    import_contacts(check_contacts(GOOD.encode()))
    Respondent.objects.exclude(user__username="dsi@lyon.fr").delete()
    monkeypatch.setattr(contacts, "_known_pairs", lambda _ids: set())  # as if not yet seen
    with pytest.raises(ConflictError, match="rien n'a été importé"):
        import_contacts(report)
    assert list(Respondent.objects.values_list("user__username", flat=True)) == ["dsi@lyon.fr"]
