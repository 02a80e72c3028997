"""What the weighting did, said wherever the figures are read: the wave page, the note, the
infographic, the open-data package, the API and the changes since an earlier edition.

Two real result sets: a 2025 edition whose régions are met, and a 2026 edition whose small
communes answered only in Nouvelle-Aquitaine and larger ones only in Auvergne-Rhône-Alpes, so
that no weighting meets the région totals together with the type × stratum ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from barometre.campaigns.models import Campaign, Wave, WaveStatus
from barometre.publication.export import export_wave
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultSet
from tests.results.factory import (
    make_wave,
    published_edition,
    sample_communes,
    unreachable_communes,
)

pytestmark = pytest.mark.django_db

DROPPED = "Marge région abandonnée"
KEY = "essai_resultats"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def build_editions(frame: Frame) -> tuple[Wave, Wave]:
    """The 2025 edition (régions met) and the 2026 one (région margin unreachable)."""
    before = published_edition(frame, 2025)
    after = make_wave(frame, unreachable_communes(frame), status=WaveStatus.PUBLISHED)
    build_result_set(after, "final", frame=frame)
    Campaign.objects.filter(pk=after.campaign_id).update(slug="essai-2026", name="Essai 2026")
    return before, Wave.objects.select_related("campaign").get(pk=after.pk)


@pytest.fixture
def editions(frame: Frame) -> tuple[Wave, Wave]:
    return build_editions(frame)


def page(name: str, wave: Wave) -> str:
    response = Client().get(reverse(f"public:{name}", args=[wave.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_stored_report_says_the_region_margin_was_dropped(
    editions: tuple[Wave, Wave],
) -> None:
    report = ResultSet.objects.get(wave=editions[1]).weighting[KEY]
    assert report["method"] == "poststratify"
    assert report["margins"] == ["type × strate"]
    assert "margins-unreachable" in report["note"]
    assert report["region_levels"] == []


def test_the_wave_page_warns_before_the_figures_and_reports_the_weighting(
    editions: tuple[Wave, Wave],
) -> None:
    html = page("results_wave", editions[1])
    warning = html.index('data-weighting="avertissement"')
    assert warning < html.index('data-cell="')
    assert DROPPED in html[warning:]
    assert "Pondéré sur le type et la taille des collectivités seulement" in html
    assert "Marges atteintes : type × strate." in html


def test_a_raked_wave_shows_each_region_total_met(editions: tuple[Wave, Wave]) -> None:
    html = page("results_wave", editions[0])
    assert 'data-weighting="avertissement"' not in html
    assert "Pondéré sur le type, la taille et la région des collectivités." in html
    assert "Marges atteintes : type × strate et région." in html
    report = ResultSet.objects.get(wave=editions[0]).weighting[KEY]
    assert report["iterations"] > 1
    assert f"Raking convergé en {report['iterations']} itérations" in html
    for level in report["region_levels"]:
        assert level["achieved"] == pytest.approx(level["target"], rel=1e-6)
    section = html[html.index('data-table="ponderation-essai_resultats"') :]
    assert "Nouvelle-Aquitaine" in section.split("</table>")[0]


def test_the_note_says_what_was_done_not_what_was_planned(editions: tuple[Wave, Wave]) -> None:
    html = page("results_methodology", editions[1])
    assert DROPPED in html
    assert "Calage réalisé : Questionnaire d&#x27;essai des résultats : type × strate" in html
    assert "(1 itération)" in html
    assert "1 itérations" not in html
    assert "non calée" in html
    assert "raking sur type × strate et région." not in html


def test_the_infographic_says_the_regions_were_not_calibrated(
    editions: tuple[Wave, Wave],
) -> None:
    html = page("results_infographic", editions[1])
    line = html[html.index('data-weighting="infographie"') :].split("</p>")[0]
    assert "type et la taille des collectivités seulement" in line


def test_the_api_reports_the_dropped_margin_and_the_different_weightings(
    editions: tuple[Wave, Wave],
) -> None:
    before, after = editions
    results = Client().get(f"/api/v1/vagues/{after.pk}/resultats").json()
    weighting = results["calage"][KEY]
    assert weighting["marges"] == ["type × strate"]
    assert weighting["marges_abandonnees"] == ["région"]
    assert weighting["methode"] == "post-stratification"
    assert "margins-unreachable" in weighting["explication"]
    changes = Client().get(f"/api/v1/vagues/{after.pk}/evolutions?depuis={before.pk}").json()
    assert changes["ponderations_differentes"] == [KEY]
    same = Client().get(f"/api/v1/vagues/{before.pk}/resultats").json()["calage"][KEY]
    assert (same["marges"], same["marges_abandonnees"]) == (["type × strate", "région"], [])


def test_the_changes_page_says_the_two_editions_are_weighted_differently(
    editions: tuple[Wave, Wave],
) -> None:
    html = page("results_changes", editions[1])
    notice = html[html.index('data-weighting="comparaison"') :].split("</div>")[0]
    assert "Deux pondérations différentes" in notice
    assert "2025, vague 1, calage sur type × strate et région ;" in notice
    assert "2026, vague 1, calage sur type × strate (les chiffres par région" in notice


def test_the_open_data_package_describes_the_weighting(
    editions: tuple[Wave, Wave], frame: Frame, tmp_path: Path
) -> None:
    export_wave(editions[1], tmp_path, frame)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["calage"][KEY]["marges_abandonnees"] == ["région"]
    assert "marge région abandonnée" in package["description"]
    codebook = (tmp_path / "codebook.md").read_text(encoding="utf-8")
    assert DROPPED in codebook


def test_a_sparse_region_calibrated_with_its_neighbour_is_named_everywhere(
    frame: Frame, tmp_path: Path
) -> None:
    occitanie = sorted(
        (u for u in frame.of_type("commune") if u.region == "76" and u.population < 500),
        key=lambda u: u.code,
    )[:3]
    communes = [*sample_communes(frame), *(u.id for u in occitanie)]
    wave = make_wave(frame, communes, status=WaveStatus.PUBLISHED)
    build_result_set(wave, "final", frame=frame)
    report = ResultSet.objects.get(wave=wave).weighting[KEY]
    assert report["collapsed"] == [{"level": "75+76", "members": ["75", "76"]}]
    pooled = "Nouvelle-Aquitaine et Occitanie calées ensemble (moins de 10 collectivités"
    html = page("results_wave", wave)
    assert pooled in html
    assert 'data-weighting="avertissement"' not in html
    table = html[html.index('data-table="ponderation-essai_resultats"') :].split("</table>")[0]
    assert "Nouvelle-Aquitaine et Occitanie" in table
    assert "Calées ensemble : Nouvelle-Aquitaine et Occitanie." in page("results_infographic", wave)
    note = page("results_methodology", wave)
    assert pooled in note
    assert "calée avec Occitanie" in note
    api = Client().get(f"/api/v1/vagues/{wave.pk}/resultats").json()["calage"][KEY]
    assert api["regions_regroupees"] == [["Nouvelle-Aquitaine", "Occitanie"]]
    export_wave(wave, tmp_path, frame)
    assert pooled in (tmp_path / "codebook.md").read_text(encoding="utf-8")
