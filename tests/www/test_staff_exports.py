"""Spreadsheet formulas are neutralised in every export (barometre.exports)."""

from __future__ import annotations

import csv
import io

import pytest

from barometre.exports import csv_bytes, neutralise


@pytest.mark.parametrize(
    "cell", ["=1+1", "+33 6", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x")']
)
def test_text_that_a_spreadsheet_would_evaluate_gets_an_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Saint-Étienne", "a=b", "", " =1", "l'\"apostrophe"])
def test_ordinary_text_is_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


@pytest.mark.parametrize("number", [-3, 0, 2.5, -0.25])
def test_numbers_are_data_not_formulas(number: float) -> None:
    assert neutralise(number) == number


def test_a_csv_is_utf8_with_every_text_cell_neutralised() -> None:
    content = csv_bytes(["nom", "=en-tête"], [["Saint-Étienne", "=cmd|' /C calc'!A0"], [-1, "ok"]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        ["nom", "'=en-tête"],
        ["Saint-Étienne", "'=cmd|' /C calc'!A0"],
        ["-1", "ok"],
    ]
