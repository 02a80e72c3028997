"""A relay's territory, from the frame: a région, a département or an EPCI covers its units."""

from __future__ import annotations

import pytest

from barometre.accounts.territory import TerritoryError, authorities_in, parse_territories


def test_territories_are_given_by_id_or_code_and_come_back_canonical() -> None:
    assert parse_territories(" 42, region:84 ,epci:244200770,42") == (
        "departement:42",
        "region:84",
        "epci:244200770",
    )


def test_a_commune_is_not_a_territory() -> None:
    with pytest.raises(TerritoryError, match="commune"):
        parse_territories("42218")


def test_an_unknown_code_is_refused_in_french() -> None:
    with pytest.raises(TerritoryError, match="code"):
        parse_territories("region:99")


def test_a_departement_covers_its_communes_epci_and_itself_only() -> None:
    covered = authorities_in(["departement:42"])
    assert {"commune:42218", "epci:244200770", "departement:42"} <= covered
    assert "commune:69123" not in covered
    assert "region:84" not in covered
    assert "departement:69" not in covered


def test_a_region_covers_its_departements_and_their_communes() -> None:
    covered = authorities_in(["region:84"])
    assert {"region:84", "departement:42", "departement:69", "commune:69123"} <= covered
    assert "commune:75056" not in covered


def test_an_epci_covers_its_member_communes() -> None:
    covered = authorities_in(["epci:244200770"])
    assert {"epci:244200770", "commune:42218"} <= covered
    assert "commune:69123" not in covered
    assert "departement:42" not in covered
