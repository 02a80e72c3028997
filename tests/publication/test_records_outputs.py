"""Every published output matches its declaration in ``publication.records`` (and
``records_api``): the CSV header, the Parquet types, the Table Schema of ``datapackage.json``,
the codebook, the JSON answers of the API and the OpenAPI components; and a column that two
tables share means the same thing in both (a reuser can join them).

The package and the answers are real: two published editions of the factory wave with their
final result sets (the second compared with the first), exported and served by the API.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from barometre.campaigns.models import Wave
from barometre.publication.export import export_wave
from barometre.publication.package import csv_cell
from barometre.publication.records import (
    CHANGES,
    ESTIMATES,
    RENAMED,
    TYPE_WORDS,
    Column,
    Record,
    answers_record,
)
from barometre.publication.records_api import (
    API_RECORDS,
    AUTHORITIES,
    CHANGES_ANSWER,
    INDICATORS,
    PAGE,
    PARTICIPATION,
    QUESTIONNAIRES,
    RESULTS_ANSWER,
    SEARCH_ANSWER,
    WAVES,
    WEIGHTING,
)
from barometre.referentiel import Frame
from barometre.vocabulary import modality_label
from tests.results.factory import published_edition

pytestmark = pytest.mark.django_db

#: What each declared type must be in a Parquet file, written out here (not read from the code).
PARQUET: dict[str, pl.DataType] = {
    "string": pl.String(),
    "number": pl.Float64(),
    "integer": pl.Int64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
}
PAGE_KEYS = [column.name for column in PAGE]


@pytest.fixture
def editions(frame: Frame) -> tuple[Wave, Wave]:
    return published_edition(frame, 2025), published_edition(frame, 2026)


@pytest.fixture
def package(editions: tuple[Wave, Wave], frame: Frame, tmp_path: Path) -> Path:
    export_wave(editions[1], tmp_path / "paquet", frame)
    return tmp_path / "paquet"


@pytest.fixture(autouse=True)
def no_rate_limit() -> Any:
    cache.clear()
    with override_settings(API_REQUESTS_PER_MINUTE=100_000):
        yield


def api(path: str) -> Any:
    reply = Client().get(path)
    assert reply.status_code == 200, reply.content.decode()[:500]
    return reply.json()


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def declarations(package: Path, wave: Wave) -> dict[str, Record]:
    """The record of each table of the package, from the questionnaires of the wave."""
    answers = [answers_record(link.version.questionnaire) for link in wave.questionnaires.all()]
    return {record.name: record for record in (ESTIMATES, CHANGES, *answers)}


def descriptor(package: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((package / "datapackage.json").read_text("utf-8"))
    return found


def as_csv(value: object) -> str:
    """A JSON value as the open-data CSV writes it."""
    return str(csv_cell(value))


def test_the_package_has_one_table_per_declaration(
    package: Path, editions: tuple[Wave, Wave]
) -> None:
    tables = {r["name"] for r in descriptor(package)["resources"] if "schema" in r}
    assert tables == {"indicateurs", "evolutions", "reponses_essai_resultats"}
    assert tables == set(declarations(package, editions[1]))


def test_each_csv_header_is_its_declared_columns_in_order(
    package: Path, editions: tuple[Wave, Wave]
) -> None:
    for name, record in declarations(package, editions[1]).items():
        with (package / f"{name}.csv").open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split(",")
        assert header == list(record.names), name
    assert "niveau" not in (package / "evolutions.csv").read_text("utf-8").splitlines()[0]


def test_each_parquet_file_has_the_declared_columns_and_types(
    package: Path, editions: tuple[Wave, Wave]
) -> None:
    for name, record in declarations(package, editions[1]).items():
        schema = pl.read_parquet_schema(package / f"{name}.parquet")
        assert list(schema) == list(record.names), name
        for column in record.columns:
            assert schema[column.name] == PARQUET[column.type], (name, column.name)
    answers = pl.read_parquet(package / "reponses_essai_resultats.parquet")
    assert answers.schema["part_en_ligne"] == pl.Float64()  # a percentage question
    assert answers.schema["outils"] == pl.String()  # options joined by « ; »


def test_each_table_schema_is_its_declaration(package: Path, editions: tuple[Wave, Wave]) -> None:
    records = declarations(package, editions[1])
    for resource in descriptor(package)["resources"]:
        if "schema" not in resource:
            continue
        record = records[resource["name"]]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(record.names)
        for field, column in zip(fields, record.columns, strict=True):
            assert (field["type"], field["title"], field["description"]) == (
                column.type, column.label, column.description,
            )  # fmt: skip
            assert field.get("constraints", {}).get("enum", []) == list(column.enum)
        assert resource["title"] == record.title
    secret = next(r for r in descriptor(package)["resources"] if r["name"] == "indicateurs")
    flags = [f for f in secret["schema"]["fields"] if f["name"] == "secret"]
    assert flags == [{**flags[0], "type": "boolean", "trueValues": ["true"]}]


def codebook_rows(text: str, heading: str) -> list[list[str]]:
    """The rows of the first column table after ``heading``: name, type, label, description."""
    section = text.split(heading, 1)[1]
    lines = [line for line in section.split("\n## ", 1)[0].splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


def test_the_codebook_lists_each_declared_column_with_its_type_and_label(
    package: Path, editions: tuple[Wave, Wave]
) -> None:
    text = (package / "codebook.md").read_text("utf-8")
    answers = declarations(package, editions[1])["reponses_essai_resultats"]
    for heading, record in (
        ("## Table `indicateurs`", ESTIMATES),
        ("## Table `evolutions`", CHANGES),
        ("## Questionnaire d'essai des résultats", answers),
    ):
        rows = codebook_rows(text, heading)
        assert [r[0] for r in rows] == [f"`{n}`" for n in record.names], heading
        for (_, kind, label, description), column in zip(rows, record.columns, strict=True):
            assert (kind, label) == (TYPE_WORDS[column.type], column.label)
            assert description.startswith(column.description.replace("|", "\\|"))
    (motif,) = [
        r for r in codebook_rows(text, "## Table `indicateurs`") if r[0] == "`motif_secret`"
    ]
    assert motif[3].endswith("Valeurs : `primaire`, `secondaire`.")


def test_the_codebook_says_which_published_names_changed(package: Path) -> None:
    text = (package / "codebook.md").read_text("utf-8")
    changes = text.split("## Changements", 1)[1]
    assert "- `evolutions.csv` : niveau → modalite" in changes
    assert "- `evolutions.csv` : libelle_niveau → modalite_libelle" in changes
    assert "/api/" not in changes  # said on the API's own page


def assert_typed(row: dict[str, Any], record: Record) -> None:
    """Each JSON value has its declared type; empty only where the declaration allows it."""
    for column in record.columns:
        value = row[column.name]
        if value is None:
            assert column.nullable or column.secret, (record.name, column.name)
            continue
        assert matches(value, column), (record.name, column.name, value)


def matches(value: object, column: Column) -> bool:
    if column.enum and value not in column.enum:
        return False
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "date": lambda v: isinstance(v, str) and bool(dt.date.fromisoformat(v)),
        "datetime": lambda v: isinstance(v, str) and bool(dt.datetime.fromisoformat(v)),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }
    return bool(checks[column.type](value))


def assert_rows(rows: list[dict[str, Any]], record: Record) -> None:
    assert rows, record.name
    for row in rows:
        assert list(row) == list(record.names), record.name
        assert_typed(row, record)


def test_every_api_list_answers_rows_of_its_declaration(editions: tuple[Wave, Wave]) -> None:
    wave = editions[1].pk
    for path, record in (
        ("/api/v1/vagues", WAVES),
        (f"/api/v1/vagues/{wave}/questionnaires", QUESTIONNAIRES),
        (f"/api/v1/vagues/{wave}/indicateurs", INDICATORS),
        (f"/api/v1/vagues/{wave}/participation", PARTICIPATION),
        (f"/api/v1/vagues/{wave}/participation?domaine=departement", PARTICIPATION),
    ):
        body = api(path)
        assert list(body) == ["resultats", *PAGE_KEYS], path
        assert_rows(body["resultats"], record)
    one = api(f"/api/v1/vagues/{wave}")
    assert list(one) == list(WAVES.names)
    assert_typed(one, WAVES)


def test_results_and_changes_answer_their_declared_header_and_rows(
    editions: tuple[Wave, Wave],
) -> None:
    wave = editions[1].pk
    for path, header, record in (
        (f"/api/v1/vagues/{wave}/resultats", RESULTS_ANSWER, ESTIMATES),
        (f"/api/v1/vagues/{wave}/evolutions?domaine=region", CHANGES_ANSWER, CHANGES),
    ):
        body = api(path)
        assert list(body) == [*header.names, "resultats", *PAGE_KEYS], path
        assert_typed(body, header)
        assert_rows(body["resultats"], record)
    calage = api(f"/api/v1/vagues/{wave}/resultats")["calage"]
    assert list(calage) == ["essai_resultats"]
    assert list(calage["essai_resultats"]) == list(WEIGHTING.names)
    assert_typed(calage["essai_resultats"], WEIGHTING)


def test_the_package_states_the_weighting_as_the_api_does(
    package: Path, editions: tuple[Wave, Wave]
) -> None:
    stated = descriptor(package)["calage"]
    assert stated == api(f"/api/v1/vagues/{editions[1].pk}/resultats")["calage"]
    assert list(stated["essai_resultats"]) == list(WEIGHTING.names)


def test_the_authority_search_answers_its_declaration() -> None:
    body = api("/api/collectivites?q=saint-etienne&limite=3")
    assert list(body) == [*SEARCH_ANSWER.names, "resultats"]
    assert_rows(body["resultats"], AUTHORITIES)
    assert body["resultats"][0]["collectivite"] == "commune:42218"


def test_the_api_results_are_the_rows_of_the_indicateurs_table(
    package: Path, editions: tuple[Wave, Wave]
) -> None:
    rows = api(f"/api/v1/vagues/{editions[1].pk}/resultats")["resultats"]
    published = csv_rows(package / "indicateurs.csv")
    assert [{k: as_csv(v) for k, v in row.items()} for row in rows] == published
    hidden = [row for row in rows if row["secret"]]
    assert hidden
    assert all(row["motif_secret"] in {"primaire", "secondaire"} for row in hidden)
    assert all(row["valeur"] is None and row["base_n"] is None for row in hidden)


def test_the_api_changes_are_the_rows_of_the_evolutions_table(
    package: Path, editions: tuple[Wave, Wave]
) -> None:
    published = csv_rows(package / "evolutions.csv")
    for domain in CHANGES.by_name["domaine"].enum:
        rows = api(f"/api/v1/vagues/{editions[1].pk}/evolutions?domaine={domain}")["resultats"]
        expected = [r for r in published if r["domaine"] == domain]
        assert [{k: as_csv(v) for k, v in row.items()} for row in rows] == expected, domain


def test_the_openapi_components_are_the_declarations() -> None:
    document = api("/api/openapi.json")
    schemas = document["components"]["schemas"]
    assert set(schemas) == {record.name for record in (*API_RECORDS, WEIGHTING)}
    for record in (*API_RECORDS, WEIGHTING):
        schema = schemas[record.name]
        assert schema["required"] == list(record.names)
        for column in record.columns:
            assert schema["properties"][column.name] == column.openapi()
    assert schemas["indicateurs"]["properties"]["secret"]["type"] == "boolean"
    assert schemas["calage"]["properties"]["regions_regroupees"]["items"]["type"] == "array"


def test_each_operation_points_at_its_record_and_header() -> None:
    paths = api("/api/openapi.json")["paths"]

    def answer(path: str) -> dict[str, Any]:
        found: dict[str, Any] = paths[path]["get"]["responses"]["200"]["content"]
        return found["application/json"]["schema"]

    for path, record, header in (
        ("/v1/vagues", WAVES, None),
        ("/v1/vagues/{wave_id}/resultats", ESTIMATES, RESULTS_ANSWER),
        ("/v1/vagues/{wave_id}/evolutions", CHANGES, CHANGES_ANSWER),
        ("/v1/vagues/{wave_id}/participation", PARTICIPATION, None),
        ("/collectivites", AUTHORITIES, SEARCH_ANSWER),
    ):
        schema = answer(path)
        items = schema["properties"]["resultats"]["items"]
        assert items == {"$ref": f"#/components/schemas/{record.name}"}, path
        for column in header.columns if header else ():
            assert schema["properties"][column.name] == column.openapi(), (path, column.name)
    assert answer("/v1/vagues/{wave_id}") == {"$ref": "#/components/schemas/vagues"}
    names = [p["name"] for p in paths["/v1/vagues/{wave_id}/resultats"]["get"]["parameters"]]
    assert {"domaine", "modalite"} <= set(names)
    assert "niveau" not in names


def declared_columns() -> dict[str, list[tuple[str, Column]]]:
    every: dict[str, list[tuple[str, Column]]] = {}
    for record in (*API_RECORDS, WEIGHTING, RESULTS_ANSWER, CHANGES_ANSWER, SEARCH_ANSWER):
        for column in record.columns:
            every.setdefault(column.name, []).append((record.name, column))
    return every


def test_a_column_name_has_one_type_in_every_record() -> None:
    """``id`` aside (each resource's own identifier, named otherwise elsewhere: vague,
    questionnaire, indicateur), a name shared by two records has the same type in both."""
    for name, uses in declared_columns().items():
        if name == "id":
            continue
        kinds = {(column.type, column.items) for _, column in uses}
        assert len(kinds) == 1, (name, uses)
    domains = {record: column.enum for record, column in declared_columns()["domaine"]}
    assert set(domains["participation"]) <= set(domains["indicateurs"])


def test_join_keys_mean_the_same_thing_in_two_tables(
    package: Path, editions: tuple[Wave, Wave], frame: Frame
) -> None:
    estimates = csv_rows(package / "indicateurs.csv")
    labels = {(r["domaine"], r["modalite"]): r["modalite_libelle"] for r in estimates}
    answers = csv_rows(package / "reponses_essai_resultats.csv")
    for column, domain in (("region", "region"), ("departement", "departement"),
                           ("type", "type"), ("strate", "stratum")):  # fmt: skip
        codes = {r[column] for r in answers}
        assert codes <= {code for d, code in labels if d == domain}, column
    changes = csv_rows(package / "evolutions.csv")
    for row in changes:
        assert labels[(row["domaine"], row["modalite"])] == row["modalite_libelle"]
    wave = editions[1].pk
    by_region = api(f"/api/v1/vagues/{wave}/participation")["resultats"]
    names = {r["modalite"]: r["modalite_libelle"] for r in by_region}
    shown = {code: label for (domain, code), label in labels.items() if domain == "region"}
    assert shown
    assert all(names[code] == label for code, label in shown.items())
    indicators = {r["id"] for r in api(f"/api/v1/vagues/{wave}/indicateurs")["resultats"]}
    assert {r["indicateur"] for r in estimates} <= indicators
    assert {r["vague_reference"] for r in changes} == {str(editions[0].pk)}
    assert api(f"/api/v1/vagues/{wave}/resultats")["vague"] == api(f"/api/v1/vagues/{wave}")["id"]
    first = answers[0]
    found = api(f"/api/collectivites?q={first['nom']}&limite=20")["resultats"]
    same = next(r for r in found if r["collectivite"] == first["collectivite"])
    assert (same["nom"], same["type"], same["departement"]) == (
        first["nom"], first["type"], first["departement"],
    )  # fmt: skip
    assert modality_label("ensemble", "") in {r["modalite_libelle"] for r in estimates}


def test_the_api_documentation_lists_what_was_renamed() -> None:
    page = Client().get("/api/").content.decode()
    section = page.split('id="changements"', 1)[1]
    for change in RENAMED:
        if change.where.startswith("/api/"):
            assert f"<td>{change.before}</td>" in section.replace("&#x27;", "'")
