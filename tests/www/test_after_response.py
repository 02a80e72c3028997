"""« Nouveau lien » and « Je réponds pour ma collectivité » send their e-mail only once the page
has been sent: its timing no longer tells whether an address is known."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory

from barometre.collection.models import Respondent
from barometre.www.after_response import after_response
from barometre.www.public.new_link import new_link
from barometre.www.public.self_service import self_service

pytestmark = pytest.mark.django_db


def posted(path: str, data: dict[str, str]) -> object:
    request = RequestFactory().post(path, data)
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._dont_enforce_csrf_checks = True
    return request


def test_a_new_link_is_mailed_after_the_page_is_sent(agent: Respondent) -> None:
    response = new_link(posted("/connexion/nouveau-lien/", {"email": agent.user.email}))
    assert response.status_code == 200
    assert mail.outbox == []  # the page is ready: nothing sent yet
    response.close()  # what the WSGI server does once the page has gone
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [agent.user.email]


def test_self_service_mails_after_the_page_is_sent() -> None:
    data = {"authority": "commune:42218", "role": "agent", "email": "dgs@saint-etienne.fr"}
    response = self_service(posted("/je-reponds/", data))
    assert response.status_code == 200
    assert mail.outbox == []
    response.close()
    assert [m.to for m in mail.outbox] == [["dgs@saint-etienne.fr"]]


def test_a_failing_job_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise ConnectionRefusedError("SMTP injoignable")

    response = after_response(HttpResponse("ok"), [broken])
    with caplog.at_level(logging.ERROR):
        response.close()
    assert "Tâche après la réponse en échec" in caplog.text
