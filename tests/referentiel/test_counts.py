"""The frame holds the official counts of French local authorities."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from barometre.referentiel import AMF6, Frame

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
ISLANDS_WITHOUT_EPCI = {"22016", "29083", "29155", "85113"}
DOMAIN_STRATA = {  # DOMAIN.md, DGCL 2025, without Mayotte
    "<500": 18256,
    "500-999": 6588,
    "1000-3499": 6777,
    "3500-9999": 2199,
    "10000-49999": 905,
    ">=50000": 133,
}
TOLERANCE = 10


def test_official_counts_of_each_type(frame: Frame) -> None:
    counts = Counter(unit.type for unit in frame.units)
    assert counts == {"commune": 34875, "epci": 1255, "departement": 101, "region": 18}


def test_epci_are_the_1254_with_own_taxation_plus_the_metropole_de_lyon(frame: Frame) -> None:
    natures = Counter(unit.nature for unit in frame.of_type("epci"))
    assert natures == {"CC": 989, "CA": 230, "CU": 14, "METRO": 21, "MET69": 1}


def test_every_commune_carries_a_siren_with_a_valid_key(frame: Frame) -> None:
    sirens = [unit.siren for unit in frame.of_type("commune")]
    assert all(siren and len(siren) == 9 for siren in sirens)
    assert len(set(sirens)) == len(sirens)


def test_stratum_table_matches_the_dgcl_table_without_mayotte(frame: Frame) -> None:
    communes = [u for u in frame.of_type("commune") if u.departement != "976"]
    counts = Counter(AMF6.stratum_of(u.population) for u in communes)
    for stratum, expected in DOMAIN_STRATA.items():
        assert abs(counts[stratum] - expected) <= TOLERANCE, stratum


def test_region_by_stratum_matches_the_cross_check_table(frame: Frame) -> None:
    path = SHARED / "frame-communes-region-stratum-2025.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["code_region"]]
    cells = Counter((u.region, AMF6.stratum_of(u.population)) for u in frame.of_type("commune"))
    for row in rows:
        for stratum in DOMAIN_STRATA:
            assert abs(cells[row["code_region"], stratum] - int(row[stratum])) <= TOLERANCE


def test_every_commune_belongs_to_one_epci_except_four_islands(frame: Frame) -> None:
    without = {u.code for u in frame.of_type("commune") if u.epci is None}
    assert without == ISLANDS_WITHOUT_EPCI
    members = [m.code for epci in frame.of_type("epci") for m in frame.members(epci)]
    assert len(members) == len(set(members)) == 34875 - 4


def test_epci_population_is_the_sum_of_its_members(frame: Frame) -> None:
    metropole = frame.lookup("epci:244200770")
    members = frame.members(metropole)
    assert len(members) == 53
    assert metropole.population == sum(m.population for m in members)
    assert metropole.departement == "42"
    assert metropole.region == "84"


def test_municipal_arrondissements_are_folded_into_their_city(frame: Frame) -> None:
    paris = frame.lookup("75056")
    assert "75116" in paris.postcodes
    assert "Paris 16e Arrondissement" in paris.aliases
    assert frame.lookup("13201").name == "Marseille"
    assert not any(u.code.startswith("751") and u.type == "commune" for u in frame.units)


def test_delegated_communes_are_aliases_and_their_codes_resolve(frame: Frame) -> None:
    saint_etienne = frame.lookup("42218")
    assert "Rochetaillée" in saint_etienne.aliases
    assert frame.lookup("42190") == saint_etienne


def test_departements_and_regions_include_overseas_but_not_collectivities(frame: Frame) -> None:
    departements = {u.code for u in frame.of_type("departement")}
    assert {"971", "972", "973", "974", "976", "2A", "2B"} <= departements
    assert not departements & {"975", "977", "978", "987", "988"}
    assert {u.code for u in frame.of_type("region")} >= {"01", "02", "03", "04", "06", "94"}


def test_frame_counts_cover_every_unit_once(frame: Frame) -> None:
    cells = frame.counts()
    assert sum(cell.units for cell in cells) == len(frame)
    communes = [c for c in cells if c.type == "commune"]
    assert {c.stratum for c in communes} == set(AMF6.labels)
    assert len({c.region for c in communes}) == 18
    lozere_small = next(
        c for c in communes if c.region == "76" and c.stratum == "<500"
    )  # Occitanie
    assert lozere_small.units > 2000
    assert lozere_small.population > 0


def test_every_unit_has_a_type_and_a_stratum(frame: Frame) -> None:
    strata = {(u.type, frame.stratum(u)) for u in frame.units}
    assert ("epci", "MET69") in strata
    assert ("departement", "departement") in strata
    assert ("region", "region") in strata
