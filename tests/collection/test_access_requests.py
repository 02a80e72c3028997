"""« Je réponds pour ma collectivité »: vouched addresses get a link, others wait for a person."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from barometre.audit.models import AuditEvent
from barometre.collection.access import (
    MAX_PER_ADDRESS,
    MAX_PER_CLIENT,
    Outcome,
    TooManyRequestsError,
    approve,
    ask_access,
    name_domain_matches,
    refuse,
)
from barometre.collection.errors import CollectionError, ConflictError, NotFoundError
from barometre.collection.links import consume_link
from barometre.collection.models import (
    AccessRequest,
    AccessRequestStatus,
    AllowedDomain,
    Respondent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> AbstractBaseUser:
    return get_user_model().objects.create_user("operateur", "op@barometre.fr", is_staff=True)


@pytest.mark.parametrize(
    ("authority", "domain", "matches"),
    [
        ("commune:42218", "saint-etienne.fr", True),
        ("commune:42218", "mairie-saint-etienne.fr", True),
        ("commune:42218", "ville-saint-etienne.fr", True),
        ("commune:42218", "services.saint-etienne.fr", True),
        ("commune:42218", "saint-etienne.com", False),
        ("commune:42218", "saint-etienne-fans.fr", False),
        ("commune:42218", "gmail.com", False),
        ("commune:69123", "lyon.fr", True),
        ("commune:69123", "saint-etienne.fr", False),
    ],
)
def test_the_authority_own_name_under_a_public_tld_is_its_domain(
    authority: str, domain: str, *, matches: bool
) -> None:
    assert name_domain_matches(authority, domain) is matches


def test_a_name_shared_by_several_authorities_is_nobody_own_domain() -> None:
    # « Saint-Martin » names dozens of communes: its domain cannot vouch for any of them.
    frame_ids = ["commune:" + code for code in ("32389", "54480")]
    assert not any(name_domain_matches(unit_id, "saint-martin.fr") for unit_id in frame_ids)


def test_a_known_contact_gets_a_link_at_once(agent: Respondent) -> None:
    answer = ask_access("42218", "secretariat@saint-etienne.fr", "agent", client="1.2.3.4")
    assert answer.outcome is Outcome.LINK
    assert answer.respondent == agent
    assert consume_link(answer.token) == agent
    assert not AccessRequest.objects.exists()


def test_an_address_on_the_authority_domain_is_enrolled_and_gets_a_link() -> None:
    answer = ask_access("42218", "dgs@mairie-saint-etienne.fr", "agent", "DGS", client="1")
    assert answer.outcome is Outcome.LINK
    assert answer.purpose == "invitation"
    respondent = Respondent.objects.get(user__username="dgs@mairie-saint-etienne.fr")
    assert (respondent.authority_id, respondent.function) == ("commune:42218", "DGS")
    assert AuditEvent.objects.filter(action="access_link").exists()


def test_a_domain_listed_by_operators_vouches_for_its_subdomains_too() -> None:
    AllowedDomain.objects.create(authority_id="commune:42218", domain="agglo-exemple.fr")
    answer = ask_access("42218", "it@si.agglo-exemple.fr", "agent", client="1")
    assert answer.outcome is Outcome.LINK


def test_anyone_else_is_queued_once_and_nothing_is_enrolled() -> None:
    first = ask_access("42218", "Quelqu.un@gmail.com", "elu", "adjoint", client="1")
    again = ask_access("42218", "quelqu.un@gmail.com", "elu", "adjoint", client="1")
    assert first.outcome is again.outcome is Outcome.QUEUED
    assert first.token == ""
    request = AccessRequest.objects.get()
    assert (request.email, request.status) == ("quelqu.un@gmail.com", "pending")
    assert not Respondent.objects.exists()
    assert AuditEvent.objects.filter(action="access_request").count() == 1


def test_a_known_contact_of_another_authority_is_queued(stranger: Respondent) -> None:
    answer = ask_access("42218", stranger.user.email, "agent", client="1")
    assert answer.outcome is Outcome.QUEUED


@pytest.mark.parametrize(
    ("authority", "email", "role", "message"),
    [
        ("99999", "a@b.fr", "agent", "Aucune commune"),
        ("42218", "pas-une-adresse", "agent", "adresse électronique"),
        ("42218", "a@b.fr", "maire", "agent ou élu"),
    ],
)
def test_bad_requests_are_refused_in_french_and_store_nothing(
    authority: str, email: str, role: str, message: str
) -> None:
    with pytest.raises(CollectionError, match=message):
        ask_access(authority, email, role, client="1")
    assert not AccessRequest.objects.exists()


def test_requests_are_rate_limited_by_address_and_by_client() -> None:
    for _ in range(MAX_PER_ADDRESS):
        ask_access("42218", "a@gmail.com", "agent", client="1")
    with pytest.raises(TooManyRequestsError, match="Trop de demandes"):
        ask_access("42218", "a@gmail.com", "agent", client="2")
    for index in range(MAX_PER_CLIENT - MAX_PER_ADDRESS):
        ask_access("42218", f"b{index}@gmail.com", "agent", client="1")
    with pytest.raises(TooManyRequestsError):
        ask_access("42218", "c@gmail.com", "agent", client="1")


def test_approving_enrols_returns_an_invitation_and_can_vouch_for_the_domain(
    operator: AbstractBaseUser,
) -> None:
    ask_access("42218", "it@prestataire.fr", "agent", "DSI", client="1")
    request = AccessRequest.objects.get()
    respondent, token = approve(request.pk, operator, allow_domain=True)
    assert consume_link(token) == respondent
    assert respondent.function == "DSI"
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (AccessRequestStatus.APPROVED, operator)
    assert AllowedDomain.objects.filter(domain="prestataire.fr").exists()
    assert ask_access("42218", "autre@prestataire.fr", "agent", client="1").outcome is Outcome.LINK
    assert AuditEvent.objects.filter(action="access_request_approved").exists()


def test_refusing_enrols_nobody_and_a_decision_is_final(operator: AbstractBaseUser) -> None:
    ask_access("42218", "x@gmail.com", "agent", client="1")
    request = AccessRequest.objects.get()
    refuse(request.pk, operator)
    assert not Respondent.objects.exists()
    with pytest.raises(ConflictError, match="déjà été refusée"):
        approve(request.pk, operator)
    with pytest.raises(NotFoundError):
        refuse(request.pk + 1, operator)
