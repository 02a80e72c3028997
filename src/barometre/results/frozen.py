"""The answer tables a result set was computed from, frozen with it and read back unchanged.

Each questionnaire's table (``QuestionnaireTable.table``, one row per submitted response) is
written as Parquet (polars, zstd) into ``ResultAnswers`` with its SHA-256; reading checks
the digest, then rebuilds the same ``QuestionnaireTable`` that ``extract_wave`` returned.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable

import polars as pl

from barometre.campaigns.models import QuestionnaireVersion
from barometre.results.errors import ResultsError
from barometre.results.extraction import QuestionnaireTable
from barometre.results.models import ResultAnswers, ResultSet


def table_bytes(table: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.write_parquet(buffer, compression="zstd", statistics=False)
    return buffer.getvalue()


def frozen_rows(result_set: ResultSet, tables: Iterable[QuestionnaireTable]) -> list[ResultAnswers]:
    """One unsaved row per questionnaire table (the caller saves them with the result set)."""
    rows = []
    for table in tables:
        data = table_bytes(table.table)
        versions = [
            {"empreinte": v.version_hash, "reponses": table.counts.get(v.version_hash, 0)}
            for v in table.versions
        ]
        rows.append(
            ResultAnswers(
                result_set=result_set,
                questionnaire_key=table.key,
                versions=versions,
                rows=table.table.height,
                table=data,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return rows


def thaw(stored: ResultAnswers) -> QuestionnaireTable:
    """The stored table as ``extract_wave`` returned it; refused when its bytes changed."""
    data = bytes(stored.table)
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise ResultsError(
            f"La table des réponses figée de « {stored.questionnaire_key} » ({stored.result_set})"
            " ne correspond plus à son empreinte SHA-256 : restaurez une sauvegarde ou "
            "reconstruisez-en une révision."
        )
    hashes = [v["empreinte"] for v in stored.versions]
    candidates = QuestionnaireVersion.objects.filter(version_hash__in=hashes)
    found: dict[str, QuestionnaireVersion] = {}
    for version in sorted(
        candidates, key=lambda v: v.questionnaire_key == stored.questionnaire_key
    ):
        found[version.version_hash] = version  # the same content under the wave's key wins
    versions = tuple(found[h] for h in hashes)
    counts = {v["empreinte"]: v["reponses"] for v in stored.versions}
    table = pl.read_parquet(io.BytesIO(data))
    return QuestionnaireTable(
        stored.questionnaire_key, versions[-1].questionnaire, versions, counts, table
    )
