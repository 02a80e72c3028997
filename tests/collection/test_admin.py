"""The back office validates allowed domains and never edits answers."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from barometre.collection.models import AllowedDomain

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    user = get_user_model().objects.create_superuser("admin@exemple.fr", "admin@exemple.fr", "x")
    client = Client()
    client.force_login(user)
    return client


def test_an_allowed_domain_is_checked_and_normalised(admin_client: Client) -> None:
    reply = admin_client.post(
        "/gestion/collection/alloweddomain/add/",
        {"authority_id": "42218", "domain": "@Saint-Etienne.FR"},
    )
    assert reply.status_code == 302
    domain = AllowedDomain.objects.get()
    assert (domain.authority_id, domain.domain) == ("commune:42218", "saint-etienne.fr")


@pytest.mark.parametrize(
    ("authority", "domain", "message"),
    [("99999", "exemple.fr", "Aucune commune"), ("42218", "pas un domaine", "nom de domaine")],
)
def test_bad_domains_are_refused_in_french(
    admin_client: Client, authority: str, domain: str, message: str
) -> None:
    reply = admin_client.post(
        "/gestion/collection/alloweddomain/add/", {"authority_id": authority, "domain": domain}
    )
    assert reply.status_code == 200
    assert message in reply.content.decode()
    assert not AllowedDomain.objects.exists()


def test_responses_are_read_only_in_the_back_office(admin_client: Client) -> None:
    assert admin_client.get("/gestion/collection/response/add/").status_code == 403
