"""No report lets its reader recover another authority's answer or score.

Two authorities of one small group (the Haute-Loire's 8 communes): their reports show the same
peer figures, and swapping the answers of two other members of the group (same cell, same
weight) changes their own reports but not a single figure of the first authority's.
"""

from __future__ import annotations

import pytest

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.reports.build import build_report
from barometre.reports.display import evolution_view
from barometre.reports.evolution import Evolution, Status, peer_change
from barometre.reports.peers import Figure
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
        del report["themes"][0]["evolution"]  # the second wave's report has a previous answer
    assert seen == seen_after


def test_two_members_of_one_group_read_the_same_group_change(frame: Frame) -> None:
    units = communes(frame)
    published_wave(frame, units, lambda i: answers_for(i + 1))
    wave = published_wave(frame, units)
    first = build_report(wave.pk, units[8], frame=frame, peers_minimum=PEERS).to_json()
    second = build_report(wave.pk, units[9], frame=frame, peers_minimum=PEERS).to_json()
    change = first["themes"][0]["evolution"]["groupe"]
    assert change["ecart"] is not None
    assert change == second["themes"][0]["evolution"]["groupe"]
    assert first["themes"][0]["evolution"]["ecart"] != second["themes"][0]["evolution"]["ecart"]


def test_swapping_two_other_members_answers_changes_no_group_change(frame: Frame) -> None:
    units = communes(frame)
    reader, b, c = 8, 10, 11
    earlier = published_wave(frame, units, lambda i: answers_for(i + 1))

    def swapped(index: int) -> dict[str, object]:
        return answers_for({b: c, c: b}.get(index, index))

    seen = build_report(
        published_wave(frame, units).pk, units[reader], frame=frame, peers_minimum=PEERS
    ).to_json()
    # The same second wave with two answers swapped, compared with the same earlier wave:
    # the first copy leaves the published waves so that « previous » is the earlier one again.
    Wave.objects.filter(pk=seen["source"]["vague"]["id"]).update(status=WaveStatus.CLOSED)
    clear_cache()
    seen_after = build_report(
        published_wave(frame, units, swapped).pk, units[reader], frame=frame, peers_minimum=PEERS
    ).to_json()
    before, after = (r["themes"][0]["evolution"] for r in (seen, seen_after))
    assert before["reference"]["vague"]["id"] == after["reference"]["vague"]["id"] == earlier.pk
    assert before["groupe"]["ecart"] is not None
    assert before == after


def test_a_held_back_mean_on_either_side_gives_no_change_and_no_number() -> None:
    shown, held = Figure(44.8, 30.1, 59.5, 8, 6.2), Figure(None, None, None, 0)
    for before, after in ((held, shown), (shown, held)):
        change = peer_change("groupe", before, after, "vague 1")
        assert change.change is None
        assert "secret statistique" in change.reason
        view = evolution_view(Evolution(Status.COMPARED, "", None, 50.0, 75.0, change))
        assert view is not None
        assert view["peers"]["difference"] == ""  # type: ignore[index]
        assert view["peers"]["interval"] == ""  # type: ignore[index]
        secret = [f for f in (view["peers"]["before"], view["peers"]["after"]) if f.secret]  # type: ignore[index]
        assert [(f.value, f.interval, f.base) for f in secret] == [("secret statistique", "", "")]
