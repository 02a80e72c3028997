"""Respondents log out, an idle session ends, and what was typed is never lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from barometre.campaigns.models import Wave
from barometre.collection import flows
from barometre.collection.models import Respondent, Response
from barometre.www.respond.session import IDLE_HOURS, REFRESH
from tests.www.test_respond import form_fields, logged_in, start

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends_after_the_hours_the_page_states(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    home = client.get("/repondre/").content.decode()
    assert f"Sans activité pendant {IDLE_HOURS} heures, votre session prend fin" in home
    assert client.session.get_expiry_age() == IDLE_HOURS * 3600
    session = Session.objects.get(session_key=client.session.session_key)
    ends = session.expire_date - timezone.now()
    assert timedelta(hours=IDLE_HOURS) - timedelta(minutes=1) < ends <= timedelta(hours=IDLE_HOURS)
    session.expire_date = timezone.now() - timedelta(seconds=1)  # four idle hours later
    session.save()
    assert client.get("/repondre/").status_code == 401


def test_each_request_pushes_the_end_of_the_session(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now() + timedelta(minutes=5)
    session.save()
    assert client.get("/repondre/").status_code == 200
    session.refresh_from_db()
    assert session.expire_date - timezone.now() > timedelta(hours=IDLE_HOURS - 1)


def test_pages_read_within_a_minute_do_not_write_the_session_again(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    session = Session.objects.get(session_key=client.session.session_key)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert "Mes questionnaires" in client.get("/repondre/").content.decode()
    written = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "django_session"')]
    assert written == []
    session.refresh_from_db()
    ends = session.expire_date - timezone.now()
    assert timedelta(hours=IDLE_HOURS) - REFRESH < ends <= timedelta(hours=IDLE_HOURS)


def test_logging_out_from_a_page_saves_it_and_keeps_the_invalid_value_as_a_draft(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    fields = form_fields(client.get(url).content.decode())
    data = {"a_site": "oui", "pages": "douze", "etendue": "section", "action": "deconnexion"}
    body = client.post(url, {**data, **fields}).content.decode()
    assert "Vous êtes déconnecté" in body
    assert "1 saisie à corriger gardée en brouillon" in body
    response = Response.objects.get()
    assert flows.current_values(response) == {"a_site": "oui"}
    assert flows.drafts(response) == {"pages": "douze"}
    assert client.get("/repondre/").status_code == 401


def test_the_logout_button_ends_the_session(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    assert "Se déconnecter" in client.get("/repondre/").content.decode()
    assert "Vous êtes déconnecté" in client.post("/repondre/deconnexion/").content.decode()
    assert client.get("/repondre/").status_code == 401


def test_a_page_sent_after_the_session_ended_is_kept_as_a_draft_and_shown_again(
    open_wave: Wave, agent: Respondent
) -> None:
    client = logged_in(Client(), agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/outils/"
    html = client.get(url).content.decode()
    token = html.split('name="brouillon" value="')[1].split('"')[0]
    Session.objects.all().delete()  # the session has ended meanwhile
    data = {"commentaire": "Écrit pendant la pause", "outils": "agenda", "brouillon": token}
    reply = client.post(url, {**data, **form_fields(html)})
    assert reply.status_code == 401
    assert "gardée" in reply.content.decode()
    assert "en brouillon" in reply.content.decode()
    response = Response.objects.get()
    assert flows.current_values(response) == {}  # a draft, never an answer
    back = logged_in(Client(), agent)
    page = back.get(url).content.decode()
    assert "Écrit pendant la pause" in page
    assert "Brouillon à enregistrer" in page


def test_a_forged_draft_token_keeps_nothing(open_wave: Wave, agent: Respondent) -> None:
    client = logged_in(Client(), agent)
    start(client, open_wave)
    Session.objects.all().delete()
    url = f"/repondre/{open_wave.pk}/essai/outils/"
    reply = client.post(url, {"commentaire": "x", "brouillon": "1:2:outils:faux"})
    assert reply.status_code == 401
    assert "pas pu être enregistré" in reply.content.decode()
    assert not Response.objects.get().drafts.exists()


def test_an_autosave_with_an_invalid_value_says_what_it_stored(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    fields = form_fields(client.get(url).content.decode())
    data = {"a_site": "oui", "pages": "beaucoup", "etendue": "section", "action": "autosave"}
    reply = client.post(url, {**fields, **data}).json()
    assert "« Combien de pages ? »" in reply["message"]
    assert "gardée en brouillon, pas enregistrée" in reply["message"]
    assert "Brouillon enregistré" not in reply["message"]
    assert reply["drafted"] == ["pages"]
    response = Response.objects.get()
    assert (flows.current_values(response), flows.drafts(response)) == (
        {"a_site": "oui"},
        {"pages": "beaucoup"},
    )


def test_a_colleague_save_over_an_autosave_is_still_a_conflict(
    open_wave: Wave, agent: Respondent, elu: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(
        response, "site", {"a_site": "oui"}, agent, key="a", base_revision=0, autosave=True
    )
    colleague = logged_in(Client(), elu)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    reply = colleague.post(url, {"a_site": "non", "cle": "b", "revision": "0"})
    assert reply.status_code == 409
    assert "Cette page a été modifiée par secretariat@saint-etienne.fr" in reply.content.decode()


def test_the_summary_points_to_each_draft_on_its_own_screen(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    fields = form_fields(client.get(url).content.decode())
    data = {"a_site": "oui", "pages": "beaucoup", "etendue": "section", "action": "autosave"}
    client.post(url, {**fields, **data})
    summary = client.get(f"/repondre/{open_wave.pk}/essai/recapitulatif/").content.decode()
    assert "Brouillon pas encore enregistré" in summary
    assert f'href="/repondre/{open_wave.pk}/essai/site-2/#q-pages">Combien de pages ?' in summary


def test_an_autosave_over_a_colleague_save_keeps_the_typed_values_as_drafts(
    open_wave: Wave, agent: Respondent, elu: Respondent
) -> None:
    response = flows.open_response(open_wave, "essai", agent)
    flows.save_page(response, "outils", {"commentaire": "Du maire"}, elu, key="e", base_revision=0)
    client = logged_in(Client(), agent)
    url = f"/repondre/{open_wave.pk}/essai/outils/"
    data = {"commentaire": "De la secrétaire", "action": "autosave", "cle": "a", "revision": "0"}
    reply = client.post(url, data)
    assert reply.status_code == 409
    assert "Cette page a été modifiée par maire@saint-etienne.fr" in reply.json()["message"]
    assert "gardé en brouillon" in reply.json()["message"]
    assert flows.current_values(response) == {"commentaire": "Du maire"}
    page = client.get(url).content.decode()
    assert "De la secrétaire" in page
    assert "Brouillon à enregistrer" in page
