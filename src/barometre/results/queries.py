"""Read-side questions every publisher asks of result sets (dashboard, API, open data)."""

from __future__ import annotations

from barometre.campaigns.models import Wave
from barometre.results.models import Kind, ResultSet


def latest_final(wave: Wave) -> ResultSet | None:
    """The newest final result set of ``wave`` (the one every publication shows), if any."""
    return ResultSet.objects.filter(wave=wave, kind=Kind.FINAL).order_by("-revision").first()
