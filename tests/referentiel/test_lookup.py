"""Look-up by id, INSEE code, SIREN; unknown and malformed codes get French errors."""

from __future__ import annotations

import pytest

from barometre.referentiel import (
    AmbiguousCodeError,
    Frame,
    MalformedCodeError,
    UnknownUnitError,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("commune:42218", "commune:42218"),
        ("42218", "commune:42218"),
        (" 42218 ", "commune:42218"),
        ("214202186", "commune:42218"),
        ("244200770", "epci:244200770"),
        ("epci:200046977", "epci:200046977"),
        ("2a004", "commune:2A004"),
        ("2A", "departement:2A"),
        ("971", "departement:971"),
        ("departement:84", "departement:84"),
        ("region:84", "region:84"),
        ("42", "departement:42"),
    ],
)
def test_lookup_finds_the_unit(frame: Frame, value: str, expected: str) -> None:
    assert frame.lookup(value).id == expected


def test_a_code_shared_by_a_departement_and_a_region_is_ambiguous(frame: Frame) -> None:
    with pytest.raises(AmbiguousCodeError, match="departement:84") as raised:
        frame.lookup("84")
    assert "region:84 (Auvergne-Rhône-Alpes)" in str(raised.value)


def test_unknown_insee_code_names_the_code(frame: Frame) -> None:
    with pytest.raises(UnknownUnitError, match="Aucune commune n'a le code INSEE « 99999 »"):
        frame.lookup("99999")


def test_siren_with_a_wrong_key_is_malformed(frame: Frame) -> None:
    with pytest.raises(MalformedCodeError, match="clé de contrôle"):
        frame.lookup("214202187")


def test_valid_siren_of_no_authority_is_unknown(frame: Frame) -> None:
    with pytest.raises(UnknownUnitError, match="SIREN « 356000000 »"):
        frame.lookup("356000000")


@pytest.mark.parametrize("value", ["", "   ", "abc", "1234", "12345678901", "42-218"])
def test_malformed_codes_are_refused_in_french(frame: Frame, value: str) -> None:
    with pytest.raises(MalformedCodeError) as raised:
        frame.lookup(value)
    assert any(word in str(raised.value) for word in ("Indiquez", "n'est ni"))


def test_unknown_type_in_an_id_is_malformed(frame: Frame) -> None:
    with pytest.raises(MalformedCodeError, match="type inconnu"):
        frame.lookup("canton:4201")


def test_members_refuses_a_unit_that_is_not_an_epci(frame: Frame) -> None:
    with pytest.raises(MalformedCodeError, match="n'est pas un EPCI"):
        frame.members("42218")
