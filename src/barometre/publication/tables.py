"""The open-data tables of a wave, as polars frames typed by their declaration (``records``).

Each table is one ``Record`` and its rows; the CSV, the Parquet file and the Table Schema of
``package.py`` are all read from that pair. A cell under secret has no figure (``Record.row``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from barometre.publication.errors import PublicationError
from barometre.publication.records import (
    ESTIMATES,
    SECRET_REASONS,
    Record,
    answers_record,
    published_questions,
)
from barometre.referentiel import Frame
from barometre.results.errors import ResultsError
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import frozen_answers
from barometre.vocabulary import Names, cell_key, modality_label

#: Table Schema types → polars types of the Parquet files.
POLARS: Final[Mapping[str, pl.DataType]] = {
    "string": pl.Utf8(),
    "number": pl.Float64(),
    "integer": pl.Int64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
}


@dataclass(frozen=True)
class Table:
    """One published table: its declaration and its rows (columns as declared, typed)."""

    record: Record
    data: pl.DataFrame
    about: str = ""  # a description of this edition's table, instead of the record's

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def description(self) -> str:
        return self.about or self.record.description


def polars_schema(record: Record) -> dict[str, pl.DataType]:
    return {column.name: POLARS[column.type] for column in record.columns}


def table_of(record: Record, rows: Sequence[Mapping[str, object]], about: str = "") -> Table:
    """The rows (``record.row`` dictionaries) as a table typed by the declaration."""
    data = pl.DataFrame(
        [tuple(row.values()) for row in rows], schema=polars_schema(record), orient="row"
    )
    return Table(record, data, about)


@functools.lru_cache(maxsize=4)
def place_names(frame: Frame) -> Names:
    """Région and département names of the frame, for the labels of their modalities."""
    return {
        level: {unit.code: unit.name for unit in frame.of_type(level)}
        for level in ("region", "departement")
    }


def estimate_row(
    estimate: ResultEstimate, labels: Mapping[str, str], names: Names
) -> dict[str, object]:
    """One row of ``indicateurs`` (and of the API's results): no figure under secret."""
    given = {
        "libelle": labels.get(estimate.indicator_id, estimate.indicator_id),
        "modalite_libelle": modality_label(estimate.domain, estimate.level, names),
        "secret": bool(estimate.suppressed),
        "motif_secret": SECRET_REASONS[estimate.suppressed],
    }
    return ESTIMATES.read(estimate, given, hidden=bool(estimate.suppressed))


def indicator_labels(result_set: ResultSet) -> dict[str, str]:
    return {key: meta["libelle"] for key, meta in result_set.indicators.items()}


def reading_order(e: ResultEstimate) -> tuple[object, ...]:
    """Theme, indicator, then levels as declared and their modalities (strata by size)."""
    return (e.questionnaire_key, e.indicator_id, cell_key(e.domain, e.level), e.weighting)


def aggregate_table(result_set: ResultSet, frame: Frame) -> Table:
    labels, names = indicator_labels(result_set), place_names(frame)
    estimates = sorted(result_set.estimates.all(), key=reading_order)
    return table_of(ESTIMATES, [estimate_row(e, labels, names) for e in estimates])


def _typed(column: pl.Series, dtype: pl.DataType) -> pl.Series:
    """An extracted answer column as its declared type (lists joined by « ; », ISO dates)."""
    if column.dtype.is_nested():
        column = column.list.join("; ")
    if dtype == pl.Date() and column.dtype == pl.Utf8():
        return column.str.to_date(strict=False)
    return column.cast(dtype)


def _provenance(source: pl.DataFrame, published: set[str]) -> dict[str, pl.Series]:
    """``questions_reprises`` and ``questions_modifiees``: the published questions among those
    carried over (tables frozen before the columns existed have them empty)."""
    found = {}
    for frozen, name in (("carried", "questions_reprises"), ("changed", "questions_modifiees")):
        if frozen not in source.columns:
            found[name] = pl.Series(name, [None] * source.height, dtype=pl.Utf8)
            continue
        kept = [
            "; ".join(q for q in (cell or "").split(";") if q in published) or None
            for cell in source[frozen]
        ]
        found[name] = pl.Series(name, kept, dtype=pl.Utf8)
    return found


def authority_tables(result_set: ResultSet, frame: Frame) -> list[Table]:
    """Per authority, one table per questionnaire: public closed questions only, read from the
    answers frozen with ``result_set`` (the ones its figures were computed from)."""
    tables = []
    try:
        frozen = frozen_answers(result_set)
    except ResultsError as error:
        raise PublicationError(str(error)) from None
    for extracted in frozen:
        record = answers_record(extracted.questionnaire)
        source = extracted.table
        columns: dict[str, Any] = {
            "collectivite": source["authority"],
            "nom": pl.Series([frame.get(a).name for a in source["authority"]], dtype=pl.Utf8),
            "type": source["type"],
            "strate": source["stratum"],
            "region": source["region"],
            "departement": source["departement"],
        }
        published = published_questions(extracted.questionnaire)
        columns |= _provenance(source, {q.id for q in published})
        columns |= {q.id: source[q.id] for q in published}
        schema = polars_schema(record)
        data = pl.DataFrame({name: _typed(columns[name], schema[name]) for name in schema})
        tables.append(Table(record, data))
    return tables
