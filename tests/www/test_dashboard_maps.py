"""The map of an indicator by région or département: every unit in its table (overseas
included), the map's data only the published weighted values, no number for a secret cell,
a plain GET form that answers 400 in French to an unknown value."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.models import ResultSet
from barometre.www.dashboard.charts import MAP_ASSETS
from tests.results.factory import REGIONS, make_wave
from tests.www.test_dashboard_helpers import (
    DIGIT,
    OVERSEAS_DEPARTEMENTS,
    OVERSEAS_REGIONS,
    get,
    map_area,
    parse_map,
    publish,
    rendered_cells,
)

pytestmark = pytest.mark.django_db
THEME = "essai_resultats"


@pytest.fixture
def published(frame: Frame) -> tuple[Wave, ResultSet]:
    return publish(frame)


def indicators(result_set: ResultSet) -> list[str]:
    return sorted(i for i, m in result_set.indicators.items() if m["questionnaire"] == THEME)


def test_the_default_map_is_the_first_indicator_by_region_with_every_region(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/{THEME}/carte/")
    page = parse_map(html)
    regions = {unit.code for unit in frame.of_type("region")}
    assert regions >= OVERSEAS_REGIONS
    assert set(page.rows) == regions | {"ensemble"}
    (chart,) = page.maps
    assert chart["level"] == "reg"
    assert '<option value="essai.site" selected>' in html  # the theme's first indicator
    for asset in MAP_ASSETS:
        assert asset in html
    assert 'aria-hidden="true"' in html
    assert "Source :" in html
    assert "IC 95 %" in html


def test_a_link_kept_from_before_with_niveau_still_opens_the_departement_map(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/{THEME}/carte/?niveau=departement")
    assert parse_map(html).maps[0]["level"] == "dep"


def test_the_departement_level_lists_every_departement_and_counts_the_secret_ones(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    html = get(client, f"/resultats/{wave.pk}/{THEME}/carte/?ventilation=departement")
    page = parse_map(html)
    departements = {unit.code for unit in frame.of_type("departement")}
    assert departements >= OVERSEAS_DEPARTEMENTS | {"2A", "2B"}
    assert set(page.rows) == departements | {"ensemble"}
    assert page.maps[0]["level"] == "dep"
    rows = result_set.estimates.filter(
        indicator_id="essai.site", domain="departement", weighting="pondere"
    )
    secret = sum(1 for e in rows if e.suppressed)
    public = sum(1 for e in rows if not e.suppressed)
    silent = len(departements) - len(rows)
    assert public, "the test wave must publish some départements"
    assert (
        f"Départements : {public} sur {len(departements)} publiés, {secret} sous secret "
        f"statistique, {silent} sans aucune réponse."
    ) in html


def test_map_data_holds_only_published_weighted_values_and_the_table_no_secret_number(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    seen_secret = False
    for indicator in indicators(result_set):
        for level in ("region", "departement"):
            url = f"/resultats/{wave.pk}/{THEME}/carte/?indicateur={indicator}&ventilation={level}"
            html = get(client, url)
            rows = result_set.estimates.filter(
                indicator_id=indicator, domain=level, weighting="pondere"
            )
            public = {e.level: round(100 * e.value, 1) for e in rows if not e.suppressed}
            secret = {f"{indicator}|{level}|{e.level}" for e in rows if e.suppressed}
            page = parse_map(html)
            if public:
                (chart,), (wrapper,) = page.maps, page.wrappers
                areas = {map_area(level, code): value for code, value in public.items()}
                assert json.loads(chart["data"]) == areas, url
                assert not set(json.loads(wrapper["data-cells"])) & secret, url
            else:
                assert not page.maps, url
            cells = rendered_cells(html)
            for cell in secret:
                seen_secret = True
                assert "secret statistique" in cells[cell], (url, cell)
                assert not DIGIT.search(cells[cell]), (url, cell, cells[cell])
    assert seen_secret, "the test wave must have suppressed cells"


def test_a_missing_estimate_where_authorities_answered_is_a_secret(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    kept = result_set.estimates.filter(
        indicator_id="essai.site", domain="region", weighting="pondere", suppressed=""
    ).first()
    assert kept is not None
    region = kept.level
    result_set.estimates.filter(pk=kept.pk).delete()  # as if the build had left it out
    html = get(client, f"/resultats/{wave.pk}/{THEME}/carte/")
    cell = f"essai.site|region|{region}"
    assert rendered_cells(html)[cell] == "secret statistique non publié non publié"
    assert map_area("region", region) not in json.loads(parse_map(html).maps[0]["data"])


def test_units_where_nobody_answered_read_no_response_without_a_figure(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    page = parse_map(get(client, f"/resultats/{wave.pk}/{THEME}/carte/"))
    for unit in frame.of_type("region"):
        if unit.code in REGIONS:
            assert "aucune réponse" not in page.rows[unit.code]
        else:
            assert page.rows[unit.code] == [
                unit.name,
                unit.code,
                "aucune réponse",
                "sans objet",
                "sans objet",
            ]


def test_a_suppressed_national_figure_is_not_given_to_the_map(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    for indicator in indicators(result_set):
        overall = result_set.estimates.get(
            indicator_id=indicator, domain="ensemble", level="", weighting="pondere"
        )
        page = parse_map(get(client, f"/resultats/{wave.pk}/{THEME}/carte/?indicateur={indicator}"))
        for chart in page.maps:
            expected = (
                "secret statistique" if overall.suppressed else f"{round(100 * overall.value, 1)}"
            )
            assert chart["value"] == expected


@pytest.mark.parametrize(
    "query",
    [
        "indicateur=inconnu",
        "ventilation=commune",
        "ventilation=reg",
        "indicateur=%0A",
        "ventilation=" + "x" * 500,
    ],
)
def test_an_unknown_indicator_or_level_is_a_400_with_a_french_message(
    client: Client, published: tuple[Wave, ResultSet], query: str
) -> None:
    wave, _ = published
    html = get(client, f"/resultats/{wave.pk}/{THEME}/carte/?{query}", 400)
    assert "Valeur inconnue : choisissez une valeur de la liste." in html
    assert "data-cell" not in html
    assert "<map-chart" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/resultats/999999/essai_resultats/carte/",
        "/resultats/{wave}/inconnu/carte/",
        "/resultats/{unpublished}/essai_resultats/carte/",
        "/resultats/99999999999999999999999/essai_resultats/carte/",
    ],
)
def test_unknown_or_unpublished_waves_and_unknown_themes_are_404(
    client: Client, frame: Frame, published: tuple[Wave, ResultSet], path: str
) -> None:
    wave, _ = published
    communes = [unit.id for unit in frame.of_type("commune")[:3]]
    unpublished = make_wave(frame, communes, status=WaveStatus.CLOSED)
    html = get(client, path.format(wave=wave.pk, unpublished=unpublished.pk), 404)
    assert "Page introuvable" in html


def test_the_map_only_answers_get_and_head(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, _ = published
    url = f"/resultats/{wave.pk}/{THEME}/carte/"
    assert client.head(url).status_code == 200
    assert client.head(f"{url}?ventilation=departement").status_code == 200
    assert client.post(url).status_code == 405


def test_each_theme_table_links_to_its_indicator_map(
    client: Client, published: tuple[Wave, ResultSet]
) -> None:
    wave, result_set = published
    theme = get(client, f"/resultats/{wave.pk}/{THEME}/")
    for indicator in indicators(result_set):
        link = f"/resultats/{wave.pk}/{THEME}/carte/?indicateur={indicator}"
        assert f'href="{link}"' in theme
        assert f'<option value="{indicator}" selected>' in get(client, link)
