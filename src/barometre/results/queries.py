"""Read-side questions every publisher asks of result sets (dashboard, API, open data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from barometre.campaigns.models import Wave, WaveStatus
from barometre.results.errors import ResultsError
from barometre.results.extraction import QuestionnaireTable
from barometre.results.frozen import thaw
from barometre.results.models import Kind, ResultSet


def latest_final(wave: Wave) -> ResultSet | None:
    """The newest final result set of ``wave`` (the one every publication shows), if any."""
    return ResultSet.objects.filter(wave=wave, kind=Kind.FINAL).order_by("-revision").first()


@dataclass(frozen=True)
class Edition:
    """A published wave and its newest final result set."""

    wave: Wave
    result_set: ResultSet


def _published_waves() -> QuerySet[Wave]:
    return Wave.objects.filter(status=WaveStatus.PUBLISHED).select_related("campaign")


def published_editions() -> list[Edition]:
    """Every published wave that has a final result set, oldest first (by year, then campaign,
    then wave number): the one list the dashboard, the API and the open data show."""
    waves = _published_waves().order_by("campaign__year", "campaign__pk", "number")
    found = ((wave, latest_final(wave)) for wave in waves)
    return [Edition(wave, result_set) for wave, result_set in found if result_set]


def published_edition(wave_id: int) -> Edition | None:
    """The published wave ``wave_id`` with its newest final result set, or None when the wave
    is unknown, not published or has no final result set (nothing of it is public then)."""
    wave = _published_waves().filter(pk=wave_id).first()
    result_set = latest_final(wave) if wave else None
    return Edition(wave, result_set) if wave and result_set else None


def frozen_answers(result_set: ResultSet) -> tuple[QuestionnaireTable, ...]:
    """The answer tables ``result_set`` was computed from, one per questionnaire, exactly as
    ``extract_wave`` returned them at build time (answers changed since do not show)."""
    stored = tuple(thaw(t) for t in result_set.answer_tables.order_by("pk"))
    if result_set.responses and sum(t.table.height for t in stored) != result_set.responses:
        raise ResultsError(
            f"{result_set} a été construit avant que ses réponses soient figées avec lui : "
            "reconstruisez-en une révision (manage.py build_results) pour publier ses "
            "données par collectivité."
        )
    return stored
