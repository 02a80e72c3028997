"""The names the maps give the régions are the ones the installed map component draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from barometre.referentiel import load_frame
from barometre.www.dashboard.map_areas import (
    CHART_REGIONS,
    UnknownAreaError,
    chart_area,
    chart_data,
)

LIBRARY = Path(settings.BASE_DIR) / "node_modules/@gouvfr/dsfr-chart/dist/DSFRChart/DSFRChart.js"


@pytest.fixture(scope="module")
def source() -> str:
    assert LIBRARY.is_file(), "npm ci n'a pas été lancé : node_modules/@gouvfr/dsfr-chart manque"
    return LIBRARY.read_text(encoding="utf-8")


def test_every_region_of_the_frame_has_an_area_of_its_own() -> None:
    regions = {unit.code for unit in load_frame().of_type("region")}
    assert len(regions) == 18
    assert set(CHART_REGIONS) == regions
    assert len(set(CHART_REGIONS.values())) == 18


def test_the_areas_are_the_paths_the_component_draws_at_region_level(source: str) -> None:
    """Its région map (13 paths: three letters, Corse « 20R ») and its five overseas insets."""
    metropolitan = set(re.findall(r'class: "FR-([A-Z]{3}|20R)"', source))
    overseas = set(re.findall(r'class: "FR-(97\d)"', source))
    assert len(metropolitan) == 13
    assert overseas == {"971", "972", "973", "974", "976"}
    assert set(CHART_REGIONS.values()) == metropolitan | overseas


def test_the_areas_are_the_regions_of_the_component_s_own_table(source: str) -> None:
    """Its tooltip names a région from this table: an area outside it would have no name."""
    assert set(re.findall(r'region_value: "([^"]+)"', source)) == set(CHART_REGIONS.values())


def test_the_data_names_regions_by_area_and_departements_by_insee_code() -> None:
    assert json.loads(chart_data("region", {"53": 12.5, "04": 3.0, "94": 0.0})) == {
        "BRE": 12.5,
        "974": 3.0,
        "20R": 0.0,
    }
    assert json.loads(chart_data("departement", {"2A": 1.5, "974": 2.0})) == {"2A": 1.5, "974": 2.0}
    assert chart_data("region", {}) == "{}"


def test_a_region_without_an_area_is_refused_rather_than_left_uncoloured() -> None:
    with pytest.raises(UnknownAreaError, match="pas de zone pour la région 99"):
        chart_area("region", "99")
