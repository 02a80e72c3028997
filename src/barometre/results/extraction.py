"""A wave's submitted responses → one plain table per questionnaire (read-only)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import polars as pl
from django.utils import timezone

from barometre.campaigns.models import QuestionnaireVersion, Wave
from barometre.collection.models import Answer, Response, ResponseStatus
from barometre.questionnaire import Questionnaire
from barometre.referentiel import Frame, FrameError, Unit, stratum_of
from barometre.results.errors import ResultsError
from barometre.results.rows import response_row, schema, to_table


@dataclass(frozen=True)
class QuestionnaireTable:
    """The submitted responses to one questionnaire of a wave, one row per authority."""

    key: str
    questionnaire: Questionnaire  # the newest version answered: its declarations name things
    versions: tuple[QuestionnaireVersion, ...]
    counts: dict[str, int]  # responses per version hash
    table: pl.DataFrame

    @property
    def indicators(self) -> dict[str, str]:
        """Indicator id → kind, over every version answered."""
        kinds: dict[str, str] = {}
        for version in self.versions:
            kinds.update({i.id: i.kind for i in version.questionnaire.indicators})
        return kinds


@dataclass(frozen=True)
class WaveExtract:
    wave: Wave
    extracted_at: datetime
    tables: tuple[QuestionnaireTable, ...]

    @property
    def responses(self) -> int:
        return sum(t.table.height for t in self.tables)


def submitted_responses(wave: Wave) -> list[Response]:
    return list(
        Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED)
        .select_related("version", "submitted_by")
        .order_by("questionnaire_key", "authority_id")
    )


def _answers(wave: Wave) -> dict[int, dict[str, object]]:
    found: dict[int, dict[str, object]] = defaultdict(dict)
    rows = Answer.objects.filter(
        response__wave=wave, response__status=ResponseStatus.SUBMITTED, set_aside=False
    ).values_list("response_id", "question_id", "value")
    for response_id, question_id, value in rows.iterator(chunk_size=5000):
        found[response_id][question_id] = value
    return found


def identity(frame: Frame, response: Response) -> dict[str, object]:
    try:
        unit: Unit = frame.get(response.authority_id)
    except FrameError:
        raise ResultsError(
            f"La collectivité « {response.authority_id} » d'une réponse est absente du "
            "référentiel : mettez le référentiel à jour avant de construire les résultats."
        ) from None
    return {
        "authority": unit.id,
        "type": unit.type,
        "stratum": stratum_of(unit),
        "region": unit.region,
        "departement": unit.departement,
        "role": response.submitted_by.role if response.submitted_by else None,
        "version": response.version.version_hash,
    }


def extract_wave(wave: Wave, frame: Frame) -> WaveExtract:
    """Every submitted response of ``wave``, as one table per questionnaire."""
    extracted_at = timezone.now()
    responses = submitted_responses(wave)
    answers = _answers(wave)
    by_key: dict[str, list[Response]] = defaultdict(list)
    for response in responses:
        by_key[response.questionnaire_key].append(response)
    tables = tuple(_table(key, items, answers, frame) for key, items in by_key.items())
    return WaveExtract(wave, extracted_at, tables)


def _table(
    key: str, responses: list[Response], answers: dict[int, dict[str, object]], frame: Frame
) -> QuestionnaireTable:
    versions = {r.version.version_hash: r.version for r in responses}
    ordered = sorted(versions.values(), key=lambda v: (v.registered_at, v.pk))
    counts: dict[str, int] = defaultdict(int)
    rows = []
    for response in responses:
        counts[response.version.version_hash] += 1
        questionnaire = versions[response.version.version_hash].questionnaire
        rows.append(response_row(questionnaire, identity(frame, response), answers[response.pk]))
    columns = schema([v.questionnaire for v in reversed(ordered)])
    return QuestionnaireTable(
        key, ordered[-1].questionnaire, tuple(ordered), dict(counts), to_table(rows, columns)
    )
