"""Participation by région or by département: every unit of the frame in the table (overseas
included) with its rate against the frame, the map the same rates, a rate over few units
flagged « fragile », a plain GET form that answers 400 in French to an unknown level."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.test import Client

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response, ResponseStatus
from barometre.referentiel import Frame
from barometre.results.models import ResultSet
from barometre.www.api.queries import participation_by_departement, participation_by_region
from barometre.www.dashboard.charts import MAP_ASSETS
from tests.results.factory import make_wave, sample_communes
from tests.www.test_dashboard_helpers import (
    MAP_REGIONS,
    OVERSEAS_DEPARTEMENTS,
    OVERSEAS_REGIONS,
    get,
    parse_map,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(frame: Frame) -> tuple[Wave, ResultSet]:
    return publish(frame)


def number(text: str) -> int:
    return int(text.replace("\u202f", ""))


def expected(frame: Frame, wave: Wave, attribute: str) -> tuple[Counter[str], Counter[str]]:
    """Frame units and responding authorities per région or département, counted afresh."""
    units = Counter(getattr(u, attribute) for u in frame.units if getattr(u, attribute))
    answered = set(
        Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED).values_list(
            "authority_id", flat=True
        )
    )
    return units, Counter(getattr(frame.get(uid), attribute) for uid in answered)


def rate(responded: int, units: int) -> str:
    return f"{100 * responded / units:.1f}\u202f%".replace(".", ",")


def test_the_departement_level_lists_all_101_departements_with_rates_against_the_frame(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    page = parse_map(get(client, f"/resultats/{wave.pk}/participation/?ventilation=departement"))
    departements = {unit.code for unit in frame.of_type("departement")}
    assert len(departements) == 101
    assert departements >= OVERSEAS_DEPARTEMENTS | {"2A", "2B"}
    assert set(page.rows) == departements | {"ensemble"}
    (chart,) = page.maps
    assert chart["level"] == "dep"
    data = json.loads(chart["data"])
    assert set(data) == departements
    units, responded = expected(frame, wave, "departement")
    assert sum(responded.values()) == 30
    for unit in frame.of_type("departement"):
        name, code, frame_units, responding, shown, *_flag = page.rows[unit.code]
        assert (name, code) == (unit.name, unit.code)
        assert number(frame_units) == units[unit.code]
        assert number(responding) == responded[unit.code]
        assert shown == rate(responded[unit.code], units[unit.code])
        assert data[unit.code] == round(100 * responded[unit.code] / units[unit.code], 1)


def test_the_departement_total_leaves_the_regions_out(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/participation/?ventilation=departement")
    total = parse_map(html).rows["ensemble"]
    regions = len(frame.of_type("region"))
    assert total[:2] == ["France entière", "FR"]
    assert number(total[2]) == len(frame.units) - regions
    assert number(total[3]) == 30
    assert total[4] == rate(30, len(frame.units) - regions)
    assert "Les régions ne relèvent d'aucun département" in html
    assert parse_map(html).maps[0]["value"] == f"{100 * 30 / (len(frame.units) - regions):.1f}"


def test_a_rate_over_few_units_is_flagged_fragile(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/participation/?ventilation=departement")
    page = parse_map(html)
    units, _responded = expected(frame, wave, "departement")
    small = {code for code, n in units.items() if n < 30}
    assert {"75", "976", "973"} <= small  # Paris: the commune, its EPCI and the département
    for code, texts in page.rows.items():
        assert (texts[-1] == "fragile") == (code in small), code
    assert f"{len(small)} départements sur 101 sont dans ce cas." in html
    assert "moins de 30 collectivités" in html


def test_the_default_is_the_region_level_with_the_wave_page_numbers(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/participation/")
    page = parse_map(html)
    regions = {unit.code for unit in frame.of_type("region")}
    assert regions >= OVERSEAS_REGIONS
    assert set(page.rows) == regions | {"ensemble"}
    (chart,) = page.maps
    assert chart["level"] == "reg"
    assert '<option value="region" selected>' in html
    for asset in MAP_ASSETS:
        assert asset in html
    assert 'aria-hidden="true"' in html
    assert "Source :" in html
    units, responded = expected(frame, wave, "region")
    data = json.loads(chart["data"])
    assert set(data) == set(MAP_REGIONS.values())  # the areas the component draws, overseas too
    for row in participation_by_region(wave):
        name, code, frame_units, responding, shown, *_flag = page.rows[row["region"]]
        assert (name, code) == (row["nom"], row["region"])
        assert number(frame_units) == row["collectivites"] == units[code]
        assert number(responding) == row["repondantes"] == responded[code]
        assert shown == rate(responded[code], units[code])
        assert data[MAP_REGIONS[code]] == round(100 * responded[code] / units[code], 1), code
    total = page.rows["ensemble"]
    assert number(total[2]) == len(frame.units)  # every unit has a région, régions included
    wave_page = get(client, f"/resultats/{wave.pk}/")
    assert f"<td>{total[2]}</td><td>{total[3]}</td><td>{total[4]}</td></tr></tfoot>" in wave_page


def test_the_wave_page_links_to_participation_by_departement(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/")
    link = f"/resultats/{wave.pk}/participation/?ventilation=departement"
    assert f'href="{link}">Participation par département</a>' in html
    assert '<option value="departement" selected>' in get(client, link)


def test_regions_and_unknown_authorities_stay_out_of_the_departement_count(
    frame: Frame,
) -> None:
    communes = sample_communes(frame)[:2]
    authorities = [*communes, "region:84", "departement:42", "commune:00000"]
    wave = make_wave(frame, authorities, status=WaveStatus.CLOSED)
    by_departement = {r["departement"]: r for r in participation_by_departement(wave)}
    by_region = {r["region"]: r for r in participation_by_region(wave)}
    assert sum(r["repondantes"] for r in by_departement.values()) == 3
    assert sum(r["repondantes"] for r in by_region.values()) == 4
    assert by_departement["42"]["repondantes"] >= 1
    assert by_departement["42"]["region"] == "84"
    assert set(by_departement["42"]) == {
        "departement",
        "nom",
        "region",
        "collectivites",
        "repondantes",
        "taux",
    }


@pytest.mark.parametrize(
    "query",
    ["ventilation=commune", "ventilation=dep", "ventilation=%0A", "ventilation=" + "x" * 500],
)
def test_an_unknown_level_is_a_400_with_a_french_message(
    client: Client, published: tuple[Wave, ResultSet], query: str
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/participation/?{query}", 400)
    assert "Valeur inconnue : choisissez une valeur de la liste." in html
    assert "<map-chart" not in html
    assert "data-unit" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/resultats/999999/participation/",
        "/resultats/{unpublished}/participation/",
        "/resultats/{unpublished}/participation/?ventilation=departement",
        "/resultats/99999999999999999999999/participation/",
    ],
)
def test_unknown_or_unpublished_waves_are_404(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet], path: str
) -> None:
    communes = [unit.id for unit in frame.of_type("commune")[:3]]
    unpublished = make_wave(frame, communes, status=WaveStatus.CLOSED)
    html = get(client, path.format(unpublished=unpublished.pk), 404)
    assert "Page introuvable" in html


def test_the_page_only_answers_get_and_head(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    url = f"/resultats/{wave.pk}/participation/"
    for query in ("", "?ventilation=departement"):
        head = client.head(f"{url}{query}")
        assert head.status_code == 200
        assert head.content == b""
    assert client.head(f"{url}?ventilation=canton").status_code == 400
    assert client.post(url).status_code == 405
