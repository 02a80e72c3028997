"""Draft files for the tests: the YAML fixtures of data/, and XLSForm workbooks written inline."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

DATA = Path(__file__).parent / "data"
Table = list[list[object]]

GOOD_SURVEY: Table = [
    ["type", "name", "label", "required", "relevant"],
    ["begin group", "site", "Site internet", "", ""],
    ["select_one oui_non", "a_site", "Avez-vous un site internet ?", "yes", ""],
    ["integer", "pages", "Combien de pages ?", "", "${a_site} = 'oui'"],
    ["end group", "site", "", "", ""],
]
BAD_SURVEY: Table = [
    ["type", "name", "label", "required", "relevant"],
    ["begin group", "site", "Site internet", "", ""],
    ["select_one oui_non", "a_site", "Avez-vous un site internet ?", "yes", ""],
    ["geopoint", "lieu", "Où est la mairie ?", "", ""],
    ["integer", "pages", "Combien de pages ?", "", "${a_site} = 'oui'"],
    ["select_one frequences", "frequence", "À quelle fréquence ?", "", ""],
    ["end group", "site", "", "", ""],
]
CHOICES: Table = [
    ["list_name", "name", "label"],
    ["oui_non", "oui", "Oui"],
    ["oui_non", "non", "Non"],
]
SETTINGS: Table = [["form_title", "form_id", "version"], ["Essai en tableur", "essai_tableur", "1"]]


def yaml_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


def xlsform_bytes(survey: Table = GOOD_SURVEY, choices: Table = CHOICES) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", SETTINGS)):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
