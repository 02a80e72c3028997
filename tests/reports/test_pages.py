"""« Votre restitution » in the respondent space, and the public « Comment les scores sont
calculés » page."""

from __future__ import annotations

import html as entities
import re

import pytest
from django.test import Client

from barometre.campaigns.models import WaveStatus
from barometre.collection.links import issue_link
from barometre.referentiel import Frame
from tests.reports.factory import communes, published_wave, respondent_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_groups(settings: object) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = 5  # type: ignore[attr-defined]


def logged_in(client: Client, unit: str) -> Client:
    client.post(f"/connexion/{issue_link(respondent_of(unit))}/")
    return client


def text(html: str) -> str:
    return entities.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_home_links_to_the_report_of_each_published_wave(client: Client, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    html = logged_in(client, units[8]).get("/repondre/").content.decode()
    assert f'href="/repondre/{wave.pk}/restitution/"' in html
    assert "Vos restitutions" in html


def test_the_report_page_shows_score_level_group_and_position(client: Client, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    response = logged_in(client, units[8]).get(f"/repondre/{wave.pk}/restitution/")
    assert response.status_code == 200
    shown = text(response.content.decode())
    assert "Votre score : 75,0 sur 100 , niveau 4 « Maîtrise »" in shown
    assert (
        "Communes de moins de 500 hab. du département Haute-Loire (43) , 8 collectivités" in shown
    )
    assert "Votre collectivité se situe parmi le quart le plus avancé de votre groupe" in shown
    assert "Score moyen" in shown
    assert "<svg" in response.content.decode()
    assert 'role="img"' in response.content.decode()


def test_each_chart_has_its_table(client: Client, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    html = logged_in(client, units[8]).get(f"/repondre/{wave.pk}/restitution/").content.decode()
    assert html.count("<svg") == 1
    assert "Pratiques numériques : 75,0, moyenne du groupe 44,8." in html  # the chart's title
    assert '<rect x="12" y="54" width="315" height="20"' in html  # 75 of 100 on 420 units
    assert "Vos scores par thème et ceux de votre groupe</caption>" in html


def test_a_wave_not_yet_published_answers_409_in_french(client: Client, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units, status=WaveStatus.CLOSED)
    response = logged_in(client, units[8]).get(f"/repondre/{wave.pk}/restitution/")
    assert response.status_code == 409
    assert "n'est pas encore publiée" in text(response.content.decode())


def test_an_authority_that_did_not_answer_gets_404(client: Client, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units[:-1])
    response = logged_in(client, units[-1]).get(f"/repondre/{wave.pk}/restitution/")
    assert response.status_code == 404
    assert "n'a soumis aucun questionnaire" in text(response.content.decode())


def test_who_did_not_answer_learns_nothing_of_an_unpublished_wave(
    client: Client, frame: Frame
) -> None:
    units = communes(frame)
    wave = published_wave(frame, units[:-1], status=WaveStatus.CLOSED)
    response = logged_in(client, units[-1]).get(f"/repondre/{wave.pk}/restitution/")
    assert response.status_code == 404
    assert "n'a soumis aucun questionnaire" in text(response.content.decode())


def test_the_report_needs_a_respondent(client: Client, frame: Frame) -> None:
    wave = published_wave(frame, communes(frame))
    assert client.get(f"/repondre/{wave.pk}/restitution/").status_code == 401


def test_the_scoring_page_is_public_and_generated_from_the_model(client: Client) -> None:
    response = client.get("/comment-les-scores-sont-calcules/")
    assert response.status_code == 200
    shown = text(response.content.decode())
    assert "1 — Découverte de 0 à moins de 20" in shown
    assert "5 — Exemplarité de 80 à 100" in shown
    assert "À quelle fréquence vos données sont-elles sauvegardées hors ligne ?" in shown
    assert "Chaque jour : 3,0 sur 3" in shown
    assert "Non concernée : aucune école à notre charge : non concerné" in shown
    assert "Ne sait pas : aucune valeur" in shown


def test_the_footer_links_to_the_scoring_page(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/comment-les-scores-sont-calcules/"' in html
