"""A questionnaire changed between editions: a merged choice is compared after recoding, a type
change is a series break, and the dashboard, the API and evolutions.csv all say so."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.test import Client

from barometre.campaigns.flows import confirm_recode
from barometre.campaigns.models import Wave
from barometre.publication.export import export_wave
from barometre.referentiel import Frame
from tests.results.recode_factory import MERGED, two_editions, versions
from tests.support.pages import seen

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions(frame: Frame) -> tuple[Wave, Wave]:
    before, after = two_editions(frame)
    previous, current = versions()
    confirm_recode(previous, current, {"gestion": MERGED}, None, "OPSN et EPCI réunis")
    return before, after


def test_the_changes_page_shows_the_recoded_change_and_the_series_break(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    _, after = editions
    response = client.get(f"/resultats/{after.pk}/evolution/")
    text = seen(response)
    assert response.status_code == 200
    assert "Indicateurs comparés après recodage" in text
    assert "Site géré par une structure publique mutualisée : comparable après recodage." in text
    assert "Rupture de série" in text
    assert "Nombre moyen de pages : rupture de série." in text
    assert "Type « integer » devenu « percentage »" in text
    html = response.content.decode()
    assert 'data-before-cell="essai.gestion_mutualisee|ensemble|"' in html
    assert "après recodage</span>" in html
    assert 'data-cell="essai.pages|ensemble|"' not in html  # no change row for a break


def test_the_api_gives_the_series_break_and_the_recoded_change(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    before, after = editions
    answer = client.get(f"/api/v1/vagues/{after.pk}/evolutions", {"limite": 100}).json()
    by_indicator = {row["indicateur"]: row for row in answer["resultats"]}
    pages = by_indicator["essai.pages"]
    assert pages["comparabilite"] == "rupture_de_serie"
    assert "Type « integer » devenu « percentage »" in pages["motif_comparabilite"]
    assert pages["valeur_reference"] is None
    assert pages["ecart"] is None
    assert pages["valeur"] is not None  # this wave's figure is still published
    merged = by_indicator["essai.gestion_mutualisee"]
    assert merged["comparabilite"] == "comparable_apres_recodage"
    assert merged["ecart"] is not None
    assert by_indicator["essai.site"]["comparabilite"] == "comparable"
    assert by_indicator["essai.site"]["motif_comparabilite"] == ""
    one = client.get(f"/api/v1/vagues/{after.pk}/evolutions", {"indicateur": "essai.pages"})
    assert one.status_code == 200
    assert {r["comparabilite"] for r in one.json()["resultats"]} == {"rupture_de_serie"}
    assert before.pk == answer["vague_reference"]


def test_evolutions_csv_has_the_series_break_rows(
    editions: tuple[Wave, Wave], frame: Frame, tmp_path: Path
) -> None:
    _, after = editions
    export_wave(after, tmp_path, frame)
    with (tmp_path / "evolutions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pages = [r for r in rows if r["indicateur"] == "essai.pages"]
    assert pages
    assert {r["comparabilite"] for r in pages} == {"rupture_de_serie"}
    assert {r["valeur_reference"] for r in pages} == {""}
    assert {r["ecart"] for r in pages} == {""}
    whole = next(r for r in pages if r["domaine"] == "ensemble")
    assert whole["valeur"] != ""
    merged = [r for r in rows if r["indicateur"] == "essai.gestion_mutualisee"]
    assert {r["comparabilite"] for r in merged} == {"comparable_apres_recodage"}
    overall = next(r for r in merged if r["domaine"] == "ensemble")
    assert overall["ecart"] != ""
    assert "recodées par la table confirmée : « gestion »" in overall["motif_comparabilite"]
