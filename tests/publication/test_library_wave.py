"""The library's wave 1 (synthetic): secret cyber answers never leave aggregates, package valid."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from barometre.publication.export import export_wave
from barometre.questionnaire import Sensitivity
from barometre.questionnaire.library import wave_questionnaires
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from tests.results.factory import library_wave

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def library_package(frame: Frame, tmp_path: Path) -> Path:
    wave = library_wave(1, 150)
    build_result_set(wave, "final", frame=frame)
    export_wave(wave, tmp_path, frame)
    return tmp_path


def test_no_restricted_or_secret_question_of_the_library_is_published(
    library_package: Path,
) -> None:
    hidden = {
        q.id
        for questionnaire in wave_questionnaires(1)
        for q in questionnaire.questions.values()
        if q.sensitivity is not Sensitivity.PUBLIC
    }
    assert {"cyb_victime_3ans", "cyb_rssi", "role"} <= hidden
    for path in sorted(library_package.glob("reponses_*.parquet")):
        assert not set(pl.read_parquet(path).columns) & hidden, path.name
    for path in sorted(library_package.glob("reponses_*.csv")):
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert not set(header) & hidden, path.name


def test_the_library_package_is_valid(library_package: Path) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "--json", str(library_package / "datapackage.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]


def test_suppressed_library_cells_are_empty(library_package: Path) -> None:
    data = pl.read_csv(library_package / "indicateurs.csv", infer_schema_length=0)
    hidden = data.filter(pl.col("secret") == "true")
    assert hidden.height > 0
    for column in ("valeur", "erreur_type", "ic_bas", "ic_haut", "base_n"):
        assert hidden[column].null_count() == hidden.height


def test_no_published_interval_has_zero_width(library_package: Path) -> None:
    """A share of 0 % or 100 % on a few collectivités is not certain: every published cell
    with an interval has its upper bound above its lower bound, raw and weighted."""
    data = pl.read_csv(library_package / "indicateurs.csv", infer_schema_length=None)
    published = data.filter(~pl.col("secret") & pl.col("ic_bas").is_not_null())
    at_bounds = published.filter(pl.col("valeur").is_in([0.0, 1.0]))
    assert set(at_bounds["ponderation"]) == {"brut", "pondere"}  # the cells that were points
    assert published.filter(pl.col("ic_haut") <= pl.col("ic_bas")).is_empty()
    # At 0 % or 100 %, at least as wide as Clopper–Pearson on the base (one answer per
    # collectivité here), since the df adjustment only shrinks the effective size.
    clopper_pearson = 1 - 0.025 ** (1 / at_bounds["base_n"])
    widths = at_bounds["ic_haut"] - at_bounds["ic_bas"]
    assert (widths >= clopper_pearson - 1e-12).all()
