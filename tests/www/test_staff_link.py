"""One-time staff login links: a button first, one use, staff only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

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
    assert client.get(url).status_code == 200
    assert client.get("/equipe/").status_code == 302  # the GET spent nothing, opened nothing
    assert client.post(url).status_code == 302
    assert client.get("/equipe/").status_code == 200
    assert AuditEvent.objects.filter(action="staff_login").count() == 1
    assert Client().post(url).status_code == 410


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
