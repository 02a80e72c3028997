"""The ``barometre questionnaire`` and ``barometre indicators`` commands."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from barometre.cli import cli
from barometre.cli.questionnaire import plain
from barometre.questionnaire.library import LIBRARY_DIR

BROKEN = """\
id: casse
title: Cassé
sections:
  - id: p
    title: P
    questions:
      - {id: a, type: yes_no, label: A, relevance: "${absente} = 'oui'"}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_a_library_file_exits_0() -> None:
    code, out, _ = run("questionnaire", "validate", str(LIBRARY_DIR / "cybersecurite.yaml"))
    assert (code, "valide" in out) == (0, True)


def test_validate_a_broken_file_exits_1_with_the_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "casse.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    code, _, err = run("questionnaire", "validate", str(path))
    assert (code, "casse.yaml:7 : [unknown_question]" in err) == (1, True)


def test_validate_json_lists_errors_with_codes(tmp_path: Path) -> None:
    path = tmp_path / "casse.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    _, out, _ = run("questionnaire", "validate", "--json", str(path))
    assert [e["code"] for e in json.loads(out)["errors"]] == ["unknown_question"]


def test_validate_a_non_workbook_xlsx_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "faux.xlsx"
    path.write_bytes(b"pas un classeur")
    code, _, err = run("questionnaire", "validate", str(path))
    assert (code, "xlsx_not_workbook" in err) == (1, True)


def test_show_gives_the_estimated_duration() -> None:
    code, out, _ = run("questionnaire", "show", "cybersecurite")
    assert (code, "Durée estimée : environ" in out) == (0, True)


def test_show_marks_secret_questions() -> None:
    _, out, _ = run("questionnaire", "show", "cybersecurite")
    assert "cyb_victime_3ans (oui / non / ne sait pas, obligatoire, secret)" in out


def test_a_label_with_a_terminal_escape_sequence_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ansi.yaml"
    source = BROKEN.replace(", relevance: \"${absente} = 'oui'\"", "")
    path.write_text(source.replace("label: A", 'label: "A\\e[31mrouge"'), encoding="utf-8")
    code, out, err = run("questionnaire", "validate", str(path))
    assert (code, "\x1b" in out + err) == (1, False)


def test_plain_removes_control_characters() -> None:
    assert plain("A\x1b[31mrouge\x07") == "A[31mrouge"


def test_export_xlsform_writes_a_workbook_that_validates(tmp_path: Path) -> None:
    output = tmp_path / "cyber.xlsx"
    code, _, _ = run("questionnaire", "export-xlsform", "cybersecurite", "-o", str(output))
    assert code == 0
    assert run("questionnaire", "validate", str(output))[0] == 0


def test_list_shows_the_nine_questionnaires() -> None:
    _, out, _ = run("questionnaire", "list")
    assert len(out.strip().splitlines()) == 9


def _responses(tmp_path: Path) -> Path:
    rows = [
        {"questionnaire": "communication", "com_site_internet": "oui", "com_rgaa": "rien"},
        {"questionnaire": "communication", "com_site_internet": "non", "com_rgaa": "rien"},
        {"questionnaire": "communication", "com_site_internet": "oui", "com_rgaa": "en_cours"},
        {
            "questionnaire": "cybersecurite",
            "cyb_victime_3ans": "oui",
            "cyb_incidents": ["rancongiciel"],
        },
    ]
    path = tmp_path / "reponses.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_indicators_json_maps_id_to_value_and_n(tmp_path: Path) -> None:
    code, out, _ = run(
        "indicators", "--responses", str(_responses(tmp_path)), "--wave", "1", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert (
        data["communication.site_internet"]["value"],
        data["communication.site_internet"]["n"],
    ) == (
        2 / 3,
        3,
    )


def test_indicators_use_the_declared_base(tmp_path: Path) -> None:
    _, out, _ = run("indicators", "--responses", str(_responses(tmp_path)), "--wave", "1", "--json")
    assert json.loads(out)["cyber.incident.rancongiciel"] == {
        **json.loads(out)["cyber.incident.rancongiciel"],
        "value": 1.0,
        "n": 1,
    }


def test_indicators_table_shows_published_values(tmp_path: Path) -> None:
    _, out, _ = run("indicators", "--responses", str(_responses(tmp_path)), "--wave", "1")
    line = next(x for x in out.splitlines() if x.startswith("communication.site_internet"))
    assert "76,0 %" in line


def test_indicators_on_an_unreadable_file_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("{pas du json", encoding="utf-8")
    code, _, err = run("indicators", "--responses", str(path), "--wave", "1")
    assert (code, err.startswith("Erreur")) == (1, True)
