"""The methodology note of a result set: a plain context built from its stored data (no Django).

Everything in the note comes from the result set itself (provenance, weighting report,
estimates' disclosure decisions), so the note cannot drift from the figures it describes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from barometre import vocabulary
from barometre.publication.weighting import describe


@dataclass(frozen=True)
class NoteInput:
    """What the note reads: the stored fields of a result set, as plain data."""

    title: str
    kind: str
    revision: int
    built_at: str
    extracted_at: str
    responses: int
    provenance: Mapping[str, Any]
    weighting: Mapping[str, Mapping[str, Any]]
    suppressed: Mapping[str, int]  # "" / "primary" / "secondary" → number of cells
    region_names: Mapping[str, str]
    #: questionnaire key → its theme and counts of answers carried over (``CarryCount``)
    carryover: Mapping[str, CarryCount] = field(default_factory=dict)


@dataclass(frozen=True)
class CarryCount:
    """Of the answers frozen with a result set for one questionnaire: how many were given,
    carried over from the previous edition and confirmed, or carried then changed; ``known``
    is false for tables frozen before provenance was stored (nothing can be said then)."""

    theme: str
    responses: int
    answers: int
    confirmed: int
    changed: int
    with_carried: int
    known: bool = True


def carryover_rows(counts: Mapping[str, CarryCount]) -> list[dict[str, str]]:
    """One row per theme: the share of its answers carried over and confirmed, and of those
    carried then changed, over the answers given (raw counts, not weighted)."""
    rows = []
    for key, count in counts.items():
        if not count.known:
            reason = "non calculable : réponses figées avant l'enregistrement de leur provenance"
            rows.append({"key": key, "theme": count.theme, "reason": reason})
            continue
        if count.answers == 0:
            rows.append({"key": key, "theme": count.theme, "reason": "aucune réponse"})
            continue
        rows.append(
            {
                "key": key,
                "theme": count.theme,
                "reason": "",
                "responses": _number(count.responses),
                "answers": _number(count.answers),
                "confirmed": _number(count.confirmed),
                "confirmed_share": _percent(count.confirmed, count.answers),
                "changed": _number(count.changed),
                "changed_share": _percent(count.changed, count.answers),
                "with_carried": _number(count.with_carried),
            }
        )
    return rows


def cell_label(cell: str) -> str:
    """« commune·<500 » → « Communes de moins de 500 hab. », from the domain vocabulary."""
    kind, _, stratum = cell.partition("·")
    if stratum and vocabulary.known_modality("stratum", stratum):
        return vocabulary.stratum_label(stratum)
    return vocabulary.modality_label("type", kind)


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "–"


def _number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def rates(cells: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Response rate of each type × stratum cell against the frame."""
    return [
        {
            "cell": cell_label(c["level"]),
            "responses": _number(c["responses"]),
            "units": _number(c["units"]),
            "rate": _percent(c["responses"], c["units"]),
        }
        for c in cells
        if c["units"]
    ]


def margins(
    rows: Iterable[Mapping[str, Any]],
    names: Mapping[str, str] | None,
    pooled: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """Target and achieved total of each level; ``pooled``: région → the régions it was
    calibrated with (its own total is then not calibrated)."""
    return [
        {
            "level": cell_label(r["level"]) if names is None else names.get(r["level"], r["level"]),
            "responses": _number(r["responses"]),
            "target": _number(r["target"]),
            "achieved": _number(r["achieved"], 1),
            "pooled": (pooled or {}).get(r["level"], ""),
        }
        for r in rows
        if r["target"] is not None
    ]


def _pooled_with(report: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, str]:
    return {
        region: "calée avec " + ", ".join(names.get(m, m) for m in pool["members"] if m != region)
        for pool in report.get("collapsed", [])
        for region in pool["members"]
    }


def _biases(report: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    notes = []
    covered = [c for c in report["cells"] if c["units"] and c["responses"]]
    if covered:
        low = min(covered, key=lambda c: c["responses"] / c["units"])
        high = max(covered, key=lambda c: c["responses"] / c["units"])
        notes.append(
            f"Participation inégale : de {_percent(low['responses'], low['units'])} "
            f"({cell_label(low['level'])}) à {_percent(high['responses'], high['units'])} "
            f"({cell_label(high['level'])}) des collectivités selon la strate. La pondération "
            "corrige ces écarts de structure, pas l'auto-sélection à l'intérieur d'une strate."
        )
    words = describe(report, names)
    if words.dropped:
        notes.append(words.dropped)
    if report["uncovered_cells"] or report["uncovered_regions"]:
        missing = [cell_label(c) for c in report["uncovered_cells"]]
        missing += [names.get(r, r) for r in report["uncovered_regions"]]
        notes.append(
            "Sans aucun répondant, ces parties du référentiel sont hors du champ des estimations "
            f"pondérées : {', '.join(missing)}."
        )
    return notes


def questionnaire_context(
    key: str, report: Mapping[str, Any], versions: list[Mapping[str, Any]], names: Mapping[str, str]
) -> dict[str, Any]:
    return {
        "key": key,
        "title": versions[-1]["titre"] if versions else key,
        "versions": versions,
        "n": report["n"],
        "effective_n": _number(report["effective_n"], 1),
        "kish_deff": _number(report["kish_deff"], 2),
        "weighting": describe(report, names),
        "rates": rates(report["cells"]),
        "cell_margins": margins(report["cells"], None),
        "region_margins": margins(report["regions"], names, _pooled_with(report, names)),
        "biases": _biases(report, names),
    }


def _pinned(secret: dict[str, Any]) -> str:
    """How many hidden bases the published reasons fix, said only when there are some."""
    count = secret.get("bases_fixees_par_les_motifs", 0)
    return _number(count) if count else ""


def note_context(data: NoteInput) -> dict[str, Any]:
    """Everything the Markdown and HTML templates of the note show."""
    provenance = data.provenance
    parameters = provenance.get("ponderation", {})
    suppressed = Counter(data.suppressed)
    total = sum(suppressed.values())
    return {
        "title": data.title,
        "kind": "définitif" if data.kind == "final" else "provisoire",
        "revision": data.revision,
        "built_at": data.built_at,
        "responses": _number(data.responses),
        "extraction": data.extracted_at,
        "frame": provenance.get("referentiel", {}),
        "code": provenance.get("code", {}),
        "parameters": parameters,
        "min_base": parameters.get("secret", {}).get("base_minimale", 5),
        "linked": bool(parameters.get("secret", {}).get("tableaux_lies")),
        "pinned": _pinned(parameters.get("secret", {})),
        "cells": _number(total),
        "primary": _number(suppressed.get("primary", 0)),
        "secondary": _number(suppressed.get("secondary", 0)),
        "published_share": _percent(suppressed.get("", 0), total),
        "questionnaires": [
            questionnaire_context(
                key,
                report,
                list(provenance.get("questionnaires", {}).get(key, [])),
                data.region_names,
            )
            for key, report in data.weighting.items()
        ],
        "carryover": carryover_rows(data.carryover),
    }
