"""« Niveaux par thème »: a relay sees how the members of its territory spread over the levels
of each theme, under the result set's disclosure rule; an operator, any territory."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.campaigns.models import WaveStatus
from barometre.referentiel import Frame
from barometre.reports.build import build_report
from tests.reports.factory import communes, published_wave
from tests.support.pages import seen

pytestmark = pytest.mark.django_db
MIN_BASE = 5


@pytest.fixture(autouse=True)
def small_groups(settings: Any) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = 5
    settings.RESTITUTION_ON_PUBLISH = False


def staff(role: str, territories: str = "") -> Client:
    user = User.objects.create_user(f"{role}-{territories or 'france'}@equipe.fr")
    StaffProfile.objects.create(user=user, role=role, territories=territories)
    client = Client()
    client.force_login(user)
    return client


def cells(html: str) -> list[str]:
    """The level cells of the table's first row, as a person reads them."""
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.DOTALL)
    assert row is not None
    return [seen(c) for c in re.findall(r"<td>(.*?)</td>", row.group(1), re.DOTALL)]


def true_levels(wave_id: int, units: list[str]) -> Counter[int]:
    """Each member's level as its own report tells it."""
    levels = Counter[int]()
    for unit in units:
        level = build_report(wave_id, unit, peers_minimum=5).themes[0].level
        assert level is not None
        levels[level.number] += 1
    return levels


def test_a_relay_sees_its_members_by_level_with_small_counts_held_back(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    response = staff(StaffRole.RELAY, "departement:43").get(f"/equipe/vagues/{wave.pk}/niveaux/")
    assert response.status_code == 200
    page = seen(response)
    assert "Haute-Loire" in page
    assert "Collectivités ayant répondu par niveau et par thème — Haute-Loire" in page
    members = [u for u in units if frame.get(u).departement == "43"]
    truth = true_levels(wave.pk, members)
    scored, *levels, unscored = cells(response.content.decode())
    assert (scored, unscored) == (str(len(members)), "0")
    for number, shown in enumerate(levels, start=1):
        if shown == "secret statistique":
            continue
        count = int(shown.split(" ")[0])
        assert count == truth[number] >= MIN_BASE
        assert f"{count} ({100 * count / len(members):.1f}".replace(".", ",") in shown
    assert sum(cell == "secret statistique" for cell in levels) != 1  # never one alone
    assert all(not re.search(r"\d", c) for c in levels if "secret" in c)
    assert "<svg" in response.content.decode()
    assert "Niveaux par thème" in seen(response)  # the staff navigation names the page


def test_an_operator_sees_france_then_any_territory(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    client = staff(StaffRole.OPERATOR)
    whole = client.get(f"/equipe/vagues/{wave.pk}/niveaux/")
    assert "France entière" in seen(whole)
    assert cells(whole.content.decode())[0] == str(len(units))
    truth = true_levels(wave.pk, units)
    for number, shown in enumerate(cells(whole.content.decode())[1:-1], start=1):
        if shown != "secret statistique":
            assert int(shown.split(" ")[0]) == truth[number]
    loire = client.get(f"/equipe/vagues/{wave.pk}/niveaux/", {"territoire": "42"})
    assert "Collectivités ayant répondu par niveau et par thème — Loire" in seen(loire)
    small = client.get(f"/equipe/vagues/{wave.pk}/niveaux/", {"territoire": "departement:63"})
    assert "moins de 5 collectivités avec un score : pas de répartition" in seen(
        small
    )  # the Puy-de-Dôme has 2 members


def test_a_relay_asking_for_another_territory_gets_404(frame: Frame) -> None:
    wave = published_wave(frame, communes(frame))
    relay = staff(StaffRole.RELAY, "departement:43")
    url = f"/equipe/vagues/{wave.pk}/niveaux/"
    assert relay.get(url, {"territoire": "departement:42"}).status_code == 404
    assert relay.get(url, {"territoire": "region:84"}).status_code == 404  # wider than its own
    regional = staff(StaffRole.RELAY, "region:84")
    assert regional.get(url, {"territoire": "departement:43"}).status_code == 200  # inside


def test_bad_input_is_told_in_french(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    client = staff(StaffRole.OPERATOR)
    unknown = client.get(f"/equipe/vagues/{wave.pk}/niveaux/", {"territoire": "departement:00"})
    assert unknown.status_code == 400
    assert "Territoire" in seen(unknown)
    commune = client.get(f"/equipe/vagues/{wave.pk}/niveaux/", {"territoire": "commune:42218"})
    assert commune.status_code == 400
    assert "un territoire est une région, un département ou un EPCI" in seen(commune)
    closed = published_wave(frame, units, status=WaveStatus.CLOSED)
    refused = client.get(f"/equipe/vagues/{closed.pk}/niveaux/")
    assert refused.status_code == 409
    assert "n'est pas encore publiée" in seen(refused)
    assert client.get("/equipe/vagues/999/niveaux/").status_code == 404
