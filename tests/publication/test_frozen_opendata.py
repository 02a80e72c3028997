"""The open data per authority is read from the answers frozen with the final result set."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from barometre.campaigns.models import Wave
from barometre.collection.models import Answer, Response
from barometre.publication.errors import PublicationError
from barometre.publication.export import export_wave
from barometre.referentiel import Frame
from barometre.results.models import ResultAnswers, ResultSet

pytestmark = pytest.mark.django_db
FILE = "reponses_essai_resultats"


def published_answers(directory: Path) -> dict[str, dict[str, str]]:
    with (directory / f"{FILE}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["collectivite"]: row for row in csv.DictReader(handle)}


def test_an_answer_corrected_after_the_build_is_not_published_until_a_rebuild(
    published_wave: Wave, frame: Frame, tmp_path: Path
) -> None:
    response = Response.objects.filter(wave=published_wave).order_by("authority_id").first()
    assert response is not None
    answer = Answer.objects.get(response=response, question_id="a_site")
    corrected = "non" if answer.value == "oui" else "oui"
    Answer.objects.filter(pk=answer.pk).update(value=corrected)

    export_wave(published_wave, tmp_path / "donnees", frame)

    published = published_answers(tmp_path / "donnees")
    assert published[response.authority_id]["a_site"] == answer.value != corrected
    parquet = pl.read_parquet(tmp_path / "donnees" / f"{FILE}.parquet")
    row = parquet.filter(pl.col("collectivite") == response.authority_id).row(0, named=True)
    assert row["a_site"] == answer.value
    assert len(published) == ResultSet.objects.get().responses == 30


def test_a_result_set_without_frozen_answers_is_refused_with_the_way_out(
    published_wave: Wave, frame: Frame, tmp_path: Path
) -> None:
    ResultAnswers.objects.all().delete()  # as built before answers were frozen
    with pytest.raises(PublicationError, match="reconstruisez-en une révision"):
        export_wave(published_wave, tmp_path / "donnees", frame)
    assert not (tmp_path / "donnees").exists()
