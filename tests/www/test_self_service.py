"""/je-reponds/ and /api/collectivites: find the authority, ask; the same words for everyone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.collection.access import MAX_PER_ADDRESS
from barometre.collection.models import AccessRequest, LoginLink, Respondent

URL = "/je-reponds/"
NEUTRAL = "Demande enregistrée"


def ask(client: Client, email: str, authority: str = "commune:42218", **extra: str) -> str:
    data = {"authority": authority, "role": "agent", "function": "", "email": email, **extra}
    response = client.post(URL, data)
    assert response.status_code == 200, response.content.decode()
    return response.content.decode()


def test_the_api_returns_matching_authorities(client: Client) -> None:
    response = client.get("/api/collectivites", {"q": "st etienne", "limite": "3"})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    body = response.json()
    assert body["recherche"] == "st etienne"
    assert body["resultats"][0] == {
        "collectivite": "commune:42218",
        "type": "commune",
        "type_libelle": "Commune",
        "code": "42218",
        "nom": "Saint-Étienne",
        "departement": "42",
        "departement_libelle": "Loire",
    }
    assert len(body["resultats"]) == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "de 2 à 100 caractères"),
        ({"q": "a"}, "de 2 à 100 caractères"),
        ({"q": "x" * 101}, "de 2 à 100 caractères"),
        ({"q": "lyon", "limite": "500"}, "Le paramètre limite est un nombre entier de 1 à 20."),
        ({"q": "lyon", "limite": "-1"}, "Le paramètre limite est un nombre entier de 1 à 20."),
        ({"q": "lyon", "limite": "abc"}, "Le paramètre limite est un nombre entier de 1 à 20."),
        ({"q": "lyon", "limite": "²"}, "Le paramètre limite est un nombre entier de 1 à 20."),
        (
            {"q": "lyon", "limit": "3"},
            "Paramètre inconnu : limit (paramètres possibles : q, limite).",
        ),
        ({"q": "  !!  "}, ""),
    ],
)
def test_the_api_refuses_bad_input_with_400_and_a_french_message(
    client: Client, params: dict[str, str], message: str
) -> None:
    response = client.get("/api/collectivites", params)
    assert response.status_code == 400
    assert message in response.json()["erreur"]


def test_the_api_answers_get_only(client: Client) -> None:
    assert client.post("/api/collectivites", {"q": "lyon"}).status_code == 405


def test_the_search_lists_authorities_as_radio_buttons(client: Client) -> None:
    page = client.get(URL, {"q": "42000"}).content.decode()
    assert 'name="authority" value="commune:42218"' in page
    assert "Saint-Étienne" in page


def test_an_unknown_name_says_so(client: Client) -> None:
    page = client.get(URL, {"q": "zzzqqq"}).content.decode()
    assert "Aucune collectivité ne correspond à « zzzqqq »" in page


@pytest.mark.django_db
def test_an_address_on_the_authority_domain_receives_a_link(client: Client) -> None:
    assert NEUTRAL in ask(client, "dgs@saint-etienne.fr")
    assert Respondent.objects.filter(user__username="dgs@saint-etienne.fr").exists()
    assert mail.outbox[0].to == ["dgs@saint-etienne.fr"]
    assert "/connexion/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_stranger_reads_the_same_message_gets_no_mail_and_is_queued(client: Client) -> None:
    assert NEUTRAL in ask(client, "quelqu.un@gmail.com")
    assert not mail.outbox
    assert AccessRequest.objects.filter(status="pending").count() == 1
    assert not Respondent.objects.exists()


@pytest.mark.django_db
def test_missing_fields_are_listed_with_links_and_nothing_is_stored(client: Client) -> None:
    response = client.post(URL, {"q": "st etienne", "email": "pas-une-adresse"})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#collectivite">' in page
    assert '<a href="#role">' in page
    assert '<a href="#id_email">' in page
    assert 'value="commune:42218"' in page  # the choices are offered again
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
def test_a_forged_authority_is_a_form_error(client: Client) -> None:
    response = client.post(URL, {"authority": "commune:99999", "role": "agent", "email": "a@b.fr"})
    assert response.status_code == 400
    assert "Choisissez votre collectivité dans la liste." in response.content.decode()


@pytest.mark.django_db
def test_too_many_requests_get_a_429(client: Client) -> None:
    for _ in range(MAX_PER_ADDRESS):
        ask(client, "a@gmail.com")
    data = {"authority": "commune:42218", "role": "agent", "email": "a@gmail.com"}
    response = client.post(URL, data)
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()


# --- /equipe/demandes/ --------------------------------------------------------------------


@pytest.fixture
def operator(client: Client) -> Client:
    user = get_user_model().objects.create_user("operateur", "op@barometre.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_operators_see_pending_requests_with_the_authority_name(operator: Client) -> None:
    ask(Client(), "x@gmail.com")
    page = operator.get("/equipe/demandes/").content.decode()
    assert "x@gmail.com" in page
    assert "Saint-Étienne (Commune, 42218)" in page


@pytest.mark.django_db
def test_approving_sends_an_invitation(operator: Client) -> None:
    ask(Client(), "x@gmail.com")
    request = AccessRequest.objects.get()
    response = operator.post(f"/equipe/demandes/{request.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    assert Respondent.objects.filter(user__username="x@gmail.com").exists()
    assert LoginLink.objects.filter(purpose="invitation").count() == 1
    assert mail.outbox[0].to == ["x@gmail.com"]


@pytest.mark.django_db
def test_refusing_sends_nothing_and_deciding_twice_is_a_409(operator: Client) -> None:
    ask(Client(), "x@gmail.com")
    request = AccessRequest.objects.get()
    assert (
        operator.post(f"/equipe/demandes/{request.pk}/", {"decision": "refuse"}).status_code == 302
    )
    again = operator.post(f"/equipe/demandes/{request.pk}/", {"decision": "approve"})
    assert again.status_code == 409
    assert "déjà été refusée" in again.content.decode()
    assert not mail.outbox
    assert operator.post("/equipe/demandes/999/", {"decision": "refuse"}).status_code == 404
    assert operator.post(f"/equipe/demandes/{request.pk}/", {"decision": "x"}).status_code == 400


@pytest.mark.django_db
def test_only_staff_may_decide(client: Client, agent: Respondent) -> None:
    ask(Client(), "x@gmail.com")
    request = AccessRequest.objects.get()
    assert (
        client.post(f"/equipe/demandes/{request.pk}/", {"decision": "approve"}).status_code == 302
    )
    client.force_login(agent.user)
    assert client.get("/equipe/demandes/").status_code == 403
    assert (
        client.post(f"/equipe/demandes/{request.pk}/", {"decision": "approve"}).status_code == 403
    )
    assert AccessRequest.objects.get().status == "pending"


@pytest.mark.django_db
def test_a_relay_sees_and_decides_only_requests_of_its_territory(client: Client) -> None:
    user = get_user_model().objects.create_user("relais@equipe.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.RELAY, territories="departement:42")
    client.force_login(user)
    ask(Client(), "x@gmail.com", "commune:42218")
    ask(Client(), "y@gmail.com", "commune:69123")
    page = client.get("/equipe/demandes/").content.decode()
    assert "x@gmail.com" in page
    assert "y@gmail.com" not in page
    lyon = AccessRequest.objects.get(email="y@gmail.com")
    outside = client.post(f"/equipe/demandes/{lyon.pk}/", {"decision": "approve"})
    assert outside.status_code == 404
    assert AccessRequest.objects.get(email="y@gmail.com").status == "pending"
    mine = AccessRequest.objects.get(email="x@gmail.com")
    assert client.post(f"/equipe/demandes/{mine.pk}/", {"decision": "approve"}).status_code == 302


@pytest.mark.django_db
def test_analysts_may_not_decide(client: Client) -> None:
    user = get_user_model().objects.create_user("analyste@equipe.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.ANALYST)
    client.force_login(user)
    ask(Client(), "x@gmail.com")
    request = AccessRequest.objects.get()
    assert client.get("/equipe/demandes/").status_code == 403
    assert (
        client.post(f"/equipe/demandes/{request.pk}/", {"decision": "approve"}).status_code == 403
    )


def test_a_query_of_spaces_around_one_character_finds_nothing_rather_than_failing(
    client: Client,
) -> None:
    """Three characters, as the OpenAPI document allows; one once trimmed: nothing to search."""
    response = client.get("/api/collectivites", {"q": " ; ", "limite": "11"})
    assert response.status_code == 200
    assert response.json()["resultats"] == []
    assert response.json()["recherche"] == ";"
