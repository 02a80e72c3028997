"""Indicators of kind « mean » are estimated as means (not as shares), raw and weighted."""

from __future__ import annotations

import pytest

from barometre.results.build import build_result_set
from barometre.results.models import ResultEstimate
from tests.results.factory import library_wave

pytestmark = pytest.mark.django_db


def test_the_mean_of_a_declared_share_of_equipment_is_estimated() -> None:
    wave = library_wave(2, 300)
    result_set = build_result_set(wave, "final")
    rows = ResultEstimate.objects.filter(
        result_set=result_set, indicator_id="outils.materiel_reconditionne", domain="ensemble"
    )
    by_weighting = {row.weighting: row for row in rows}
    assert set(by_weighting) == {"brut", "pondere"}
    for row in by_weighting.values():
        assert 0 < row.value < 1
        assert row.se is not None
        assert row.ci_low is not None
        assert row.ci_low < row.value < row.ci_high
