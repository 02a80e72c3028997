"""The participation page says how representative the respondents are, or why it cannot."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.territory import authorities_in
from barometre.campaigns.models import Wave
from barometre.collection.links import enrol
from barometre.participation.live import decimal
from barometre.referentiel import load_frame, stratum_of
from barometre.stats.representativeness import representativeness
from tests.participation.data import submitted
from tests.support.pages import seen

pytestmark = pytest.mark.django_db

LOIRE = ("42218", "42095", "42187", "42005", "42011", "42184")


def as_staff(client: Client, role: str, territories: str = "") -> Client:
    user = User.objects.create_user(f"{role}@equipe.fr")
    StaffProfile.objects.create(user=user, role=role, territories=territories)
    client.force_login(user)
    return client


def answered(wave: Wave, codes: tuple[str, ...]) -> set[str]:
    ids = set()
    for code in codes:
        respondent = enrol(code, f"agent{code}@mairie.fr", "agent")
        submitted(wave, respondent)
        ids.add(respondent.authority_id)
    return ids


def expected_r(responded: set[str], visible: frozenset[str] | None = None) -> float:
    """R computed here from the frame, apart from the page's own plumbing."""
    units = [u for u in load_frame().units if visible is None or u.id in visible]
    variables = {
        "region": [u.region or "" for u in units],
        "type": [u.type for u in units],
        "stratum": [f"{u.type}|{stratum_of(u)}" for u in units],
    }
    if visible is not None:
        variables.pop("region")  # a département's territory has one région
    return representativeness(variables, [u.id in responded for u in units]).r.value


def section(text: str) -> str:
    return text.split("Représentativité des réponses", 1)[1].split("Par région", 1)[0]


def test_the_operator_reads_r_its_interval_the_partial_indicators_and_empty_cells(
    client: Client, open_wave: Wave
) -> None:
    responded = answered(open_wave, (*LOIRE, "69123"))
    page = as_staff(client, StaffRole.OPERATOR).get(f"/equipe/vagues/{open_wave.pk}/participation/")
    text = section(seen(page))
    value = decimal(expected_r(responded))
    assert f"R-indicateur {value} IC 95 % : " in text
    assert f"Lecture {value} : la participation varie" in text
    assert "7 répondantes" in text
    assert "La strate de population" in text
    assert "sous-représentation" in text
    assert "Communes de moins de 500 hab." in text
    # only Auvergne-Rhône-Alpes has respondents: every other région cannot be weighted
    assert "Région « Bretagne » : 0 répondant sur" in text
    assert "Région « Auvergne-Rhône-Alpes »" not in text
    assert "Ces cellules ne peuvent pas être pondérées" in text
    assert "Précision si la collecte s'arrêtait maintenant" in text
    assert "Ensemble : ± " in text
    assert "le type n'ajoute rien" in text


def test_a_relay_sees_its_territory_without_the_region_variable(
    client: Client, open_wave: Wave
) -> None:
    responded = answered(open_wave, (*LOIRE, "69123"))  # Lyon is outside the Loire
    page = as_staff(client, StaffRole.RELAY, "departement:42").get(
        f"/equipe/vagues/{open_wave.pk}/participation/"
    )
    text = section(seen(page))
    loire = authorities_in(("departement:42",))
    value = decimal(expected_r(responded & loire, loire))
    assert f"R-indicateur {value} IC 95 %" in text
    assert "6 répondantes" in text
    assert "Une seule modalité pour la variable « région » dans ce périmètre" in text
    assert "Bretagne" not in text


def test_without_respondent_the_page_says_why_and_shows_no_number(
    client: Client, open_wave: Wave
) -> None:
    page = as_staff(client, StaffRole.OPERATOR).get(f"/equipe/vagues/{open_wave.pk}/participation/")
    text = section(seen(page))
    assert "Représentativité non calculée : Aucune collectivité n'a encore répondu" in text
    assert "R-indicateur" not in text
    assert "non calculable : aucun répondant" in text  # no projected width either
    assert "Aucune cellule ne peut encore être pondérée : personne n'a répondu" in text
    assert "Région « Bretagne »" not in text  # not every cell listed one by one


def test_a_relay_without_territory_is_told_so(client: Client, open_wave: Wave) -> None:
    answered(open_wave, LOIRE[:1])
    page = as_staff(client, StaffRole.RELAY).get(f"/equipe/vagues/{open_wave.pk}/participation/")
    text = section(seen(page))
    assert "Votre profil de relais n'a pas encore de territoire" in text
    assert "R-indicateur" not in text
    assert "Ensemble : " not in text
