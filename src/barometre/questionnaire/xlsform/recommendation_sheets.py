"""The recommendations in a workbook: three sheets, one row per recommendation, per condition
(« when ») and per link, tied by the recommendation's ``id``; written and read back alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from barometre.questionnaire.errors import Location
from barometre.questionnaire.model import Questionnaire, Text
from barometre.questionnaire.source import Located

RECOMMENDATIONS_SHEET: Final = "recommendations"
WHEN_SHEET: Final = "recommendation_when"
LINKS_SHEET: Final = "recommendation_links"
SHEETS: Final = (RECOMMENDATIONS_SHEET, WHEN_SHEET, LINKS_SHEET)

PutText = Callable[[dict[str, Any], str, Text | None, list[str]], None]
Rows = Callable[[str], Any]  # a sheet name → (location, row) pairs
TextOf = Callable[[dict[str, str], str], Any]
NumberOf = Callable[[str | None], Any]


def recommendation_rows(
    questionnaire: Questionnaire, languages: list[str], put_text: PutText
) -> dict[str, list[dict[str, Any]]]:
    """The three sheets' rows (empty when the questionnaire declares no recommendation)."""
    main: list[dict[str, Any]] = []
    when: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for recommendation in questionnaire.recommendations:
        row: dict[str, Any] = {"id": recommendation.id, "priority": recommendation.priority}
        for key in ("title", "why", "how"):
            put_text(row, key, getattr(recommendation, key), languages)
        row["opsn"] = "yes" if recommendation.opsn else None
        main.append(row)
        when.extend(
            {
                "recommendation": recommendation.id,
                "question": trigger.question,
                "theme": trigger.theme,
                "choices": " ".join(trigger.choices) or None,
                "below": trigger.below,
            }
            for trigger in recommendation.triggers
        )
        for link in recommendation.links:
            cells: dict[str, Any] = {"recommendation": recommendation.id}
            put_text(cells, "label", link.label, languages)
            cells["url"] = link.url
            links.append(cells)
    return {RECOMMENDATIONS_SHEET: main, WHEN_SHEET: when, LINKS_SHEET: links}


def read_recommendation_sheets(
    rows: Rows, text_of: TextOf, number_of: NumberOf, true: frozenset[str]
) -> list[Located]:
    """The ``recommendations`` of the authoring mapping, from the three sheets."""
    found: dict[str, Located] = {}
    for where, row in rows(RECOMMENDATIONS_SHEET):
        entry = Located({"id": row.get("id", ""), "when": []}, where)
        if "priority" in row:
            entry["priority"] = number_of(row["priority"])
        for key in ("title", "why", "how"):
            text = text_of(row, key)
            if text is not None:
                entry[key] = text
        if row.get("opsn", "").lower() in true:
            entry["opsn"] = True
        found[str(entry["id"])] = entry
    for where, row in rows(WHEN_SHEET):
        _owner(found, row, where)["when"].append(_trigger(row, where, number_of))
    for where, row in rows(LINKS_SHEET):
        link = Located({"url": row.get("url", "")}, where)
        label = text_of(row, "label")
        if label is not None:
            link["label"] = label
        _owner(found, row, where).setdefault("links", []).append(link)
    return list(found.values())


def _trigger(row: dict[str, str], where: Location, number_of: NumberOf) -> Located:
    trigger = Located({}, where)
    for key in ("question", "theme"):
        if key in row:
            trigger[key] = row[key]
    if "choices" in row:
        trigger["choices"] = row["choices"].split()
    if "below" in row:
        trigger["below"] = number_of(row["below"])
    return trigger


def _owner(found: dict[str, Located], row: dict[str, str], where: Location) -> Located:
    """The recommendation a row belongs to; an unknown one is created without texts, so the
    compiler names what it lacks (with this row's place)."""
    name = row.get("recommendation", "")
    if name not in found:
        found[name] = Located({"id": name, "when": []}, where)
    return found[name]
