"""The public dashboard: only published final results, key figures with their uncertainty,
raw and weighted side by side, filters as a plain GET form, and no 500 on bad input."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultSet
from barometre.www.templatetags.french import date_fr
from tests.results.factory import make_wave
from tests.www.test_dashboard_helpers import publish, rendered_cells

pytestmark = pytest.mark.django_db
THEME = "essai_resultats"


@pytest.fixture
def published(frame: Frame) -> tuple[Wave, ResultSet]:
    return publish(frame)


def text(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_without_published_results_the_page_says_so_in_french(client: Client) -> None:
    assert "Aucun résultat n'est encore publié" in text(client, "/resultats/")


def test_the_results_home_shows_weighted_key_figures_with_interval_base_and_source(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    overall = result_set.estimates.get(
        indicator_id="essai.site", domain="ensemble", weighting="pondere"
    )
    page = text(client, "/resultats/")
    cell = rendered_cells(page)["essai.site|ensemble|"]
    assert f"{100 * overall.value:.1f}".replace(".", ",") in cell
    assert f"{100 * overall.ci_low:.1f}".replace(".", ",") in cell
    assert "base n = 30" in cell
    assert f"révision {result_set.revision}" in page
    assert f"construit le {date_fr(result_set.built_at)}" in page
    assert "coefficient de variation" in page
    assert f'href="/resultats/{wave.pk}/{THEME}/"' in page
    assert f'href="/resultats/{wave.pk}/methodologie/"' in page


def test_unpublished_waves_and_provisional_sets_are_not_shown(client: Client, frame: Frame) -> None:
    closed = make_wave(frame)
    build_result_set(closed, "final", frame=frame)
    provisional_only = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(provisional_only, "provisional", frame=frame)
    assert "Aucun résultat n'est encore publié" in text(client, "/resultats/")
    for wave in (closed, provisional_only):
        text(client, f"/resultats/{wave.pk}/", 404)
        text(client, f"/resultats/{wave.pk}/{THEME}/", 404)
        text(client, f"/resultats/{wave.pk}/methodologie/", 404)


def test_the_newest_final_revision_is_the_one_shown(
    client: Client, published: tuple[Wave, ResultSet], frame: Frame
) -> None:
    wave, _ = published
    newer = build_result_set(wave, "final", frame=frame)
    build_result_set(wave, "provisional", frame=frame)
    assert f"révision {newer.revision}," in text(client, f"/resultats/{wave.pk}/")


def test_a_theme_page_tables_every_indicator_raw_and_weighted_with_an_explanation(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    page = text(client, f"/resultats/{wave.pk}/{THEME}/")
    for indicator in ("essai.site", "essai.part_en_ligne", "essai.victime"):
        assert f'data-indicator="{indicator}"' in page
    assert "Brut ou pondéré ?" in page
    assert '<th scope="col">Brut</th>' in page
    assert '<th scope="col">Pondéré</th>' in page
    raw = result_set.estimates.get(indicator_id="essai.site", domain="ensemble", weighting="brut")
    cell = rendered_cells(page)["essai.site|ensemble|"]
    assert f"{100 * raw.value:.1f}".replace(".", ",") in cell
    assert "Écart pondéré − brut" in page
    assert "\u202fpt" in cell
    assert "essai.site|region|84" in rendered_cells(page)  # broken down by région by default


@pytest.mark.parametrize("breakdown", ["region", "departement", "type", "stratum", "role"])
def test_every_breakdown_lists_its_levels(
    client: Client, published: tuple[Wave, ResultSet], breakdown: str
) -> None:
    wave, result_set = published
    page = text(client, f"/resultats/{wave.pk}/{THEME}/?ventilation={breakdown}")
    levels = set(
        result_set.estimates.filter(indicator_id="essai.site", domain=breakdown).values_list(
            "level", flat=True
        )
    )
    rendered = {c.split("|")[2] for c in rendered_cells(page) if c.startswith("essai.site|")}
    assert rendered == {"", *levels}


def test_filters_compare_the_chosen_groups_with_the_whole(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    page = text(client, f"/resultats/{wave.pk}/{THEME}/?role=elu&stratum=%3C500&region=")
    rows = [c for c in rendered_cells(page) if c.startswith("essai.site|")]
    assert rows == ["essai.site|ensemble|", "essai.site|stratum|<500", "essai.site|role|elu"]
    assert '<option value="elu" selected>Élus et élues</option>' in page


@pytest.mark.parametrize(
    "query",
    ["role=maire", "region=99", "ventilation=commune", "type=%0A", "stratum=" + "x" * 500],
)
def test_an_unknown_filter_value_is_a_400_with_a_french_message(
    client: Client, published: tuple[Wave, ResultSet], query: str
) -> None:
    wave, _ = published
    page = text(client, f"/resultats/{wave.pk}/{THEME}/?{query}", 400)
    assert "Valeur inconnue : choisissez une valeur de la liste." in page
    assert "data-cell" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/resultats/999999/",
        "/resultats/999999/essai_resultats/",
        "/resultats/999999/methodologie/",
        "/resultats/99999999999999999999999/",
        "/resultats/{wave}/inconnu/",
        "/resultats/{wave}/essai_resultats/inconnu/",
        "/resultats/abc/",
        "/resultats/-1/",
    ],
)
def test_unknown_waves_and_themes_are_404(
    client: Client, published: tuple[Wave, ResultSet], path: str
) -> None:
    wave, _ = published
    page = text(client, path.format(wave=wave.pk), 404)
    assert "Page introuvable" in page


def test_pages_only_answer_get_and_head(client: Client, published: tuple[Wave, ResultSet]) -> None:
    wave, _ = published
    assert client.post(f"/resultats/{wave.pk}/{THEME}/").status_code == 405
    assert client.head(f"/resultats/{wave.pk}/{THEME}/").status_code == 200


def test_the_methodology_note_is_the_publication_note_inside_the_site(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    page = text(client, f"/resultats/{wave.pk}/methodologie/")
    assert "<h1>Note méthodologique" in page
    assert "Secret statistique" in page
    assert "<style" not in page
    assert len(re.findall(r"<main\b", page)) == 1


def test_other_published_waves_are_listed(client: Client, frame: Frame) -> None:
    first, _ = publish(frame)
    second, _ = publish(frame)
    page = text(client, "/resultats/")
    assert f"vague {second.number}</h1>" in page
    assert f'href="/resultats/{first.pk}/"' in page
    assert f"vague {first.number}</h1>" in text(client, f"/resultats/{first.pk}/")


def test_the_home_page_links_to_the_results(client: Client) -> None:
    assert 'href="/resultats/"' in text(client, "/")
