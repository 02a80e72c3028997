"""The reminder page ranks the groups to remind by their weight on the imbalance, and filters
those that answered the previous wave but not this one (attrition)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.links import enrol
from barometre.participation.attrition import MISSING
from tests.participation.data import submitted
from tests.support.collection_fixtures import SOURCE
from tests.support.pages import seen

pytestmark = pytest.mark.django_db

# Loire: five communes answered (among them Saint-Étienne, over 50,000); four more invited,
# among them the small communes of the Loire, the least represented stratum.
ANSWERED = ("42218", "42095", "42187", "42005", "42011")
INVITED = ("42001", "42002", "42003", "42184")


def as_staff(client: Client, role: str, territories: str = "") -> Client:
    user = User.objects.create_user(f"{role}@equipe.fr")
    StaffProfile.objects.create(user=user, role=role, territories=territories)
    client.force_login(user)
    return client


def collect(wave: Wave, answered: tuple[str, ...], invited: tuple[str, ...]) -> None:
    for code in answered:
        submitted(wave, enrol(code, f"agent{code}@mairie.fr", "agent"))
    for code in invited:
        enrol(code, f"agent{code}@mairie.fr", "agent")


def second_wave(first: Wave) -> Wave:
    campaign_flows.transition(first, WaveStatus.CLOSED)
    wave = campaign_flows.create_wave(
        first.campaign, 2, "Vague 2", dt.date(2026, 4, 1), dt.date(2026, 6, 1)
    )
    campaign_flows.set_questionnaire(wave, campaign_flows.register_version(SOURCE))
    return campaign_flows.transition(wave, WaveStatus.OPEN)


def gains(text: str) -> list[tuple[float, float]]:
    found = re.findall(r"R (\d,\d{4}) → (\d,\d{4}) \([+−]\d,\d{4}\)", text)
    return [(float(a.replace(",", ".")), float(b.replace(",", "."))) for a, b in found]


def ranked_rows(html: str) -> list[tuple[bool, float]]:
    """(has an under-represented category, R after) for each row of the groups' table."""
    table = html.split("Groupes à relancer en priorité", 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.DOTALL)[1:]:
        cells = [seen(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL)]
        (after,) = re.findall(r"→ (\d,\d{4})", cells[6])
        rows.append((cells[5] != "—", float(after.replace(",", "."))))
    return rows


def test_the_groups_come_ranked_by_their_gain_in_r(client: Client, open_wave: Wave) -> None:
    collect(open_wave, ANSWERED, INVITED)
    page = as_staff(client, StaffRole.RELAY, "departement:42").get(
        f"/equipe/vagues/{open_wave.pk}/relances/"
    )
    assert page.status_code == 200
    text = seen(page).split("Qui relancer en priorité", 1)[1]
    rows = ranked_rows(page.content.decode())
    assert len(rows) >= 2
    # under-represented groups first, then by R after, highest first
    order = [(not under, -after) for under, after in rows]
    assert order == sorted(order)
    found = gains(text)
    assert all(now == found[0][0] for now, _ in found)
    assert found[0][1] > found[0][0]  # the first group raises R
    first = text.split("Choisir", 1)[1].split("Relancer ce groupe", 1)[0]
    assert "Communes de moins de 500 hab." in first  # the small communes, under-represented
    assert "Une seule modalité pour la variable « région »" in text
    assert "Saint-Étienne" not in text  # answered: not to remind
    assert "Lyon" not in text  # outside the territory


def test_a_group_link_prefills_the_filters(client: Client, open_wave: Wave) -> None:
    collect(open_wave, ANSWERED, INVITED)
    as_staff(client, StaffRole.OPERATOR)
    url = f"/equipe/vagues/{open_wave.pk}/relances/"
    link = re.search(r'href="\?([^"]+)">Relancer ce groupe', client.get(url).content.decode())
    assert link is not None
    query = link.group(1).replace("&amp;", "&")
    page = client.get(f"{url}?{query}")
    assert page.status_code == 200
    assert "selected>Auvergne-Rhône-Alpes</option>" in page.content.decode()


def test_attrition_keeps_those_that_answered_the_previous_wave(
    client: Client, open_wave: Wave
) -> None:
    collect(open_wave, ANSWERED, INVITED)
    wave = second_wave(open_wave)
    submitted(wave, enrol("42218", "agent42218@mairie.fr", "agent"))  # back
    as_staff(client, StaffRole.OPERATOR)
    url = f"/equipe/vagues/{wave.pk}/relances/"
    text = seen(client.get(url, {"attrition": "vague"}))
    ranked = text.split("Qui relancer en priorité", 1)[1]
    assert "Attrition : collectivités qui ont répondu à la vague précédente" in ranked
    assert "Firminy" in ranked
    assert "Roanne" in ranked
    assert "Saint-Étienne" not in ranked.split("Attrition", 1)[0]  # answered again
    for code in INVITED:  # never answered: not attrition
        assert f"({code})" not in ranked
    table = ranked.split("Taux d'attrition", 2)[2]
    assert re.search(r"Communes de 50 000 hab\. et plus \d+ \d+ \d+ %", table)
    preview = seen(client.post(url, {"attrition": "vague", "action": "apercu"}))
    assert "4 personnes de 4 collectivités recevraient une relance" in preview


def test_attrition_without_a_basis_or_unknown_is_a_400_in_french(
    client: Client, open_wave: Wave
) -> None:
    as_staff(client, StaffRole.OPERATOR)
    url = f"/equipe/vagues/{open_wave.pk}/relances/"
    first = client.get(url, {"attrition": "vague"})
    assert first.status_code == 400
    assert MISSING["vague"] in seen(first)
    edition = client.get(url, {"attrition": "edition"})
    assert edition.status_code == 400
    assert "Il n'y a pas d'édition précédente" in seen(edition)
    unknown = client.get(url, {"attrition": "hier"})
    assert unknown.status_code == 400
    assert "Sélectionnez un choix valide" in seen(unknown)
    assert "Qui relancer en priorité" not in seen(unknown)


def test_without_respondent_the_ranking_says_why_and_without_territory_too(
    client: Client, open_wave: Wave
) -> None:
    collect(open_wave, (), INVITED)
    as_staff(client, StaffRole.OPERATOR)
    text = seen(client.get(f"/equipe/vagues/{open_wave.pk}/relances/"))
    assert "Pas de gain calculé, les groupes sont rangés par taille." in text
    assert "Aucune collectivité n'a encore répondu" in text
    assert "R 0," not in text
    client.logout()
    as_staff(client, StaffRole.RELAY)
    text = seen(client.get(f"/equipe/vagues/{open_wave.pk}/relances/"))
    assert "Votre profil de relais n'a pas encore de territoire" in text


def test_a_closed_wave_has_nothing_to_rank(client: Client, open_wave: Wave) -> None:
    collect(open_wave, ANSWERED, INVITED)
    campaign_flows.transition(open_wave, WaveStatus.CLOSED)
    as_staff(client, StaffRole.OPERATOR)
    text = seen(client.get(f"/equipe/vagues/{open_wave.pk}/relances/"))
    assert "On ne relance que pendant une vague ouverte : rien à classer." in text
    assert "Relancer ce groupe" not in text
