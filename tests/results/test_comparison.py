"""Which indicators two editions share, which earlier edition to compare with, cell changes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.comparison import (
    cell_change,
    changes,
    comparable,
    redefined,
    references,
)
from barometre.results.models import ResultEstimate, ResultSet
from barometre.stats import change
from tests.results.factory import make_wave, published_edition

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Item:
    wave: Wave
    result_set: ResultSet


def edition(frame: Frame, year: int) -> Item:
    wave = published_edition(frame, year)
    return Item(wave, ResultSet.objects.get(wave=wave))


def test_editions_defining_an_indicator_alike_are_comparable(frame: Frame) -> None:
    before, after = edition(frame, 2025), edition(frame, 2026)
    assert comparable(before.result_set, after.result_set) == list(after.result_set.indicators)
    assert redefined(before.result_set, after.result_set) == []


def test_a_redefined_indicator_is_never_compared(frame: Frame) -> None:
    before = edition(frame, 2025)
    indicators = dict(before.result_set.indicators)
    indicators["essai.site"] = {**indicators["essai.site"], "base": "${a_site} != ''"}
    changed = ResultSet.objects.create(
        wave=before.wave, kind="final", revision=9, responses=1, indicators=indicators
    )
    after = edition(frame, 2026)
    assert "essai.site" not in comparable(changed, after.result_set)
    assert redefined(changed, after.result_set) == ["essai.site"]


def test_the_same_wave_a_year_before_comes_first(frame: Frame) -> None:
    old = edition(frame, 2024)
    last_year = edition(frame, 2025)
    second = make_wave(frame, status=WaveStatus.PUBLISHED)  # wave 1 of a new 2026 campaign
    assert second.campaign.year == 2026
    current = Item(second, build_result_set(second, "final", frame=frame))
    found = references(current, [current, old, last_year])
    assert [i.wave.campaign.year for i in found] == [2025, 2024]
    assert references(old, [current, old, last_year]) == []  # nothing earlier


def test_a_change_is_computed_only_when_both_cells_are_published(frame: Frame) -> None:
    before, after = edition(frame, 2025), edition(frame, 2026)
    found = changes(
        before.result_set, after.result_set, ["ensemble", "region", "stratum"], ["essai.site"]
    )
    assert found
    for (indicator, domain, level), pair in found.items():
        assert indicator == "essai.site"
        both = pair.before is not None and pair.after is not None
        published = both and not pair.before.suppressed and not pair.after.suppressed
        assert (pair.change is not None) == published, (domain, level)
    whole = found[("essai.site", "ensemble", "")]
    assert whole.change is not None
    assert whole.before is not None
    assert whole.after is not None
    expected = change(whole.before.value, whole.before.se, whole.after.value, whole.after.se)
    assert whole.change == expected


def test_a_suppressed_side_has_no_change() -> None:
    published = ResultEstimate(value=0.5, se=0.05, n=40, suppressed="")
    secret = ResultEstimate(value=0.4, se=0.05, n=3, suppressed="primary")
    assert cell_change(published, secret).change is None
    assert cell_change(secret, published).change is None
    assert cell_change(None, published).change is None
    assert cell_change(published, published).change is not None
