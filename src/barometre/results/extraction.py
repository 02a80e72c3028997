"""A wave's submitted responses → one plain table per questionnaire (read-only)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import polars as pl
from django.utils import timezone

from barometre.campaigns.models import QuestionnaireVersion, Wave
from barometre.collection.models import Answer, Provenance, Response, ResponseStatus
from barometre.questionnaire import Questionnaire
from barometre.referentiel import Frame, FrameError, Unit, stratum_of
from barometre.results.errors import ResultsError
from barometre.results.rows import response_row, schema, to_table

#: Responses whose answers one query reads (under SQLite's oldest limit of 999 parameters).
ANSWER_CHUNK = 900


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


@dataclass(frozen=True)
class Submitted:
    """What extraction needs of one submitted response (no model instance, no YAML source)."""

    pk: int
    questionnaire_key: str
    authority_id: str
    version_id: int
    role: str | None


def submitted_responses(wave: Wave) -> list[Submitted]:
    rows = (
        Response.objects.filter(wave=wave, status=ResponseStatus.SUBMITTED)
        .order_by("questionnaire_key", "authority_id")
        .values_list("pk", "questionnaire_key", "authority_id", "version_id", "submitted_by__role")
    )
    return [Submitted(*row) for row in rows]


@dataclass(frozen=True)
class Stored:
    """The answers of a wave's responses by response id, and of each the questions whose
    answer was carried over from the previous edition (confirmed as is, or then changed)."""

    values: dict[int, dict[str, object]]
    carried: dict[int, list[str]]
    changed: dict[int, list[str]]


def _answers(responses: list[Submitted]) -> Stored:
    """The answers of these responses, read by their ids a few thousand at a time.

    By ids, so the database walks its index on the answer's response whatever its statistics
    say about tables just loaded in bulk (a join on the wave through a server-side cursor left
    the plan to those statistics).
    """
    found = Stored(defaultdict(dict), defaultdict(list), defaultdict(list))
    ids = [response.pk for response in responses]
    for start in range(0, len(ids), ANSWER_CHUNK):
        rows = Answer.objects.filter(
            response_id__in=ids[start : start + ANSWER_CHUNK], set_aside=False
        ).values_list("response_id", "question_id", "value", "provenance")
        for response_id, question_id, value, provenance in rows:
            found.values[response_id][question_id] = value
            if provenance == Provenance.CONFIRMED:
                found.carried[response_id].append(question_id)
            elif provenance == Provenance.CHANGED:
                found.changed[response_id].append(question_id)
    return found


def identity(
    frame: Frame, response: Submitted, version: str, stored: Stored | None = None
) -> dict[str, object]:
    """The identity columns of one response (``carried``, ``changed``: question ids joined by
    « ; », empty when none)."""
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
        "role": response.role,
        "version": version,
        "carried": _joined(stored.carried, response.pk) if stored else "",
        "changed": _joined(stored.changed, response.pk) if stored else "",
    }


def _joined(questions: dict[int, list[str]], response_id: int) -> str:
    return ";".join(sorted(questions.get(response_id, ())))


def extract_wave(wave: Wave, frame: Frame) -> WaveExtract:
    """Every submitted response of ``wave``, as one table per questionnaire."""
    extracted_at = timezone.now()
    responses = submitted_responses(wave)
    answers = _answers(responses)
    versions = QuestionnaireVersion.objects.in_bulk({r.version_id for r in responses})
    by_key: dict[str, list[Submitted]] = defaultdict(list)
    for response in responses:
        by_key[response.questionnaire_key].append(response)
    tables = tuple(_table(key, items, (answers, versions), frame) for key, items in by_key.items())
    return WaveExtract(wave, extracted_at, tables)


def _table(
    key: str,
    responses: list[Submitted],
    stored: tuple[Stored, dict[int, QuestionnaireVersion]],
    frame: Frame,
) -> QuestionnaireTable:
    answers, versions = stored
    used = {r.version_id: versions[r.version_id] for r in responses}
    ordered = sorted(used.values(), key=lambda v: (v.registered_at, v.pk))
    counts: dict[str, int] = defaultdict(int)
    rows = []
    for response in responses:
        version = used[response.version_id]
        counts[version.version_hash] += 1
        row = response_row(
            version.questionnaire, identity(frame, response, version.version_hash, answers),
            answers.values[response.pk],
        )  # fmt: skip
        rows.append(row)
    columns = schema([v.questionnaire for v in reversed(ordered)])
    return QuestionnaireTable(
        key, ordered[-1].questionnaire, tuple(ordered), dict(counts), to_table(rows, columns)
    )
