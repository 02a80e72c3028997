"""No report lets its reader recover another authority's answer or score.

Two authorities of one small group (the Haute-Loire's 8 communes): their reports show the same
peer figures, and swapping the answers of two other members of the group (same cell, same
weight) changes their own reports but not a single figure of the first authority's.
"""

from __future__ import annotations

import pytest

from barometre.referentiel import Frame
from barometre.reports.build import build_report
from barometre.reports.wave import clear_cache
from tests.reports.factory import answers_for, communes, published_wave

pytestmark = pytest.mark.django_db
PEERS = 5


def test_two_members_of_one_group_read_the_same_peer_figures(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    first = build_report(wave.pk, units[8], frame=frame, peers_minimum=PEERS).to_json()
    second = build_report(wave.pk, units[9], frame=frame, peers_minimum=PEERS).to_json()
    assert first["themes"][0]["groupe"] == second["themes"][0]["groupe"]
    assert first["themes"][0]["score"] != second["themes"][0]["score"]


def test_swapping_two_other_members_answers_changes_nothing_in_a_report(frame: Frame) -> None:
    units = communes(frame)
    reader, b, c = 8, 10, 11  # three communes of the Haute-Loire
    assert answers_for(b) != answers_for(c)

    def swapped(index: int) -> dict[str, object]:
        return answers_for({b: c, c: b}.get(index, index))

    before = published_wave(frame, units)
    after = published_wave(frame, units, swapped)
    clear_cache()
    seen = build_report(before.pk, units[reader], frame=frame, peers_minimum=PEERS).to_json()
    seen_after = build_report(after.pk, units[reader], frame=frame, peers_minimum=PEERS).to_json()
    own_b = build_report(before.pk, units[b], frame=frame, peers_minimum=PEERS).to_json()
    own_b_after = build_report(after.pk, units[b], frame=frame, peers_minimum=PEERS).to_json()
    assert own_b["themes"][0]["score"] != own_b_after["themes"][0]["score"]
    for report in (seen, seen_after):
        del report["source"]
    assert seen == seen_after
