"""XLSForm import: survey / choices / settings (parsed by pyxform) and our indicators sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xlsx_to_dict

from barometre.questionnaire.compiler import compile_questionnaire
from barometre.questionnaire.errors import (
    XLSFORM_MISSING_SHEET,
    XLSFORM_UNBALANCED_GROUP,
    XLSFORM_UNSUPPORTED,
    XLSX_NOT_WORKBOOK,
    Issue,
    Location,
    QuestionnaireError,
)
from barometre.questionnaire.model import CompileResult
from barometre.questionnaire.source import Located
from barometre.questionnaire.xlsform import columns as col
from barometre.questionnaire.xlsform.guard import check_container, scan_cells
from barometre.questionnaire.xlsform.recommendation_sheets import (
    SHEETS as RECOMMENDATION_SHEETS,
)
from barometre.questionnaire.xlsform.recommendation_sheets import read_recommendation_sheets

_SIMPLE_TYPES: Final = {
    "integer": "integer",
    "decimal": "decimal",
    "text": "text",
    "date": "date",
    "note": "note",
}
_TRUE: Final = frozenset({"yes", "true", "1", "oui", "vrai", "true()"})


class _Rows:
    """Rows of one sheet with their spreadsheet row number (header is row 1)."""

    def __init__(self, origin: str, sheet: str, rows: list[dict[str, Any]]) -> None:
        self.origin, self.sheet, self.rows = origin, sheet, rows

    def __iter__(self) -> Any:
        for index, row in enumerate(self.rows, start=2):
            if row:
                yield (
                    Location(self.origin, index, self.sheet),
                    {str(k).strip(): str(v).strip() for k, v in row.items() if str(v).strip()},
                )


def _texts(row: dict[str, str], base: str) -> dict[str, str]:
    out = {}
    for column, value in row.items():
        language = col.localized(column, base)
        if language:
            out[language] = value
    return out


def _text(row: dict[str, str], base: str) -> str | dict[str, str] | None:
    texts = _texts(row, base)
    if not texts:
        return None
    if set(texts) == {"fr"}:
        return texts["fr"]
    return texts


def _number(value: str | None) -> int | float | str | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return value  # left for the compiler to report
    return int(number) if number.is_integer() and "." not in value and "e" not in value else number


def _unsupported(where: Location, message: str) -> Issue:
    return Issue(XLSFORM_UNSUPPORTED, message, where)


class _Importer:
    def __init__(self, path: Path, sheets: dict[str, list[dict[str, Any]]]) -> None:
        self.origin = path.name
        self.sheets = sheets
        self.errors: list[Issue] = []
        self.lists: dict[str, list[Located]] = {}
        self.scores: dict[str, dict[str, str]] = {}

    def choices(self) -> None:
        for where, row in _Rows(self.origin, "choices", self.sheets.get("choices", [])):
            list_name, value = row.get("list_name"), row.get("name")
            if not list_name or not value:
                self.errors.append(_unsupported(where, "ligne de choix sans list_name ou name"))
                continue
            option = Located({"value": value}, where)
            label = _text(row, "label")
            if label is not None:
                option["label"] = label
            if row.get(col.EXCLUSIVE, "").lower() in _TRUE:
                option["exclusive"] = True
            if col.SCORE in row:
                self.scores.setdefault(list_name, {})[value] = row[col.SCORE]
            self.lists.setdefault(list_name, []).append(option)

    def question(self, where: Location, row: dict[str, str], kind: str) -> Located | None:
        head, _, list_name = kind.partition(" ")
        question = Located({"id": row.get("name", "")}, where)
        if head in ("select_one", "select_multiple"):
            if " " in list_name.strip():
                self.errors.append(_unsupported(where, "« or_other » n'est pas pris en charge"))
                return None
            if list_name not in self.lists:
                self.errors.append(_unsupported(where, f"liste de choix inconnue « {list_name} »"))
                return None
            single = "yes_no" if row.get(col.TYPE) == "yes_no" else "single_choice"
            question["type"] = single if head == "select_one" else "multiple_choice"
            question["options"] = [Located(dict(o), o.location) for o in self.lists[list_name]]
        elif head in _SIMPLE_TYPES and not list_name:
            question["type"] = _SIMPLE_TYPES[head]
            if head == "text" and "multiline" in row.get("appearance", ""):
                question["type"] = "long_text"
            if head == "decimal" and row.get(col.TYPE) == "percentage":
                question["type"] = "percentage"
        else:
            self.errors.append(_unsupported(where, f"type « {kind} » non pris en charge"))
            return None
        self.details(question, row, list_name)
        return question

    def details(self, question: Located, row: dict[str, str], list_name: str) -> None:
        texts = (("label", "label"), ("help", "hint"), ("constraint_message", "constraint_message"))
        for key, base in texts:
            text = _text(row, base)
            if text is not None:
                question[key] = text
        if row.get("required", "").lower() in _TRUE:
            question["required"] = True
        plain = (
            ("relevance", "relevant"),
            ("constraint", "constraint"),
            ("unit", col.UNIT),
            ("sensitivity", col.SENSITIVITY),
        )
        question.update({key: row[column] for key, column in plain if column in row})
        bounds = (("min", col.MINIMUM), ("max", col.MAXIMUM))
        question.update({key: _number(row[column]) for key, column in bounds if column in row})
        if col.SCORE_THEME in row:
            question["score"] = self.score(row, list_name)

    def score(self, row: dict[str, str], list_name: str) -> dict[str, Any]:
        """A choice's ``barometre_score`` cell: a value, « ne_sait_pas » or « non_concerne »."""
        score: dict[str, Any] = {"theme": row[col.SCORE_THEME], "values": {}}
        if col.SCORE_WEIGHT in row:
            score["weight"] = _number(row[col.SCORE_WEIGHT])
        rationale = _text(row, col.SCORE_RATIONALE)
        if rationale is not None:
            score["rationale"] = rationale
        for option, cell in self.scores.get(list_name, {}).items():
            if cell == col.DONT_KNOW:
                score.setdefault("dont_know", []).append(option)
            elif cell == col.NOT_CONCERNED:
                score.setdefault("not_concerned", []).append(option)
            else:
                score["values"][option] = _number(cell)
        return score

    def survey(self) -> list[Located]:
        self.sections: list[Located] = []
        self.current: Located | None = None
        for where, row in _Rows(self.origin, "survey", self.sheets.get("survey", [])):
            for column in sorted(col.UNSUPPORTED_COLUMNS & row.keys()):
                self.errors.append(_unsupported(where, f"colonne « {column} » non prise en charge"))
            kind = " ".join(row.get("type", "").split())
            if kind and kind not in col.METADATA_TYPES:
                self.survey_row(where, row, kind)
        if self.current is not None and self.current.get("id") != "questions":
            message = "« begin group » sans « end group »"
            self.errors.append(Issue(XLSFORM_UNBALANCED_GROUP, message, self.current.location))
        return self.sections

    def survey_row(self, where: Location, row: dict[str, str], kind: str) -> None:
        if kind in ("begin group", "begin_group"):
            if self.current is not None:
                message = "les groupes imbriqués ne sont pas pris en charge"
                self.errors.append(_unsupported(where, message))
            self.current = self.section(where, row)
            self.sections.append(self.current)
        elif kind in ("end group", "end_group"):
            if self.current is None or self.current.get("id") == "questions":
                message = "« end group » sans « begin group »"
                self.errors.append(Issue(XLSFORM_UNBALANCED_GROUP, message, where))
            self.current = None
        else:
            if self.current is None:
                self.current = self.section(where, {"name": "questions", "label": "Questions"})
                self.sections.append(self.current)
            question = self.question(where, row, kind)
            if question is not None:
                self.current["questions"].append(question)

    def section(self, where: Location, row: dict[str, str]) -> Located:
        section = Located({"id": row.get("name", ""), "questions": []}, where)
        title = _text(row, "label")
        if title is not None:
            section["title"] = title
        if "relevant" in row:
            section["relevance"] = row["relevant"]
        return section

    def indicators(self) -> list[Located]:
        out = []
        for where, row in _Rows(
            self.origin, col.INDICATORS_SHEET, self.sheets.get(col.INDICATORS_SHEET, [])
        ):
            indicator = Located({"id": row.get("id", "")}, where)
            label = _text(row, "label")
            if label is not None:
                indicator["label"] = label
            for key in ("numerator", "mean", "base", "sensitivity"):
                if key in row:
                    indicator[key] = row[key]
            published = {
                key: _number(row[f"published_{key}"]) if key == "value" else row[f"published_{key}"]
                for key in ("value", "base", "note")
                if f"published_{key}" in row
            }
            if published:
                indicator["published"] = published
            out.append(indicator)
        return out

    def maturity(self) -> dict[str, Any] | None:
        themes = []
        for where, row in _Rows(
            self.origin, col.MATURITY_SHEET, self.sheets.get(col.MATURITY_SHEET, [])
        ):
            theme = Located({"id": row.get("id", "")}, where)
            for key in ("label", "description"):
                text = _text(row, key)
                if text is not None:
                    theme[key] = text
            themes.append(theme)
        recommendations = read_recommendation_sheets(
            lambda name: _Rows(self.origin, name, self.sheets.get(name, [])), _text, _number, _TRUE
        )
        out: dict[str, Any] = {"themes": themes} if themes else {}
        if recommendations:
            out["recommendations"] = recommendations
        return out or None

    def header(self, sections: list[Located]) -> Located:
        settings_rows = [
            row for _, row in _Rows(self.origin, "settings", self.sheets.get("settings", []))
        ]
        settings = settings_rows[0] if settings_rows else {}
        source = Located({}, Location(self.origin, 2, "settings"))
        source["id"] = settings.get("form_id", Path(self.origin).stem)
        source["version"] = settings.get("version", "1")
        title = _text(settings, "barometre_title") or _text(settings, "form_title")
        source["title"] = title or source["id"]
        for key in ("wave", "theme", "description", "notice"):
            column = f"barometre_{key}"
            if key in ("description", "notice"):
                text = _text(settings, column)
                if text is not None:
                    source[key] = text
            elif column in settings:
                source[key] = _number(settings[column]) if key == "wave" else settings[column]
        source["sections"] = sections
        return source


