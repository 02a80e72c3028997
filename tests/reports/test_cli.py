"""``barometre restitution``: the same report as the page, as JSON or a standalone HTML file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from barometre.cli import cli
from barometre.referentiel import Frame
from tests.reports.factory import communes, published_wave

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_groups(settings: object) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = 5  # type: ignore[attr-defined]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["restitution", *args], catch_exceptions=False)


def test_json_gives_themes_scores_levels_and_the_peer_group(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    result = run("--vague", str(wave.pk), "--collectivite", units[8], "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(result.output)  # type: ignore[attr-defined]
    theme = data["themes"][0]
    assert (theme["libelle"], theme["niveau"]["nom"]) == ("Pratiques numériques", "Maîtrise")
    assert theme["score"] == 75.0
    assert theme["groupe"]["effectif"] == 8
    assert theme["evolution"]["statut"] == "premiere_participation"
    assert theme["evolution"]["message"].startswith("Première participation")
    assert data["recommandations"] == []  # the test questionnaire declares none


def test_html_is_a_whole_page_written_to_a_file(frame: Frame, tmp_path: Path) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    target = tmp_path / "restitution.html"
    result = run("--vague", str(wave.pk), "--collectivite", units[8], "-o", str(target))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Votre score : <strong>75,0 sur 100</strong>" in html
    assert "Communes de moins de 500 hab. du département Haute-Loire (43)" in html
    assert 'href="http://' in html  # the scoring page is linked absolutely


def test_an_unknown_unit_exits_1_with_a_french_message(frame: Frame) -> None:
    wave = published_wave(frame, communes(frame))
    result = run("--vague", str(wave.pk), "--collectivite", "commune:99999")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Collectivité inconnue" in result.output  # type: ignore[attr-defined]


def test_an_authority_that_did_not_answer_exits_1(frame: Frame) -> None:
    wave = published_wave(frame, communes(frame))
    result = run("--vague", str(wave.pk), "--collectivite", "42218")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "n'a soumis aucun questionnaire" in result.output  # type: ignore[attr-defined]


def test_a_format_not_offered_is_a_usage_error() -> None:
    result = run("--vague", "1", "--collectivite", "42218", "--format", "docx")
    assert result.exit_code == 2  # type: ignore[attr-defined]


def test_without_an_authority_nor_every_one_the_command_says_what_to_give() -> None:
    result = run("--vague", "1")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "indiquez --collectivite UNITE, ou --toutes" in result.output  # type: ignore[attr-defined]
