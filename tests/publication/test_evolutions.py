"""The ``evolutions`` table of the open data: present only with a reference edition, the same
numbers as ``results.comparison``, nothing that the disclosure control hid, a valid package."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from django.test import Client, override_settings

from barometre.campaigns.models import Campaign, Wave, WaveStatus
from barometre.publication.evolutions import DOMAINS
from barometre.publication.export import export_wave
from barometre.publication.note import render_note
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.comparison import changes, comparable
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import latest_final
from tests.results.factory import make_wave, published_edition, sample_communes

pytestmark = pytest.mark.django_db

REFERENCE = ("valeur_reference", "ic_bas_reference", "ic_haut_reference", "base_n_reference")
CURRENT = ("valeur", "ic_bas", "ic_haut", "base_n")
CHANGE = ("ecart", "erreur_type_ecart", "ic_bas_ecart", "ic_haut_ecart", "p_valeur",
          "significatif")  # fmt: skip
NUMBERS = ("valeur", "ic_bas", "ic_haut", "base_n")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def is_secret(row: dict[str, str]) -> bool:
    return row["secret"] == "true"  # noqa: S105 - a CSV flag, not a password


def later_edition(frame: Frame, year: int) -> Wave:
    """Like ``published_edition``, with other answers (the communes in reverse order)."""
    wave = make_wave(frame, list(reversed(sample_communes(frame))), WaveStatus.PUBLISHED)
    build_result_set(wave, "final", frame=frame)
    renamed = {"slug": f"essai-{year}", "name": f"Essai {year}", "year": year}
    Campaign.objects.filter(pk=wave.campaign_id).update(**renamed)
    return Wave.objects.select_related("campaign").get(pk=wave.pk)


def suppress(wave: Wave, domain: str, level: str) -> None:
    """Put one weighted cell of ``essai.site`` under primary secret (as the control would)."""
    found = ResultEstimate.objects.filter(
        result_set=latest_final(wave),
        indicator_id="essai.site",
        domain=domain,
        level=level,
        weighting="pondere",
    )
    assert found.update(suppressed="primary") == 1


@pytest.fixture
def editions(frame: Frame) -> tuple[Wave, Wave]:
    before = published_edition(frame, 2025)
    after = later_edition(frame, 2026)
    suppress(before, "ensemble", "")  # secret on the reference side only
    suppress(after, "type", "commune")  # secret on this wave's side only
    return before, after


@pytest.fixture
def packages(editions: tuple[Wave, Wave], frame: Frame, tmp_path: Path) -> tuple[Path, Path]:
    before, after = editions
    export_wave(before, tmp_path / "reference", frame)
    export_wave(after, tmp_path / "courante", frame)
    return tmp_path / "reference", tmp_path / "courante"


def test_only_a_wave_with_a_reference_has_the_table(packages: tuple[Path, Path]) -> None:
    first, second = packages
    assert not list(first.glob("evolutions*"))
    assert {p.name for p in second.glob("evolutions*")} == {"evolutions.csv", "evolutions.parquet"}
    first_descriptor = json.loads((first / "datapackage.json").read_text(encoding="utf-8"))
    assert "evolutions" not in {r["name"] for r in first_descriptor["resources"]}
    assert "référence" not in first_descriptor["description"]
    assert len(first_descriptor["sources"]) == 1
    assert "evolutions" not in (first / "codebook.md").read_text(encoding="utf-8")


def test_the_metadata_and_codebook_name_the_reference(
    editions: tuple[Wave, Wave], packages: tuple[Path, Path]
) -> None:
    before = editions[0]
    package = packages[1]
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    reference = latest_final(before)
    assert reference is not None
    assert f"vague {before.pk}, jeu de résultats {reference.pk}" in descriptor["description"]
    assert any("Vague de référence" in s["title"] for s in descriptor["sources"])
    (resource,) = [r for r in descriptor["resources"] if r["name"] == "evolutions"]
    assert all(field["description"] for field in resource["schema"]["fields"])
    text = (package / "codebook.md").read_text(encoding="utf-8")
    section = text.split("## Table `evolutions`")[1].split("\n## ")[0]
    assert "section 8" in section
    assert "`significatif`" in section
    assert "Essai 2025" in section


def test_the_values_agree_with_the_comparison(
    editions: tuple[Wave, Wave], packages: tuple[Path, Path]
) -> None:
    before, after = (latest_final(wave) for wave in editions)
    assert before is not None
    assert after is not None
    expected = changes(before, after, DOMAINS, comparable(before, after))
    published = rows(packages[1] / "evolutions.csv")
    assert len(published) == len(expected)
    assert {r["domaine"] for r in published} == set(DOMAINS)
    compared = 0
    for row in published:
        pair = expected[(row["indicateur"], row["domaine"], row["modalite"])]
        assert row["vague_reference"] == str(editions[0].pk)
        assert row["campagne_reference"] == "Essai 2025"
        if pair.change is None:
            assert all(row[c] == "" for c in CHANGE), row
            continue
        assert pair.before is not None
        assert pair.after is not None
        compared += 1
        assert float(row["valeur_reference"]) == pair.before.value
        assert float(row["valeur"]) == pair.after.value
        assert int(row["base_n"]) == pair.after.n
        assert float(row["ecart"]) == pytest.approx(pair.change.difference)
        assert float(row["erreur_type_ecart"]) == pytest.approx(pair.change.se)
        assert float(row["ic_bas_ecart"]) == pytest.approx(pair.change.low)
        assert float(row["p_valeur"]) == pytest.approx(pair.change.p_value)
        assert row["significatif"] == ("true" if pair.change.significant() else "false")
    assert compared
    assert any(float(r["ecart"]) != 0 for r in published if r["ecart"])
    assert {r["questionnaire"] for r in published} == {"essai_resultats"}


def test_a_secret_cell_on_either_side_reveals_nothing(packages: tuple[Path, Path]) -> None:
    reference, current = packages
    published = {
        (r["indicateur"], r["domaine"], r["modalite"]): r
        for r in rows(current / "indicateurs.csv")
        if r["ponderation"] == "pondere"
    }
    earlier = {
        (r["indicateur"], r["domaine"], r["modalite"]): r
        for r in rows(reference / "indicateurs.csv")
        if r["ponderation"] == "pondere"
    }
    sides = {"reference": 0, "courante": 0}
    for row in rows(current / "evolutions.csv"):
        cell = (row["indicateur"], row["domaine"], row["modalite"])
        hidden_before = cell in earlier and is_secret(earlier[cell])
        hidden_after = cell in published and is_secret(published[cell])
        for hidden, columns, table, side in (
            (hidden_before, REFERENCE, earlier, "reference"),
            (hidden_after, CURRENT, published, "courante"),
        ):
            if hidden:
                sides[side] += 1
                assert all(row[c] == "" for c in (*columns, *CHANGE)), row
                assert row["secret"] == "true"  # noqa: S105 - a CSV flag
                assert row["cote_secret"] in {side, "les_deux"}
            elif cell in table:  # the same figures as the indicateurs table of that wave
                assert [row[c] for c in columns] == [table[cell][c] for c in NUMBERS]
        if not (hidden_before or hidden_after):
            assert (row["secret"], row["cote_secret"]) == ("false", "")
    assert sides["reference"]
    assert sides["courante"]


def test_the_cells_put_under_secret_here_are_empty(packages: tuple[Path, Path]) -> None:
    found = {
        (r["indicateur"], r["domaine"], r["modalite"]): r
        for r in rows(packages[1] / "evolutions.csv")
    }
    whole = found[("essai.site", "ensemble", "")]
    assert whole["cote_secret"] == "reference"  # noqa: S105 - which side is hidden
    assert whole["valeur"] != ""
    assert all(whole[c] == "" for c in (*REFERENCE, *CHANGE))
    communes = found[("essai.site", "type", "commune")]
    assert communes["cote_secret"] == "courante"  # noqa: S105 - which side is hidden
    assert communes["valeur_reference"] != ""
    assert all(communes[c] == "" for c in (*CURRENT, *CHANGE))


def test_parquet_matches_csv_and_hides_the_same_cells(packages: tuple[Path, Path]) -> None:
    package = packages[1]
    data = pl.read_parquet(package / "evolutions.parquet")
    assert data.columns == [*rows(package / "evolutions.csv")[0]]
    assert data.height == len(rows(package / "evolutions.csv"))
    hidden = data.filter(pl.col("secret"))
    assert set(hidden["cote_secret"]) <= {"reference", "courante", "les_deux"}
    assert hidden.height
    assert all(hidden[c].null_count() == hidden.height for c in CHANGE)


def test_the_package_passes_frictionless_validate(packages: tuple[Path, Path]) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "--json", str(packages[1] / "datapackage.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]


@pytest.fixture
def package_root(tmp_path: Path) -> object:
    with override_settings(OPENDATA_ROOT=tmp_path / "opendata"):
        yield tmp_path / "opendata"


def test_the_download_page_lists_and_serves_the_table(
    editions: tuple[Wave, Wave], package_root: Path
) -> None:
    before, after = editions
    html = Client().get(f"/donnees/{after.pk}/").content.decode()
    assert ">evolutions.csv</a>" in html
    reply = Client().get(f"/donnees/{after.pk}/evolutions.csv")
    assert reply.status_code == 200
    content = b"".join(reply.streaming_content).decode("utf-8")
    assert content.startswith(
        "questionnaire,indicateur,libelle,domaine,modalite,modalite_libelle,vague_reference,"
    )
    first = Client().get(f"/donnees/{before.pk}/").content.decode()
    assert "evolutions" not in first
    assert Client().get(f"/donnees/{before.pk}/evolutions.csv").status_code == 404


def test_a_new_reference_result_set_makes_a_new_package(
    editions: tuple[Wave, Wave], package_root: Path
) -> None:
    before, after = editions
    Client().get(f"/donnees/{after.pk}/")
    rebuilt = build_result_set(before, "final")
    reply = Client().get(f"/donnees/{after.pk}/datapackage.json")
    descriptor = json.loads(b"".join(reply.streaming_content))
    assert f"jeu de résultats {rebuilt.pk}," in descriptor["description"]
    folders = sorted(p.name for p in (package_root / f"vague-{after.pk}").iterdir())
    old = latest_final(after)
    assert old is not None
    assert f"r{old.revision}-ref{rebuilt.pk}" in folders
    assert len(folders) == 2


def test_the_methodology_note_names_the_reference_edition(frame: Frame) -> None:
    first = published_edition(frame, 2025)
    second = published_edition(frame, 2026)
    markdown, html = render_note(ResultSet.objects.get(wave=second))
    assert "Édition de référence de cette vague : Essai 2025" in markdown
    assert "Édition de référence de cette vague : Essai 2025" in html
    alone, _ = render_note(ResultSet.objects.get(wave=first))
    assert "Édition de référence de cette vague : aucune" in alone
