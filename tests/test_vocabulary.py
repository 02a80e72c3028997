"""One declaration of the breakdown levels, their modalities, labels and reading order."""

from __future__ import annotations

import pytest

from barometre import vocabulary
from barometre.referentiel.strata import AMF6


def test_strata_read_by_size_not_alphabetically() -> None:
    shuffled = [">=50000", "1000-3499", "500-999", "<500", "region", "CA", "CC", "3500-9999"]
    assert vocabulary.ordered("stratum", shuffled) == [
        "<500", "500-999", "1000-3499", "3500-9999", ">=50000", "CC", "CA", "region",
    ]  # fmt: skip
    labels = [vocabulary.stratum_label(code) for code in AMF6.labels]
    assert labels[1] == "Communes de 500 à 999 hab."
    assert labels[2] == "Communes de 1\u202f000 à 3\u202f499 hab."


def test_each_modality_has_one_label() -> None:
    assert vocabulary.modality_label("type", "epci") == "Intercommunalités (EPCI)"
    assert vocabulary.modality_label("role", "agent") == "Agents"
    assert vocabulary.modality_label("stratum", "departement") == "Départements"
    assert vocabulary.modality_label("ensemble", "") == "Ensemble des collectivités"
    names = {"region": {"84": "Auvergne-Rhône-Alpes"}}
    assert vocabulary.modality_label("region", "84", names) == "Auvergne-Rhône-Alpes"


def test_an_unknown_code_is_not_dressed_as_a_label() -> None:
    assert vocabulary.modality_label("stratum", "XYZ") == "XYZ"
    assert not vocabulary.known_modality("stratum", "XYZ")
    assert not vocabulary.known_modality("region", "99", {"region": {}})
    assert vocabulary.known_modality("role", "elu")
    assert vocabulary.ordered("role", ["zz", "elu", "agent"]) == ["agent", "elu", "zz"]


def test_levels_are_declared_once_in_order() -> None:
    assert vocabulary.BREAKDOWNS == ("region", "departement", "type", "stratum", "role")
    assert vocabulary.level("region").by == "par région"
    with pytest.raises(ValueError, match="Niveau de ventilation inconnu"):
        vocabulary.level("canton")


def test_published_cells_read_levels_in_order_and_strata_by_size() -> None:
    cells = [("stratum", "500-999"), ("region", "84"), ("stratum", "1000-3499"), ("ensemble", "")]
    assert sorted(cells, key=lambda c: vocabulary.cell_key(*c)) == [
        ("ensemble", ""), ("region", "84"), ("stratum", "500-999"), ("stratum", "1000-3499"),
    ]  # fmt: skip
