"""One-time staff login links: a button first, one use, staff only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from barometre.accounts.links import staff_link_parts
from barometre.accounts.models import StaffProfile
from barometre.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def link_for(user: User) -> str:
    uidb64, token = staff_link_parts(user)
    return f"/equipe/connexion/lien/{uidb64}/{token}/"


@pytest.fixture
def operator() -> User:
    user = User.objects.create_user("operateur@exemple.fr", "operateur@exemple.fr")
    StaffProfile.objects.create(user=user, role="operator")
    return user


def test_the_link_logs_in_once_after_a_click(operator: User) -> None:
    url, client = link_for(operator), Client()
    opened = client.get(url)
    assert opened.status_code == 302
    assert opened["Location"] == "/equipe/connexion/lien/"  # the page with the button: no token
    assert client.get("/equipe/").status_code == 302  # the GET spent nothing, opened nothing
    button = client.get("/equipe/connexion/lien/")
    assert "Me connecter" in button.content.decode()
    assert client.post("/equipe/connexion/lien/").status_code == 302
    assert client.get("/equipe/").status_code == 200
    assert AuditEvent.objects.filter(action="staff_login").count() == 1
    assert Client().post(url).status_code == 410
    assert Client().get(url).status_code == 410


def test_a_mail_scanner_opening_the_link_leaves_it_to_its_recipient(operator: User) -> None:
    url = link_for(operator)
    assert Client().get(url).status_code == 302  # the scanner, with its own session
    person = Client()
    person.get(url)
    assert person.post("/equipe/connexion/lien/").status_code == 302
    assert person.get("/equipe/").status_code == 200


def test_the_button_page_without_a_link_in_the_session_logs_nobody_in() -> None:
    client = Client()
    reply = client.post("/equipe/connexion/lien/")
    assert reply.status_code == 410
    assert "pas valide" in reply.content.decode()
    assert client.get("/equipe/").status_code == 302


def test_a_user_without_staff_profile_cannot_use_a_link() -> None:
    user = User.objects.create_user("quelquun@exemple.fr")
    reply = Client().post(link_for(user))
    assert reply.status_code == 410
    assert "pas valide" in reply.content.decode()


@pytest.mark.parametrize(
    "path", ["/equipe/connexion/lien/xx/yy/", "/equipe/connexion/lien/MQ/abc/"]
)
def test_forged_links_are_refused(path: str) -> None:
    assert Client().post(path).status_code == 410


def test_a_staff_link_opened_but_unused_expires_a_day_later(operator: User) -> None:
    url = link_for(operator)
    assert Client().get(url).status_code == 302  # a mail scanner opens it at delivery
    opened = AuditEvent.objects.get(action="staff_link_opened")
    assert url.rsplit("/", 2)[-2] not in str(opened.detail)  # the token's hash, not the token
    Client().get(url)
    assert AuditEvent.objects.filter(action="staff_link_opened").count() == 1  # the first only
    AuditEvent.objects.filter(pk=opened.pk).update(at=timezone.now() - dt.timedelta(hours=25))
    late = Client()
    reply = late.get(url)
    assert reply.status_code == 410
    assert "a expiré" in reply.content.decode()
    assert late.post(url).status_code == 410
    assert late.get("/equipe/").status_code == 302
