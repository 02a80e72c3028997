"""The ``barometre referentiel`` commands: JSON contracts, French errors, no tracebacks."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from barometre.cli import cli
from barometre.referentiel import SnapshotError


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_summary_json_has_the_documented_keys() -> None:
    code, out, _ = run("referentiel", "summary", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["communes"], data["epci"], data["departements"], data["regions"]) == (
        34875,
        1255,
        101,
        18,
    )
    assert sum(data["communes_by_stratum"].values()) == 34875
    assert data["communes_by_region"]["84"] == 4025


def test_summary_with_another_scheme() -> None:
    code, out, _ = run("referentiel", "summary", "--strates", "dgf15", "--json")
    assert code == 0
    assert len(json.loads(out)["communes_by_stratum"]) == 15


def test_summary_text_is_a_french_table() -> None:
    code, out, _ = run("referentiel", "summary")
    assert code == 0
    assert "Communes par strate de population" in out
    assert "34\u202f875" in out


def test_search_json_lists_id_type_code_name() -> None:
    code, out, _ = run("referentiel", "search", "st etienne", "--limit", "3", "--json")
    hits = json.loads(out)
    assert code == 0
    assert len(hits) == 3
    assert hits[0] | {"id": "commune:42218", "type": "commune", "code": "42218"} == hits[0]
    assert hits[0]["name"] == "Saint-Étienne"
    assert hits[0]["departement"] == {"code": "42", "name": "Loire"}


def test_search_without_match_says_so() -> None:
    code, out, _ = run("referentiel", "search", "zzzqqq")
    assert code == 0
    assert "Aucune collectivité" in out


def test_show_json_gives_the_full_record() -> None:
    code, out, _ = run("referentiel", "show", "42218", "--json")
    record = json.loads(out)
    assert code == 0
    assert record["epci"] == {"code": "244200770", "name": "Saint-Étienne Métropole"}
    assert record["stratum"] == ">=50000"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("referentiel", "show", "99999"), "Aucune commune"),
        (("referentiel", "show", "123456789"), "clé de contrôle"),
        (("referentiel", "show", "84"), "plusieurs collectivités"),
        (("referentiel", "search", "  "), "La recherche est vide"),
    ],
)
def test_bad_input_exits_non_zero_with_a_french_message(
    args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(*args)
    assert code != 0
    assert message in err
    assert "Traceback" not in out + err


def test_corrupt_snapshot_is_reported_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise SnapshotError("Le référentiel des collectivités est corrompu (test).")

    monkeypatch.setattr("barometre.cli.referentiel.load_frame", broken)
    code, out, err = run("referentiel", "summary")
    assert code == 1
    assert "corrompu" in err
    assert "Traceback" not in out + err


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", _commands(cli), ids=" ".join)
def test_every_command_has_french_help(path: tuple[str, ...]) -> None:
    code, out, _ = run(*path, "--help")
    assert code == 0
    assert "Usage:" in out or "Utilisation" in out


def test_demo_shows_the_frame_and_searches() -> None:
    code, out, _ = run("demo")
    assert code == 0
    assert "Le référentiel des collectivités" in out
    assert "Saint-Étienne" in out
