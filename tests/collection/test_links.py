"""Login links are personal, single-use and short-lived; only their hash is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from barometre.collection.errors import CollectionError, LinkError
from barometre.collection.links import (
    SEEN_LIFETIME,
    consume_hashed,
    consume_link,
    enrol,
    issue_link,
    see_link,
)
from barometre.collection.models import LoginLink, Respondent

pytestmark = pytest.mark.django_db


def test_enrol_accepts_any_code_of_the_authority_and_is_idempotent() -> None:
    first = enrol("214202186", " Secretariat@Saint-Etienne.fr ", "agent")
    again = enrol("commune:42218", "secretariat@saint-etienne.fr", "agent")
    assert first == again
    assert first.authority_id == "commune:42218"
    assert first.user.email == "secretariat@saint-etienne.fr"


@pytest.mark.parametrize(
    ("authority", "email", "role", "message"),
    [
        ("99999", "a@b.fr", "agent", "Aucune commune"),
        ("42218", "pas-une-adresse", "agent", "adresse électronique"),
        ("42218", "a@b.fr", "stagiaire", "Rôle inconnu"),
    ],
)
def test_enrol_refuses_bad_input_in_french(
    authority: str, email: str, role: str, message: str
) -> None:
    with pytest.raises(CollectionError, match=message):
        enrol(authority, email, role)
    assert not Respondent.objects.exists()


def test_a_link_opens_one_session_only(agent: Respondent) -> None:
    token = issue_link(agent)
    assert consume_link(token) == agent
    with pytest.raises(LinkError, match="déjà servi"):
        consume_link(token)


def test_the_token_itself_is_never_stored(agent: Respondent) -> None:
    token = issue_link(agent)
    assert not LoginLink.objects.filter(token_hash=token).exists()


def test_an_expired_link_is_refused(agent: Respondent) -> None:
    token = issue_link(agent, purpose="relogin")
    LoginLink.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(LinkError, match="expiré"):
        consume_link(token)


def test_a_forged_link_is_refused() -> None:
    with pytest.raises(LinkError, match="n'est pas valide"):
        consume_link("forged-token")


def test_an_invitation_opened_but_unused_expires_a_day_later(agent: Respondent) -> None:
    token = issue_link(agent, "invitation")
    link = LoginLink.objects.get()
    assert link.expires_at - link.created_at > dt.timedelta(days=13)  # 14 days if never opened
    see_link(token)  # a mail scanner, or the person who does not press the button
    link.refresh_from_db()
    assert link.expires_at - timezone.now() <= SEEN_LIFETIME
    assert link.used_at is None
    first_deadline = link.expires_at
    see_link(token)  # opening it again never gives it more time
    link.refresh_from_db()
    assert link.expires_at == first_deadline
    LoginLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(LinkError, match="expiré"):
        see_link(token)


def test_the_hash_kept_by_the_session_spends_the_link_once(agent: Respondent) -> None:
    hashed = see_link(issue_link(agent))
    assert consume_hashed(hashed) == agent
    with pytest.raises(LinkError, match="déjà servi"):
        consume_hashed(hashed)