def read_xlsform(path: Path) -> Located:
    """The authoring mapping of an XLSForm workbook; raises :class:`QuestionnaireError`."""
    check_container(path)
    scanned = scan_cells(path)
    try:
        parsed = xlsx_to_dict(str(path))
    except PyXFormError as error:
        raise QuestionnaireError(
            (Issue(XLSX_NOT_WORKBOOK, "classeur XLSForm illisible", Location(path.name)),)
        ) from error
    if "survey" not in parsed:
        raise QuestionnaireError(
            (Issue(XLSFORM_MISSING_SHEET, "la feuille « survey » manque", Location(path.name)),)
        )
    sheets = {name: parsed.get(name, []) for name in ("survey", "choices", "settings")}
    sheets[col.INDICATORS_SHEET] = scanned.get(col.INDICATORS_SHEET, [])
    sheets[col.MATURITY_SHEET] = scanned.get(col.MATURITY_SHEET, [])
    for name in RECOMMENDATION_SHEETS:
        sheets[name] = scanned.get(name, [])
    importer = _Importer(path, sheets)
    importer.choices()
    source = importer.header(importer.survey())
    maturity = importer.maturity()
    if maturity:
        source["maturity"] = maturity
    indicators = importer.indicators()
    if indicators:
        source["indicators"] = indicators
    if importer.errors:
        raise QuestionnaireError(tuple(importer.errors))
    return source


def compile_xlsform(path: Path) -> CompileResult:
    """Compile an XLSForm workbook; every problem comes back as a coded error."""
    try:
        source = read_xlsform(path)
    except QuestionnaireError as error:
        return CompileResult(None, error.issues)
    return compile_questionnaire(source, path.name)
