"""The open-data tables of a wave, as polars frames (suppressed cells are empty)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from barometre.publication.errors import PublicationError
from barometre.publication.schemas import (
    AGGREGATE_FIELDS,
    Field,
    authority_fields,
    published_questions,
)
from barometre.referentiel import Frame, FrameError, stratum_label
from barometre.referentiel.units import EPCI_NATURE_LABELS
from barometre.results.errors import ResultsError
from barometre.results.models import ResultSet
from barometre.results.queries import frozen_answers
from barometre.vocabulary import cell_key

REASONS: Final = {"": "", "primary": "primaire", "secondary": "secondaire"}
HIDDEN: Final = ("valeur", "erreur_type", "ic_bas", "ic_haut", "base_n")
TYPE_LABELS: Final = {"commune": "Communes", "epci": "EPCI", "departement": "Départements",
                      "region": "Régions"}  # fmt: skip
ROLE_LABELS: Final = {"agent": "Agent", "elu": "Élu ou élue"}


@dataclass(frozen=True)
class Table:
    """One published table: its file stem, title, description, schema fields and rows."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    data: pl.DataFrame


def level_label(frame: Frame, domain: str, level: str) -> str:
    try:
        if domain in {"region", "departement"}:
            return frame.get(f"{domain}:{level}").name
        if domain == "stratum":
            return _stratum_label(level)
    except (FrameError, KeyError, ValueError):
        return level
    return {"type": TYPE_LABELS, "role": ROLE_LABELS}.get(domain, {}).get(level, level)


def _stratum_label(level: str) -> str:
    if level in TYPE_LABELS:
        return TYPE_LABELS[level]
    kind = "epci" if level in EPCI_NATURE_LABELS else "commune"
    return stratum_label(kind, level)


def _reading_order(e: Any) -> tuple[object, ...]:
    """Theme, indicator, then levels as declared and their modalities (strata by size)."""
    return (e.questionnaire_key, e.indicator_id, cell_key(e.domain, e.level), e.weighting)


def aggregate_table(result_set: ResultSet, frame: Frame) -> Table:
    labels = {k: v["libelle"] for k, v in result_set.indicators.items()}
    rows = [
        _aggregate_row(e, labels, frame)
        for e in sorted(result_set.estimates.all(), key=_reading_order)
    ]
    schema = {f["name"]: _polars_type(f["type"]) for f in AGGREGATE_FIELDS}
    data = pl.DataFrame(rows, schema=schema, orient="row")
    return Table(
        "indicateurs",
        "Indicateurs par domaine",
        "Chaque indicateur de la vague, brut et pondéré, pour l'ensemble et par région, "
        "département, type, strate et rôle, avec son intervalle de confiance à 95 % et sa base. "
        "Les cellules sous secret statistique sont vides.",
        AGGREGATE_FIELDS,
        data,
    )


def _aggregate_row(e: Any, labels: dict[str, str], frame: Frame) -> tuple[object, ...]:
    row: dict[str, object] = {
        "questionnaire": e.questionnaire_key,
        "indicateur": e.indicator_id,
        "libelle": labels.get(e.indicator_id, e.indicator_id),
        "domaine": e.domain,
        "modalite": e.level,
        "modalite_libelle": level_label(frame, e.domain, e.level) if e.level else "Ensemble",
        "ponderation": e.weighting,
        "valeur": e.value,
        "erreur_type": e.se,
        "ic_bas": e.ci_low,
        "ic_haut": e.ci_high,
        "base_n": e.n,
        "secret": bool(e.suppressed),
        "motif_secret": REASONS[e.suppressed],
    }
    if e.suppressed:
        row.update(dict.fromkeys(HIDDEN))
    return tuple(row[field["name"]] for field in AGGREGATE_FIELDS)


def _polars_type(kind: str) -> pl.DataType:
    return {"number": pl.Float64(), "integer": pl.Int64(), "boolean": pl.Boolean()}.get(
        kind, pl.Utf8()
    )


def authority_tables(result_set: ResultSet, frame: Frame) -> list[Table]:
    """Per authority, one table per questionnaire: public closed questions only, read from the
    answers frozen with ``result_set`` (the ones its figures were computed from)."""
    tables = []
    try:
        frozen = frozen_answers(result_set)
    except ResultsError as error:
        raise PublicationError(str(error)) from None
    for extracted in frozen:
        questionnaire = extracted.questionnaire
        questions = published_questions(questionnaire)
        source = extracted.table
        names = [frame.get(a).name for a in source["authority"]]
        columns: dict[str, Any] = {
            "collectivite": source["authority"],
            "nom": pl.Series(names, dtype=pl.Utf8),
            "type": source["type"],
            "strate": source["stratum"],
            "region": source["region"],
            "departement": source["departement"],
        }
        for question in questions:
            column = source[question.id]
            if column.dtype.is_nested():
                column = column.list.join("; ")
            columns[question.id] = column
        tables.append(
            Table(
                f"reponses_{questionnaire.id}",
                f"Réponses par collectivité — {questionnaire.title.fr}",
                "Une ligne par collectivité ayant soumis ce questionnaire ; seules les questions "
                "publiques à réponse fermée figurent ici (jamais les réponses restreintes ou "
                "secrètes, ni le texte libre, ni le rôle du répondant).",
                authority_fields(questionnaire),
                pl.DataFrame(columns),
            )
        )
    return tables
