"""Hostile requests get a French 400 before any view reads them, and nothing is written.

Run on PostgreSQL too (``--db=postgres``): it refuses a NUL byte in text, which was the 500."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import BadRequest
from django.test import Client, RequestFactory

from barometre.campaigns.models import Wave
from barometre.collection.models import Answer, Respondent, Response
from barometre.www import errors
from tests.www.test_respond import form_fields, logged_in, start

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def open_page(client: Client, wave: Wave, respondent: Respondent) -> tuple[str, dict[str, str]]:
    logged_in(client, respondent)
    start(client, wave)
    url = f"/repondre/{wave.pk}/essai/outils/"
    return url, form_fields(client.get(url).content.decode())


@pytest.mark.parametrize(
    "data",
    [
        {"outils": "messagerie", "commentaire": "a\x00b"},  # a NUL byte in a text answer
        {"outils": "messagerie", "commentaire": "ok", "cle": "k\x00"},  # in the idempotency key
        {"outils": "messagerie", "commentaire": "bip\x07"},  # another control character
    ],
)
def test_a_control_character_in_a_form_is_a_french_400_and_nothing_is_saved(
    client: Client, open_wave: Wave, agent: Respondent, data: dict[str, str]
) -> None:
    url, fields = open_page(client, open_wave, agent)
    before = (
        list(Answer.objects.values_list("value", flat=True)),
        list(Response.objects.values_list("updated_at", flat=True)),
    )
    reply = client.post(url, {**fields, **data})
    text = visible_text(reply.content.decode())
    assert reply.status_code == 400
    assert "Un champ du formulaire contient un caractère refusé" in text
    assert "Rien n’a été enregistré" in text
    after = (
        list(Answer.objects.values_list("value", flat=True)),
        list(Response.objects.values_list("updated_at", flat=True)),
    )
    assert after == before


def test_line_breaks_and_tabs_in_a_text_answer_are_kept(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    url, fields = open_page(client, open_wave, agent)
    reply = client.post(url, {**fields, "outils": "messagerie", "commentaire": "un\r\ndeux\tfin"})
    assert reply.status_code == 302
    assert Answer.objects.filter(question_id="commentaire").get().value == "un\r\ndeux\tfin"


def test_a_nul_byte_in_the_api_query_is_a_french_json_400() -> None:
    reply = Client().get("/api/v1/vagues/1/resultats?niveau=%00")
    assert reply.status_code == 400
    assert reply.json()["erreur"].startswith("Un paramètre de l’adresse contient un caractère")
    assert reply.json()["reference"] == reply["X-Request-ID"]


@pytest.mark.parametrize(
    "path",
    [
        "/resultats/?q=%00",
        "/resultats/1/essai/?type=%00",
        "/resultats/1/essai/carte/?indicateur=%00",
        "/je-reponds/?q=a%00",
        "/?%00=1",
        "/je-reponds/?q=%FF%FE",
    ],
)
def test_a_broken_query_string_on_a_page_is_a_french_400(path: str) -> None:
    reply = Client().get(path)
    assert reply.status_code == 400
    assert "Un paramètre de l’adresse" in reply.content.decode() or "UTF-8" in (
        reply.content.decode()
    )


@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-1", "utf-16", "ebcdic-banane"])
def test_a_form_in_another_charset_is_refused_before_anything_reads_it(
    client: Client, open_wave: Wave, agent: Respondent, charset: str
) -> None:
    url, fields = open_page(client, open_wave, agent)
    body = (
        "&".join(f"{key}={value}" for key, value in fields.items()) + "&commentaire=caf%E9"
    ).encode()
    reply = client.generic(  # the body as sent: the test client would re-encode it
        "POST", url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    text = visible_text(reply.content.decode())
    assert reply.status_code == 400
    assert f"Le formulaire doit être envoyé en UTF-8 (jeu de caractères reçu : « {charset} »)" in (
        text
    )
    assert not Answer.objects.exists()


def test_a_nul_byte_in_a_cookie_is_a_french_400() -> None:
    client = Client()
    client.cookies["sessionid"] = "a\x00b"  # Django unquotes "\\000" into a NUL byte
    reply = client.get("/repondre/")
    assert reply.status_code == 400
    assert "Un cookie envoyé par le navigateur contient un caractère refusé" in (
        reply.content.decode()
    )


def test_a_control_character_in_a_header_is_a_french_400() -> None:
    reply = Client().get("/", headers={"Accept-Language": "fr\x00"})
    assert reply.status_code == 400
    assert "Un en-tête de la demande contient un caractère refusé" in reply.content.decode()


def test_a_multipart_form_without_boundary_is_a_french_400(client: Client) -> None:
    reply = client.post("/connexion/nouveau-lien/", b"email=a", content_type="multipart/form-data")
    assert reply.status_code == 400
    assert "Le formulaire reçu est illisible ou trop volumineux" in reply.content.decode()


def test_an_ordinary_form_still_goes_through() -> None:
    reply = Client().post("/connexion/nouveau-lien/", {"email": "personne@exemple.fr"})
    assert reply.status_code == 200
    assert "Demande invalide" not in reply.content.decode()


@pytest.mark.parametrize("path", ["/connexion/a%00b/", "/resultats/%FF/"])
def test_a_broken_path_is_a_french_400(path: str) -> None:
    reply = Client().get(path)
    assert reply.status_code == 400
    assert "L’adresse de la page contient un caractère refusé" in reply.content.decode()


def test_the_error_pages_never_read_a_broken_request_again() -> None:
    broken = RequestFactory().generic(
        "POST",
        "/repondre/1/essai/outils/",
        b"commentaire=caf%E9",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    with pytest.raises(BadRequest):
        broken.POST  # noqa: B018 - what the old handlers did, and failed on, again and again
    page = errors.server_error(broken)
    assert page.status_code == 500
    assert "Une erreur est survenue de notre côté" in page.content.decode()
    refused = errors.bad_request(broken, BadRequest())
    assert refused.status_code == 400
    assert "La demande reçue est mal formée" in refused.content.decode()
