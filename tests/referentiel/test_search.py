"""Search is insensitive to accents, case, hyphens and apostrophes, and ranks sensibly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barometre.referentiel import EmptyQueryError, Frame


def first_id(frame: Frame, query: str) -> str:
    return frame.search(query, limit=1)[0].unit.id


@pytest.mark.parametrize(
    "query", ["st etienne", "saint-étienne", "SAINT ETIENNE", "Saint Étienne", "st-etienne"]
)
def test_spellings_of_saint_etienne_find_the_commune_first(frame: Frame, query: str) -> None:
    assert first_id(frame, query) == "commune:42218"


@pytest.mark.parametrize("query", ["L'Haÿ", "l hay", "lhay", "L’Haÿ-les-Roses", "l'hay les r"])
def test_apostrophes_and_diaereses_do_not_matter(frame: Frame, query: str) -> None:
    assert first_id(frame, query) == "commune:94038"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("42218", "commune:42218"),
        ("42000", "commune:42218"),
        ("214202186", "commune:42218"),
        ("244200770", "epci:244200770"),
        ("2A004", "commune:2A004"),
        ("75116", "commune:75056"),
    ],
)
def test_codes_postcodes_and_sirens_find_their_unit(
    frame: Frame, query: str, expected: str
) -> None:
    assert first_id(frame, query) == expected


def test_departement_code_comes_before_the_communes_it_prefixes(frame: Frame) -> None:
    hits = frame.search("42", limit=5)
    assert hits[0].unit.id == "departement:42"
    assert all(h.unit.departement == "42" for h in hits)


def test_epci_departements_and_regions_are_searchable(frame: Frame) -> None:
    assert first_id(frame, "saint etienne metropole") == "epci:244200770"
    assert first_id(frame, "métropole de lyon") == "epci:200046977"
    assert first_id(frame, "loire") == "departement:42"
    assert "region:84" in {h.unit.id for h in frame.search("auvergne", limit=5)}


def test_former_names_find_the_current_commune(frame: Frame) -> None:
    hits = frame.search("rochetaillee", limit=5)
    via_alias = [h for h in hits if h.via_alias]
    assert via_alias[0].unit.id == "commune:42218"
    assert via_alias[0].matched_name == "Rochetaillée"


def test_exact_name_first_then_larger_populations(frame: Frame) -> None:
    hits = frame.search("paris", limit=10)
    assert hits[0].unit.id == "commune:75056"
    prefixed = [h for h in hits if h.rank == hits[2].rank]
    populations = [h.unit.population for h in prefixed]
    assert populations == sorted(populations, reverse=True)


def test_prefix_of_the_last_word_matches_as_you_type(frame: Frame) -> None:
    assert first_id(frame, "montpel") in {"commune:34172", "epci:243400017"}
    assert "commune:34172" in {h.unit.id for h in frame.search("montpel", limit=3)}


def test_limit_is_honoured(frame: Frame) -> None:
    assert len(frame.search("saint", limit=7)) == 7
    assert frame.search("saint", limit=0) == []


def test_no_match_is_an_empty_list(frame: Frame) -> None:
    assert frame.search("zzzqqq") == []


@pytest.mark.parametrize("query", ["", "   ", "'-’", "!!!"])
def test_empty_query_is_a_french_error(frame: Frame, query: str) -> None:
    with pytest.raises(EmptyQueryError, match="La recherche est vide"):
        frame.search(query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_either_searches_or_says_it_is_empty(frame: Frame, query: str) -> None:
    try:
        hits = frame.search(query, limit=5)
    except EmptyQueryError:
        return
    assert len(hits) <= 5
