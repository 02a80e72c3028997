"""The questionnaire pages: login by link, answer page by page, summary, submit, receipt."""

from __future__ import annotations

import re
import socket
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from barometre.campaigns.models import Wave
from barometre.collection import flows
from barometre.collection.links import issue_link
from barometre.collection.models import Respondent, Response, ResponseStatus

pytestmark = pytest.mark.django_db


def logged_in(client: Client, respondent: Respondent) -> Client:
    token = issue_link(respondent)
    client.post(f"/connexion/{token}/")
    return client


def start(client: Client, wave: Wave) -> str:
    response = client.post(f"/repondre/{wave.pk}/essai/commencer/")
    assert response.status_code == 302
    return str(response["Location"])


def form_fields(html: str) -> dict[str, str]:
    key = re.search(r'name="cle" value="([0-9a-f]+)"', html)
    revision = re.search(r'name="revision" value="(\d+)"', html)
    assert key
    assert revision
    return {"cle": key.group(1), "revision": revision.group(1)}


def test_the_link_page_asks_for_a_click_before_spending_the_token(agent: Respondent) -> None:
    token = issue_link(agent)
    client = Client()
    opened = client.get(f"/connexion/{token}/")
    assert opened.status_code == 302
    assert opened["Location"] == "/connexion/"  # the button's page carries no token
    assert "Me connecter" in client.get("/connexion/").content.decode()
    assert client.get("/repondre/").status_code == 401
    assert client.post("/connexion/").status_code == 302
    assert client.get("/repondre/").status_code == 200
    again = Client().post(f"/connexion/{token}/")
    assert again.status_code == 410
    assert "déjà servi" in again.content.decode()


