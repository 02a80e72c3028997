"""The « Données personnelles » page says who, what, why, how long — the periods in force."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from barometre.www.public.privacy import duration
from config import env


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_links_to_the_privacy_notice(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/donnees-personnelles/">Données personnelles</a>' in html


def test_the_notice_gives_each_period_in_force(client: Client, settings: Any) -> None:
    settings.RETENTION = env.Retention(
        contacts=730, respondents=1095, login_links=30, access_requests=180, logs=365
    )
    settings.PRIVACY_CONTACT = "dpd@barometre.example"
    response = client.get("/donnees-personnelles/")
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Données personnelles traitées, finalité et durée de conservation" in page
    assert "2 ans après la dernière activité" in page
    assert "3 ans après la dernière activité" in page
    assert "30 jours après leur expiration ou leur usage" in page
    assert "6 mois après la décision de l'équipe" in page
    assert (
        "Journaux : connexions, demandes de lien et d'accès, invitations et relances envoyées"
        in page
    )
    assert "1 an" in page
    assert 'href="mailto:dpd@barometre.example"' in response.content.decode()
    assert "Commission nationale de l'informatique et des libertés" in page


def test_a_changed_period_changes_the_notice(client: Client, settings: Any) -> None:
    settings.RETENTION = env.Retention(
        contacts=400, respondents=1460, login_links=7, access_requests=90, logs=183
    )
    page = text_of(client.get("/donnees-personnelles/").content.decode())
    assert "400 jours après la dernière activité" in page
    assert "4 ans après la dernière activité" in page
    assert "7 jours après leur expiration" in page
    assert "3 mois après la décision" in page
    assert "183 jours" in page


@pytest.mark.parametrize(
    ("days", "said"),
    [(1, "1 jour"), (30, "30 jours"), (60, "60 jours"), (90, "3 mois"), (365, "1 an"),
     (730, "2 ans"), (1000, "1000 jours")],
)  # fmt: skip
def test_a_period_reads_as_a_person_says_it(days: int, said: str) -> None:
    assert duration(days) == said
