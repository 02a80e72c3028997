"""XLSForm import (pyxform parses) and export: round trip, rows named in errors, hostile files."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from barometre.questionnaire import QuestionType, compile_path, compile_yaml
from barometre.questionnaire.library import LIBRARY_DIR, load_library
from barometre.questionnaire.xlsform import compile_xlsform, export_xlsform, neutralise
from barometre.questionnaire.xlsform.guard import MAX_FILE_BYTES

Table = list[list[object]]

SURVEY: Table = [
    ["type", "name", "label", "required", "relevant"],
    ["begin group", "page1", "Page 1", "", ""],
    ["select_one oui_non", "site", "Avez-vous un site ?", "yes", ""],
    ["integer", "pages", "Combien de pages ?", "", "${site} = 'oui'"],
    ["end group", "page1", "", "", ""],
]
CHOICES: Table = [
    ["list_name", "name", "label"],
    ["oui_non", "oui", "Oui"],
    ["oui_non", "non", "Non"],
]
SETTINGS: Table = [["form_title", "form_id", "version"], ["Démo", "demo", "3"]]


def workbook(path: Path, **sheets: Table) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
    book.save(path)
    return path


def form(tmp_path: Path, survey: Table = SURVEY, choices: Table = CHOICES) -> Path:
    return workbook(tmp_path / "form.xlsx", survey=survey, choices=choices, settings=SETTINGS)


def codes(path: Path) -> list[str]:
    return [e.code for e in compile_xlsform(path).errors]


@pytest.mark.parametrize("name", sorted(load_library()))
def test_round_trip_preserves_each_library_questionnaire(tmp_path: Path, name: str) -> None:
    original = load_library()[name]
    export_xlsform(original, tmp_path / "out.xlsx")
    again = compile_xlsform(tmp_path / "out.xlsx")
    assert again.questionnaire is not None, again.errors
    assert again.questionnaire.version_hash == original.version_hash


def test_a_plain_xlsform_compiles(tmp_path: Path) -> None:
    result = compile_xlsform(form(tmp_path))
    assert result.ok, result.errors


def test_select_one_becomes_a_single_choice(tmp_path: Path) -> None:
    questionnaire = compile_xlsform(form(tmp_path)).questionnaire
    assert questionnaire is not None
    assert questionnaire.questions["site"].type is QuestionType.SINGLE_CHOICE


def test_settings_give_id_title_and_version(tmp_path: Path) -> None:
    questionnaire = compile_xlsform(form(tmp_path)).questionnaire
    assert questionnaire is not None
    assert (questionnaire.id, questionnaire.title.fr, questionnaire.version) == (
        "demo",
        "Démo",
        "3",
    )


def test_compile_path_reads_xlsx_too(tmp_path: Path) -> None:
    assert compile_path(form(tmp_path)).ok


def test_labels_in_several_languages(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label::Français (fr)", "label::English (en)"],
        ["text", "nom", "Votre nom", "Your name"],
    ]
    questionnaire = compile_xlsform(form(tmp_path, survey)).questionnaire
    assert questionnaire is not None
    assert questionnaire.questions["nom"].label.get("en") == "Your name"


def test_multiline_text_becomes_long_text(tmp_path: Path) -> None:
    survey = [["type", "name", "label", "appearance"], ["text", "avis", "Votre avis", "multiline"]]
    questionnaire = compile_xlsform(form(tmp_path, survey)).questionnaire
    assert questionnaire is not None
    assert questionnaire.questions["avis"].type is QuestionType.LONG_TEXT


def test_questions_outside_groups_go_to_one_page(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["text", "nom", "Nom"], ["date", "jour", "Jour"]]
    questionnaire = compile_xlsform(form(tmp_path, survey)).questionnaire
    assert questionnaire is not None
    assert questionnaire.sections[0].question_ids == ("nom", "jour")


def test_metadata_types_are_skipped(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["start", "start", ""], ["text", "nom", "Nom"]]
    questionnaire = compile_xlsform(form(tmp_path, survey)).questionnaire
    assert questionnaire is not None
    assert list(questionnaire.questions) == ["nom"]


def test_unsupported_type_names_the_row(tmp_path: Path) -> None:
    survey = [*SURVEY[:3], ["calculate", "total", "Total", "", ""], *SURVEY[3:]]
    error = compile_xlsform(form(tmp_path, survey)).errors[0]
    assert (error.code, str(error.location)) == ("xlsform_unsupported", "form.xlsx:survey:4")


def test_unsupported_column_names_the_row(tmp_path: Path) -> None:
    survey = [["type", "name", "label", "calculation"], ["integer", "n", "N", "1 + 1"]]
    error = compile_xlsform(form(tmp_path, survey)).errors[0]
    assert (error.code, str(error.location)) == ("xlsform_unsupported", "form.xlsx:survey:2")


def test_unknown_choice_list(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["select_one absente", "c", "Choix"]]
    assert codes(form(tmp_path, survey)) == ["xlsform_unsupported"]


def test_or_other_is_unsupported(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["select_one oui_non or_other", "c", "Choix"]]
    assert codes(form(tmp_path, survey)) == ["xlsform_unsupported"]


def test_nested_groups_are_unsupported(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label"],
        ["begin group", "a", "A"],
        ["begin group", "b", "B"],
        ["text", "t", "T"],
        ["end group", "b", ""],
        ["end group", "a", ""],
    ]
    assert "xlsform_unsupported" in codes(form(tmp_path, survey))


def test_end_group_without_begin(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["text", "t", "T"], ["end group", "", ""]]
    assert codes(form(tmp_path, survey)) == ["xlsform_unbalanced_group"]


def test_begin_group_without_end(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["begin group", "a", "A"], ["text", "t", "T"]]
    assert codes(form(tmp_path, survey)) == ["xlsform_unbalanced_group"]


def test_compile_errors_carry_sheet_and_row(tmp_path: Path) -> None:
    survey = [["type", "name", "label", "relevant"], ["text", "t", "T", "${absente} = 'x'"]]
    error = compile_xlsform(form(tmp_path, survey)).errors[0]
    assert (error.code, str(error.location)) == ("unknown_question", "form.xlsx:survey:2")


def test_duplicate_name_is_reported_with_its_row(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["text", "t", "T"], ["text", "t", "Encore"]]
    error = compile_xlsform(form(tmp_path, survey)).errors[0]
    assert (error.code, str(error.location)) == ("duplicate_id", "form.xlsx:survey:3")


def test_reused_option_in_a_list(tmp_path: Path) -> None:
    choices = [*CHOICES, ["oui_non", "oui", "Oui encore"]]
    assert codes(form(tmp_path, choices=choices)) == ["option_reused"]


def test_formula_label_is_refused_with_its_row(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["text", "t", '=HYPERLINK("http://x", "clic")']]
    error = compile_xlsform(form(tmp_path, survey)).errors[0]
    assert (error.code, str(error.location)) == ("xlsx_formula", "form.xlsx:survey:2")


def test_a_text_file_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "faux.xlsx"
    path.write_text("type,name,label\n", encoding="utf-8")
    assert codes(path) == ["xlsx_not_workbook"]


def test_a_zip_without_workbook_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bonjour.txt", "bonjour")
    assert codes(path) == ["xlsx_not_workbook"]


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "enorme.xlsx"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert codes(path) == ["xlsx_too_large"]


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "")
        archive.writestr("xl/zeros.bin", b"\0" * 60_000_000)
    assert codes(path) == ["xlsx_too_large"]


def test_missing_survey_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "form.xlsx", choices=CHOICES, settings=SETTINGS)
    assert codes(path) == ["xlsform_missing_sheet"]


def test_export_writes_text_cells_never_formulas(tmp_path: Path) -> None:
    export_xlsform(load_library()["communication"], tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    types = {cell.data_type for sheet in book for row in sheet.iter_rows() for cell in row}
    assert "f" not in types


def test_export_has_the_eight_sheets(tmp_path: Path) -> None:
    export_xlsform(load_library()["communication"], tmp_path / "out.xlsx")
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames == [
        "survey",
        "choices",
        "settings",
        "indicators",
        "maturity",
        "recommendations",
        "recommendation_when",
        "recommendation_links",
    ]


def test_a_choice_row_carries_its_value_or_its_place_in_the_score(tmp_path: Path) -> None:
    export_xlsform(load_library()["demarches_dematerialisation"], tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["choices"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    comedec = {r["name"]: r["barometre_score"] for r in rows if r["list_name"] == "dem_comedec"}
    assert comedec == {"oui": 3, "non": 0, "sans_etat_civil": "non_concerne", "nsp": "ne_sait_pas"}


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2", "@SUM(A1)"])
def test_neutralise_prefixes_formula_starts(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("name", sorted(load_library()))
def test_exported_library_questionnaire_converts_to_xform_with_pyxform(
    tmp_path: Path, name: str
) -> None:
    export_xlsform(load_library()[name], tmp_path / "out.xlsx")
    warnings: list[str] = []
    result = convert(str(tmp_path / "out.xlsx"), warnings=warnings)
    assert ("<h:title>" in result.xform, warnings) == (True, [])


def test_a_translated_title_round_trips(tmp_path: Path) -> None:
    source = (LIBRARY_DIR / "communication.yaml").read_text(encoding="utf-8")
    translated = source.replace(
        "title: Communication avec les administrés",
        "title: {fr: Communication avec les administrés, en: Communication with residents}",
        1,
    )
    original = compile_yaml(translated).questionnaire
    assert original is not None
    export_xlsform(original, tmp_path / "out.xlsx")
    again = compile_xlsform(tmp_path / "out.xlsx").questionnaire
    assert again is not None
    assert again.version_hash == original.version_hash


_CELL = st.one_of(
    st.none(),
    st.sampled_from(
        ["text", "integer", "select_one oui_non", "begin group", "end group", "calculate", "note"]
    ),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(-5, 5),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=5, max_size=5), max_size=6))
def test_any_survey_table_gives_a_result_never_an_exception(rows: list[list[object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = form(Path(folder), [SURVEY[0], *rows])
        result = compile_xlsform(path)
    assert result.ok or result.errors


def test_a_sheet_with_a_character_xml_forbids_is_refused_with_a_code(tmp_path: Path) -> None:
    path = form(tmp_path, [SURVEY[0], ["text", "q1", "\ufffe", None, None]])
    result = compile_xlsform(path)
    assert [issue.code for issue in result.errors] == ["xlsx_not_workbook"]
