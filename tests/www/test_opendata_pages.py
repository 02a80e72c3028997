"""The open-data download page of a published wave."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultAnswers
from tests.results.factory import make_wave
from tests.support.browser import axe_violations, describe
from tests.support.pages import seen

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(frame: Frame, tmp_path: Path) -> Wave:
    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(wave, "final")
    return wave


@pytest.fixture(autouse=True)
def package_root(tmp_path: Path) -> Any:
    with override_settings(OPENDATA_ROOT=tmp_path / "opendata"):
        yield


def test_the_page_lists_the_package_files(published: Wave) -> None:
    html = Client().get(f"/donnees/{published.pk}/").content.decode()
    for name in ("datapackage.json", "indicateurs.csv", "codebook.md"):
        assert f">{name}</a>" in html


def test_a_file_downloads_as_an_attachment(published: Wave) -> None:
    reply = Client().get(f"/donnees/{published.pk}/datapackage.json")
    assert reply.status_code == 200
    assert "attachment" in reply["Content-Disposition"]
    package = json.loads(b"".join(reply.streaming_content))
    assert package["licenses"][0]["title"].startswith("Licence Ouverte")


@pytest.mark.parametrize("name", ["secret.csv", "..%2Fdb.sqlite3", "%2Fetc%2Fpasswd"])
def test_only_files_of_the_package_are_served(published: Wave, name: str) -> None:
    assert Client().get(f"/donnees/{published.pk}/{name}").status_code == 404


def test_an_unpublished_wave_has_no_open_data(frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.CLOSED)
    assert Client().get(f"/donnees/{wave.pk}/").status_code == 404


def test_a_result_set_without_its_frozen_answers_gets_a_french_page_not_an_error(
    published: Wave, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A result set built before the answers were frozen with it (an older installation)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ResultAnswers._meta.db_table}")  # noqa: S608
    reply = Client().get(f"/donnees/{published.pk}/")
    assert reply.status_code == 503
    text = seen(reply)
    assert "Les fichiers de cette vague ne sont pas disponibles pour l'instant" in text
    assert "révision" in text  # the reason says what the team must do
    assert "sa page de résultats" in text
    assert Client().get(f"/donnees/{published.pk}/datapackage.json").status_code == 404
    assert not list((tmp_path / "opendata").rglob("paquet-*"))  # no half package left behind
    assert any("impossibles à écrire" in r.getMessage() for r in caplog.records)


def test_the_dashboard_links_to_the_open_data(published: Wave) -> None:
    html = Client().get(f"/resultats/{published.pk}/").content.decode()
    assert f'href="/donnees/{published.pk}/"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_has_no_accessibility_violation(
    page: Any, live_server: Any, published: Wave
) -> None:
    page.goto(f"{live_server.url}/donnees/{published.pk}/")
    violations = axe_violations(page)
    assert not violations, describe(violations)