def test_home_shows_the_prefilled_authority_and_open_questionnaires(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    html = logged_in(client, agent).get("/repondre/").content.decode()
    assert "Saint-Étienne" in html
    assert "Saint-Étienne Métropole" in html
    assert "Questionnaire d&#x27;essai" in html or "Questionnaire d'essai" in html
    assert "Pas commencé" in html


def test_a_full_journey_saves_each_page_and_submits(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    url = start(client, open_wave)
    assert url.endswith("/profil/")
    page = client.get(url)
    assert page["Cache-Control"].startswith("max-age=0")
    assert "no-store" in page["Cache-Control"]
    answers = [
        ("profil", {"role": "agent"}),
        ("site", {"a_site": "oui"}),
        ("site-2", {"pages": "12"}),
        ("outils", {"outils": ["messagerie", "agenda"], "commentaire": "Rien à signaler"}),
    ]
    for page_id, data in answers:
        html = client.get(f"/repondre/{open_wave.pk}/essai/{page_id}/").content.decode()
        saved = client.post(
            f"/repondre/{open_wave.pk}/essai/{page_id}/", {**data, **form_fields(html)}
        )
        assert saved.status_code == 302, saved.content.decode()[:2000]
    assert saved["Location"].endswith("/recapitulatif/")
    submitted = client.post(f"/repondre/{open_wave.pk}/essai/recapitulatif/")
    assert submitted.status_code == 302
    receipt = client.get(submitted["Location"]).content.decode()
    response = Response.objects.get()
    assert response.receipt_number in receipt
    assert "Agenda partagé" in receipt
    assert len(mail.outbox) == 1
    assert response.receipt_number in mail.outbox[0].subject


def answer_everything(client: Client, wave: Wave) -> None:
    start(client, wave)
    for page_id, data in (
        ("profil", {"role": "agent"}),
        ("site", {"a_site": "non"}),
        ("outils", {"outils": ["messagerie"]}),
    ):
        html = client.get(f"/repondre/{wave.pk}/essai/{page_id}/").content.decode()
        client.post(f"/repondre/{wave.pk}/essai/{page_id}/", {**data, **form_fields(html)})


def test_a_mail_relay_down_does_not_turn_a_submission_into_an_error(
    client: Client, open_wave: Wave, agent: Respondent, settings: Any, caplog: Any
) -> None:
    with socket.socket() as probe:  # a port where nothing listens: the relay refuses at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    logged_in(client, agent)
    answer_everything(client, open_wave)
    submitted = client.post(f"/repondre/{open_wave.pk}/essai/recapitulatif/")
    assert submitted.status_code == 302  # the receipt page, not the error page
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED
    receipt = client.get(submitted["Location"]).content.decode()
    assert response.receipt_number in receipt
    assert "s&#x27;il ne vous parvient pas, cette page en tient lieu" in receipt or (
        "s'il ne vous parvient pas, cette page en tient lieu" in receipt
    )
    assert "courriel non envoyé" in caplog.text  # said in the log for the team


def test_errors_are_listed_and_linked_to_their_field(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    html = client.get(url).content.decode()
    data = {"a_site": "oui", "pages": "beaucoup", "etendue": "section"}  # as relevance.js sends
    result = client.post(url, {**data, **form_fields(html)})
    body = result.content.decode()
    assert result.status_code == 422
    assert 'href="#q-pages"' in body
    assert 'value="beaucoup"' in body  # what was typed is kept
    assert 'aria-invalid="true"' in body


def test_an_unknown_field_is_a_400_and_stores_nothing(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    result = client.post(url, {"a_site": "oui", "intrus": "1", "cle": "k", "revision": "0"})
    assert result.status_code == 400
    assert "Champ inconnu" in result.content.decode()
    assert flows.current_values(Response.objects.get()) == {}


def test_a_conflicting_save_keeps_what_was_typed(
    open_wave: Wave, agent: Respondent, elu: Respondent
) -> None:
    first, second = logged_in(Client(), agent), logged_in(Client(), elu)
    start(first, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    stale = form_fields(second.get(url).content.decode())
    first.post(url, {"a_site": "oui", **form_fields(first.get(url).content.decode())})
    result = second.post(url, {"a_site": "non", **stale})
    body = result.content.decode()
    assert result.status_code == 409
    assert "secretariat@saint-etienne.fr" in body
    assert re.search(r'value="non"\s+checked', body)


def test_another_authority_gets_404_exactly_like_a_missing_response(
    open_wave: Wave, agent: Respondent, stranger: Respondent
) -> None:
    owner = logged_in(Client(), agent)
    start(owner, open_wave)
    intruder = logged_in(Client(), stranger)
    for path in ("site/", "recapitulatif/", "accuse/"):
        assert intruder.get(f"/repondre/{open_wave.pk}/essai/{path}").status_code == 404
        assert intruder.get(f"/repondre/{open_wave.pk}/autre/{path}").status_code == 404
    posted = intruder.post(f"/repondre/{open_wave.pk}/essai/site/", {"a_site": "non"})
    assert posted.status_code == 404


def test_an_expired_session_shows_what_was_typed(open_wave: Wave) -> None:
    result = Client().post(
        f"/repondre/{open_wave.pk}/essai/site/", {"a_site": "oui", "commentaire": "Texte long"}
    )
    body = result.content.decode()
    assert result.status_code == 401
    assert "Votre session a expiré" in body
    assert "Texte long" in body


def test_new_link_says_the_same_for_known_and_unknown_addresses(agent: Respondent) -> None:
    known = Client().post("/connexion/nouveau-lien/", {"email": agent.user.email})
    unknown = Client().post("/connexion/nouveau-lien/", {"email": "inconnu@exemple.fr"})
    assert known.status_code == unknown.status_code == 200
    assert "Si cette adresse est connue" in known.content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/connexion/[^/\s]+/)", mail.outbox[0].body)
    assert link
    client = Client()
    client.post(link.group(1))
    assert client.get("/repondre/").status_code == 200


def test_new_link_requests_are_rate_limited(agent: Respondent) -> None:
    codes = [
        Client().post("/connexion/nouveau-lien/", {"email": agent.user.email}).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_autosave_answers_json_and_moves_the_revision(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/site/"
    fields = form_fields(client.get(url).content.decode())
    data = {"a_site": "oui", "action": "autosave", "revision": fields["revision"]}
    saved = client.post(url, {**data, "cle": "auto-1"})
    assert saved.status_code == 200
    assert saved.json()["revision"] == 1
    replay = client.post(url, {**data, "cle": "auto-1"})
    assert replay.json()["revision"] == 1
    # the reply of auto-1 was lost: the form still holds revision 0; saving over one's own
    # autosave is no conflict
    stale = client.post(url, {**data, "a_site": "non", "cle": "auto-2"})
    assert stale.status_code == 200, stale.json()
    assert stale.json()["message"].startswith("Réponses enregistrées automatiquement à ")
    assert flows.current_values(Response.objects.get()) == {"a_site": "non"}


def test_a_refused_form_shows_what_was_typed_in_french(open_wave: Wave, agent: Respondent) -> None:
    client = logged_in(Client(), agent)
    client.handler.enforce_csrf_checks = True
    result = client.post(
        f"/repondre/{open_wave.pk}/essai/outils/", {"commentaire": "Ma longue réponse"}
    )
    body = result.content.decode()
    assert result.status_code == 403
    assert "Ce formulaire a expiré" in body
    assert "Ma longue réponse" in body


def test_unknown_pages_answer_a_french_404(client: Client) -> None:
    result = client.get("/nulle-part/")
    assert result.status_code == 404
    assert "Page introuvable" in result.content.decode()


def test_resume_opens_the_first_screen_not_saved_yet(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    assert start(client, open_wave).endswith("/essai/profil/")
    response = Response.objects.get()
    flows.save_page(response, "profil", {"role": "agent"}, agent, key="a", base_revision=0)
    flows.save_page(response, "site", {"a_site": "oui"}, agent, key="b", base_revision=0)
    assert start(client, open_wave).endswith("/essai/site-2/")  # « Combien de pages ? »
    flows.save_page(response, "site-2", {"pages": "4"}, agent, key="c", base_revision=1)
    assert start(client, open_wave).endswith("/essai/outils/")
    flows.save_page(response, "outils", {"commentaire": "Fini"}, agent, key="d", base_revision=0)
    assert start(client, open_wave).endswith("/essai/recapitulatif/")
    home = client.get("/repondre/").content.decode()
    assert "Reprendre" in home
