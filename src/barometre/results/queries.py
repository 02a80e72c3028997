"""Read-side questions every publisher asks of result sets (dashboard, API, open data)."""

from __future__ import annotations

from dataclasses import dataclass

from barometre.campaigns.models import Wave, WaveStatus
from barometre.results.models import Kind, ResultSet


def latest_final(wave: Wave) -> ResultSet | None:
    """The newest final result set of ``wave`` (the one every publication shows), if any."""
    return ResultSet.objects.filter(wave=wave, kind=Kind.FINAL).order_by("-revision").first()


@dataclass(frozen=True)
class Edition:
    """A published wave and its newest final result set."""

    wave: Wave
    result_set: ResultSet


def published_editions() -> list[Edition]:
    """Every published wave that has a final result set, oldest first."""
    waves = (
        Wave.objects.filter(status=WaveStatus.PUBLISHED)
        .select_related("campaign")
        .order_by("campaign__year", "campaign__pk", "number")
    )
    found = ((wave, latest_final(wave)) for wave in waves)
    return [Edition(wave, result_set) for wave, result_set in found if result_set]
