"""Open data: a valid Frictionless package, suppressed cells empty, nothing sensitive per
authority."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from barometre.campaigns.models import Wave, WaveStatus
from barometre.publication.errors import PublicationError
from barometre.publication.export import export_wave
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultEstimate
from tests.results.factory import make_wave

pytestmark = pytest.mark.django_db
HIDDEN = ("valeur", "erreur_type", "ic_bas", "ic_haut", "base_n")
SENSITIVE = ("victime", "assurance")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_package_passes_frictionless_validate(package: Path) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "--json", str(package / "datapackage.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]


def test_the_package_declares_the_licence_and_french_descriptions(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    fields = [f for r in descriptor["resources"] for f in r.get("schema", {}).get("fields", [])]
    assert fields
    assert all(f["description"] for f in fields)
    assert "Estimation" in json.dumps(descriptor, ensure_ascii=False)


def test_every_file_is_listed_in_the_package(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"] for r in descriptor["resources"]} | {"datapackage.json"}
    assert {p.name for p in package.iterdir()} == listed


def test_suppressed_cells_are_empty_in_every_table_and_format(package: Path) -> None:
    checked = 0
    for path in sorted(package.glob("*.csv")):
        for row in rows(path):
            if row.get("secret") == "true":
                assert all(row[c] == "" for c in HIDDEN), (path.name, row)
                checked += 1
    for path in sorted(package.glob("*.parquet")):
        data = pl.read_parquet(path)
        if "secret" in data.columns:
            hidden = data.filter(pl.col("secret"))
            assert all(hidden[c].null_count() == hidden.height for c in HIDDEN)
    assert checked > 0


def test_every_suppressed_estimate_of_the_result_set_is_published_empty(
    published_wave: Wave, package: Path
) -> None:
    suppressed = ResultEstimate.objects.exclude(suppressed="")
    published = {
        (r["indicateur"], r["domaine"], r["modalite"], r["ponderation"]): r
        for r in rows(package / "indicateurs.csv")
    }
    assert suppressed.exists()
    for e in suppressed:
        row = published[(e.indicator_id, e.domain, e.level, e.weighting)]
        assert row["secret"] == "true"  # noqa: S105 - a CSV flag, not a password
        assert row["valeur"] == ""


def test_no_restricted_or_secret_answer_is_published_per_authority(package: Path) -> None:
    files = sorted(package.glob("reponses_*"))
    assert files
    for path in files:
        columns = pl.read_parquet(path).columns if path.suffix == ".parquet" else [*rows(path)[0]]
        assert not set(columns) & {*SENSITIVE, "commentaire", "nom_site", "role"}, path.name
        assert "a_site" in columns


def test_every_column_of_every_file_is_public(package: Path) -> None:
    """Enumerate every output file and column: only declared, public columns appear."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    declared = {
        r["path"]: [f["name"] for f in r["schema"]["fields"]]
        for r in descriptor["resources"]
        if "schema" in r
    }
    for path in sorted(package.iterdir()):
        if path.suffix == ".csv":
            assert [*rows(path)[0]] == declared[path.name]
        elif path.suffix == ".parquet":
            assert pl.read_parquet(path).columns == declared[path.stem + ".csv"]


def test_parquet_holds_the_same_rows_as_csv(package: Path) -> None:
    for path in sorted(package.glob("*.parquet")):
        data = pl.read_parquet(path)
        assert data.height == len(rows(path.with_suffix(".csv")))


def test_spreadsheet_formulas_are_neutralised_in_csv() -> None:
    from barometre.publication.package import csv_text  # noqa: PLC0415
    from barometre.publication.records import Column, Record  # noqa: PLC0415
    from barometre.publication.tables import Table  # noqa: PLC0415

    data = pl.DataFrame(
        {"texte": ["=1+1", "+33 1", "@SUM(A1)", "-2", "sain"], "n": [-1, 2, 3, 4, 5]}
    )
    columns = (Column("texte", "string", "Texte", "Texte."), Column("n", "integer", "N", "N."))
    text = csv_text(Table(Record("t", "T", "T.", columns), data)).decode("utf-8")
    assert text.splitlines()[1:] == ["'=1+1,-1", "'+33 1,2", "'@SUM(A1),3", "'-2,4", "sain,5"]


def test_csv_is_utf8_without_byte_order_mark(package: Path) -> None:
    content = (package / "indicateurs.csv").read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf")
    assert "Auvergne-Rhône-Alpes" in content.decode("utf-8")


def test_the_codebook_names_every_published_question(package: Path) -> None:
    text = (package / "codebook.md").read_text(encoding="utf-8")
    assert "`a_site`" in text
    assert "`messagerie` : Messagerie" in text
    assert "victime" not in text.split("## Table")[1].split("Indicateurs")[0]


def test_the_codebook_says_the_secret_holds_across_tables(package: Path) -> None:
    text = " ".join((package / "codebook.md").read_text(encoding="utf-8").split())
    assert "par un domaine jumeau (mêmes collectivités)" in text
    assert "décidé une fois pour tous les tableaux" in text


def test_an_unpublished_wave_is_refused(frame: Frame, tmp_path: Path) -> None:
    wave = make_wave(frame)
    build_result_set(wave, "final")
    with pytest.raises(PublicationError, match="pas publiée"):
        export_wave(wave, tmp_path, frame)


def test_a_published_wave_without_final_results_is_refused(frame: Frame, tmp_path: Path) -> None:
    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(wave, "provisional")
    with pytest.raises(PublicationError, match="définitif"):
        export_wave(wave, tmp_path, frame)


def test_the_command_writes_the_package(published_wave: Wave, tmp_path: Path) -> None:
    call_command("opendata_export", "--wave", str(published_wave.pk), "-o", str(tmp_path))
    assert (tmp_path / "datapackage.json").exists()
    with pytest.raises(CommandError, match="Aucune vague"):
        call_command("opendata_export", "--wave", "999999", "-o", str(tmp_path))


def test_the_barometre_command_writes_the_package(published_wave: Wave, tmp_path: Path) -> None:
    from click.testing import CliRunner  # noqa: PLC0415

    from barometre.cli.opendata import opendata  # noqa: PLC0415

    result = CliRunner().invoke(
        opendata, ["export", "--wave", str(published_wave.pk), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "fichiers écrits" in result.output
    refused = CliRunner().invoke(opendata, ["export", "--wave", "999999", "-o", str(tmp_path)])
    assert "Aucune vague" in refused.output


def test_strata_are_listed_by_size_in_the_indicators_table(package: Path) -> None:
    import polars as pl  # noqa: PLC0415 - only this test reads the table

    from barometre import vocabulary  # noqa: PLC0415

    table = pl.read_csv(package / "indicateurs.csv", infer_schema_length=0)
    first = table.filter(pl.col("indicateur") == table["indicateur"][0])
    strata = first.filter(pl.col("domaine") == "stratum")["modalite"].unique(maintain_order=True)
    assert len(strata) >= 3
    assert list(strata) == vocabulary.ordered("stratum", list(strata))
    domains = first["domaine"].unique(maintain_order=True).to_list()
    assert domains == [d for d in vocabulary.BY_CODE if d in domains]
