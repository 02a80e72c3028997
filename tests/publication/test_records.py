"""The published records, declared once: their rows, Table Schema and OpenAPI come from here."""

from __future__ import annotations

import pytest

from barometre import vocabulary
from barometre.publication.records import CHANGES, ESTIMATES, RECORDS, Column, Record
from barometre.publication.records_api import API_RECORDS, CHANGES_ANSWER, RESULTS_ANSWER, WEIGHTING


def test_a_row_takes_every_declared_column_in_order_and_nothing_else() -> None:
    values = dict.fromkeys(ESTIMATES.names, "x")
    assert list(ESTIMATES.row(values)) == list(ESTIMATES.names)
    with pytest.raises(KeyError, match="manque"):
        ESTIMATES.row({k: v for k, v in values.items() if k != "base_n"})
    with pytest.raises(KeyError, match="en trop"):
        ESTIMATES.row({**values, "niveau": "84"})


def test_a_hidden_cell_has_no_figure_whatever_it_is_given() -> None:
    values = {**dict.fromkeys(ESTIMATES.names, 0.5), "secret": True}
    row = ESTIMATES.row(values, hidden=True)
    assert [row[n] for n in ("valeur", "erreur_type", "ic_bas", "ic_haut", "base_n")] == [None] * 5
    assert row["indicateur"] == 0.5


def test_tables_speak_the_same_words_for_a_breakdown_and_its_modality() -> None:
    for record in (ESTIMATES, CHANGES):
        assert record.names[3:6] == ("domaine", "modalite", "modalite_libelle")
        assert record.by_name["domaine"].enum == tuple(level.code for level in vocabulary.LEVELS)


def test_every_column_is_described_in_french_and_has_a_known_type() -> None:
    for record in {*RECORDS, *API_RECORDS, WEIGHTING, RESULTS_ANSWER, CHANGES_ANSWER}:
        for column in record.columns:
            assert column.label
            assert column.description.endswith((".", ")"))
            assert column.openapi()["description"] == column.description
            assert column.table_schema()["title"] == column.label


def test_the_openapi_schema_allows_empty_figures_under_secret() -> None:
    schema = ESTIMATES.openapi()
    assert schema["required"] == list(ESTIMATES.names)
    assert schema["properties"]["valeur"]["nullable"] is True
    assert schema["properties"]["motif_secret"]["enum"] == ["", "primaire", "secondaire"]
    assert "nullable" not in schema["properties"]["indicateur"]


def test_a_column_declared_twice_is_refused() -> None:
    twice = (Column("a", "string", "A", "A."), Column("a", "string", "A", "A."))
    with pytest.raises(ValueError, match="deux fois"):
        Record("t", "T", "T.", twice)
