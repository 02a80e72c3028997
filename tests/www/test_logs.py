"""Log lines carry the request id and never a login token, an e-mail address or a form."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from barometre.www.logs import AdminMailHandler, JsonFormatter, redact
from tests.participation.smtp import Collector, running_smtp

pytestmark = pytest.mark.django_db
TOKEN = "Xk3_9aZ-qwertyuiopasdfghjklzxcvbnm1234567890"  # noqa: S105 - a made-up link token


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (f"GET /connexion/{TOKEN}/ HTTP/1.1", "GET /connexion/[masqué]/ HTTP/1.1"),
        (f"/equipe/connexion/lien/MQ/{TOKEN}/", "/equipe/connexion/lien/[masqué]/"),
        (f"/equipe/desinscription/{TOKEN}/", "/equipe/desinscription/[masqué]/"),
        ("/connexion/nouveau-lien/", "/connexion/nouveau-lien/"),
        ("/equipe/connexion/lien/", "/equipe/connexion/lien/"),
        (
            "clé en double : (email)=(Secretariat@Saint-Etienne.fr)",
            "clé en double : (email)=([masqué])",
        ),
        ("/je-reponds/?q=dgs%40firminy.fr", "/je-reponds/?q=[masqué]"),
        (
            "IntegrityError: duplicate key\nDETAIL:  Key (nom)=(Mairie de Firminy) exists.\nfin",
            "IntegrityError: duplicate key\nDETAIL: [masqué]\nfin",
        ),
        ('CONTEXT:  JSON data, line 1: "réponse libre', "CONTEXT: [masqué]"),
    ],
)
def test_tokens_and_addresses_are_masked(line: str, kept: str) -> None:
    assert redact(line) == kept


def fail_with_secrets() -> None:
    raise ValueError(f"lien /connexion/{TOKEN}/ de maire@firminy.fr")


def test_a_json_line_has_the_request_id_and_a_masked_traceback() -> None:
    try:
        fail_with_secrets()
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "échec %s", ("a@b.fr",), None)
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "échec [masqué]"
    assert "Traceback" in line["traceback"]
    assert TOKEN not in line["traceback"]
    assert "firminy" not in line["traceback"]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    settings.ADMINS = [("Équipe", "equipe@barometre.test")]
    for handler in logging.getLogger().handlers:  # one per process: forget earlier tests' mails
        if isinstance(handler, AdminMailHandler):
            handler.sent.clear()
    yield from running_smtp(settings)


def test_a_server_error_is_mailed_to_admins_without_the_form(
    smtp: Collector, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("panne simulée du référentiel")

    monkeypatch.setattr("barometre.www.public.new_link.request_new_links", broken)
    client = Client(raise_request_exception=False)
    reply = client.post("/connexion/nouveau-lien/", {"email": "maire@firminy.fr"})
    reference = reply["X-Request-ID"]
    assert reply.status_code == 500
    assert reference in reply.content.decode()
    assert any(r.levelno == logging.ERROR and r.name == "django.request" for r in caplog.records)
    message = smtp.messages[-1]
    assert reference in message["Subject"]
    body = str(message.get_content())
    assert "panne simulée du référentiel" in body
    assert "Traceback" in body
    assert "firminy" not in body
    assert "csrfmiddlewaretoken" not in body


def test_an_outage_sends_ten_mails_a_minute_at_most_and_logs_every_error(
    smtp: Collector, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("base indisponible")

    monkeypatch.setattr("barometre.www.public.new_link.request_new_links", broken)
    client = Client(raise_request_exception=False)
    codes = [
        client.post("/connexion/nouveau-lien/", {"email": "a@b.fr"}).status_code for _ in range(12)
    ]
    assert codes == [500] * 12
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert len(errors) == 12
    assert len(smtp.messages) == 10
