"""ProConnect through the real redirect flow, against a real OIDC provider on 127.0.0.1.

The provider is oidc-provider-mock's Flask app served by werkzeug in a thread on a free port;
the browser's part (following redirects, posting the provider's form) is played by the Django
test client and ``requests``, or by headless Chromium.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from werkzeug.serving import make_server

from barometre.audit.models import AuditEvent
from barometre.collection.links import enrol
from barometre.collection.models import AccessRequest, Respondent
from barometre.www.respond.session import SESSION_KEY
from tests.support.browser import axe_violations, describe

# The provider's thread shares this process's warning filters: authlib, under oidc-provider-mock,
# warns of its own legacy hooks on every token it issues. Nothing of ours is concerned.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:get_jwt_config\\(self, grant\\) is deprecated:DeprecationWarning"
    ),
    pytest.mark.filterwarnings(
        "ignore:get_audiences\\(self, request\\) is deprecated:DeprecationWarning"
    ),
]

SAINT_ETIENNE_SIRET = "21420218600019"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    from oidc_provider_mock import app  # noqa: PLC0415 - its import warns (see pyproject)

    server = make_server("127.0.0.1", 0, app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture
def proconnect(settings: Any, provider: str) -> str:
    settings.PROCONNECT_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "barometre.collection.oidc.ProConnectBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "barometre"
    settings.OIDC_RP_CLIENT_SECRET = "secret-de-test"  # noqa: S105 - the throwaway provider's
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_RP_SCOPES = "openid email"  # the provider sends its non-standard claims anyway
    return provider


def agent_claims(provider: str, sub: str, **claims: str) -> None:
    response = requests.put(f"{provider}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204


def sign_in(client: Client, sub: str) -> HttpResponse:
    """Start at our site, consent at the provider, come back with the code."""
    start = client.get("/proconnect/connexion/")
    assert start.status_code == 302
    assert start["Location"].startswith("http://127.0.0.1:")
    consent = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=5)
    assert consent.status_code == 302
    back = urlsplit(consent.headers["Location"])
    assert back.path == "/proconnect/retour/"
    return client.get(f"{back.path}?{back.query}")  # type: ignore[return-value]


def test_proconnect_is_off_unless_configured(client: Client) -> None:
    assert client.get("/proconnect/connexion/").status_code == 404
    assert client.get("/proconnect/retour/?code=x&state=y").status_code == 404
    assert "ProConnect" not in client.get("/je-reponds/").content.decode()


@pytest.mark.django_db
def test_a_known_agent_lands_on_the_respondent_home(
    client: Client, proconnect: str, agent: Respondent
) -> None:
    agent_claims(proconnect, "agent-1", email="Secretariat@Saint-Etienne.fr")
    back = sign_in(client, "agent-1")
    assert back.status_code == 302
    assert back["Location"] == "/proconnect/choix/"
    chosen = client.get(back["Location"])
    assert chosen.status_code == 302
    assert chosen["Location"] == "/repondre/"
    assert client.session[SESSION_KEY] == agent.pk
    assert AuditEvent.objects.filter(action="login", detail__purpose="proconnect").exists()


@pytest.mark.django_db
def test_an_agent_of_several_authorities_chooses_one(client: Client, proconnect: str) -> None:
    enrol("42218", "dsi@agglo.fr", "agent")
    lyon = enrol("69123", "dsi@agglo.fr", "agent", "DSI")
    agent_claims(proconnect, "agent-2", email="dsi@agglo.fr")
    chooser = client.get(sign_in(client, "agent-2")["Location"])
    page = chooser.content.decode()
    assert chooser.status_code == 200
    assert "Saint-Étienne" in page
    assert "Lyon" in page
    assert client.post("/proconnect/choix/", {"respondent": "999999"}).status_code == 400
    entered = client.post("/proconnect/choix/", {"respondent": str(lyon.pk)})
    assert entered["Location"] == "/repondre/"
    assert client.session[SESSION_KEY] == lyon.pk


@pytest.mark.django_db
def test_an_unknown_agent_is_queued_and_not_let_in(client: Client, proconnect: str) -> None:
    users_before = get_user_model().objects.count()
    agent_claims(proconnect, "agent-3", email="nouveau@gmail.com", siret=SAINT_ETIENNE_SIRET)
    back = sign_in(client, "agent-3")
    assert back["Location"] == "/proconnect/echec/"
    failed = client.get(back["Location"])
    assert "Connexion non ouverte" in failed.content.decode()
    request = AccessRequest.objects.get()
    assert (request.authority_id, request.email, request.source) == (
        "commune:42218",
        "nouveau@gmail.com",
        "proconnect",
    )
    assert get_user_model().objects.count() == users_before
    assert client.get("/proconnect/choix/")["Location"] == "/je-reponds/"
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_an_unknown_agent_without_a_known_siret_is_only_refused(
    client: Client, proconnect: str
) -> None:
    agent_claims(proconnect, "agent-4", email="x@gmail.com", siret="00000000000000")
    assert sign_in(client, "agent-4")["Location"] == "/proconnect/echec/"
    assert not AccessRequest.objects.exists()
    assert AuditEvent.objects.filter(action="proconnect_unknown").exists()


@pytest.mark.django_db
def test_a_staff_address_without_respondents_is_not_let_in(client: Client, proconnect: str) -> None:
    get_user_model().objects.create_user("chef@barometre.fr", "chef@barometre.fr", is_staff=True)
    agent_claims(proconnect, "agent-5", email="chef@barometre.fr")
    assert sign_in(client, "agent-5")["Location"] == "/proconnect/echec/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_forged_or_replayed_callback_is_refused_without_a_500(
    client: Client, proconnect: str, agent: Respondent
) -> None:
    agent_claims(proconnect, "agent-6", email=agent.user.email)
    start = client.get("/proconnect/connexion/")
    consent = requests.post(
        start["Location"], data={"sub": "agent-6"}, allow_redirects=False, timeout=5
    )
    back = urlsplit(consent.headers["Location"])
    forged = client.get(f"{back.path}?code=forged&state=unknown")
    assert forged.status_code == 400
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    replayed = Client().get(f"{back.path}?{back.query}")
    assert replayed["Location"] == "/proconnect/echec/"
    denied = client.get(f"{back.path}?error=access_denied")
    assert denied["Location"] == "/proconnect/echec/"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_flow_in_a_browser_has_no_wcag_aa_violation(
    page: Any, live_server: Any, proconnect: str
) -> None:
    enrol("42218", "dsi@agglo.fr", "agent")
    enrol("69123", "dsi@agglo.fr", "agent")
    agent_claims(proconnect, "agent-7", email="dsi@agglo.fr")
    page.goto(live_server.url + "/je-reponds/")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.click("a.fr-connect")
    page.fill("input[name=sub]", "agent-7")
    page.keyboard.press("Enter")
    page.wait_for_url("**/proconnect/choix/")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.click("label[for^=repondant-]:last-of-type >> nth=1")
    page.click("button[type=submit]")
    page.wait_for_url("**/repondre/")
    page.goto(live_server.url + "/proconnect/echec/")
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.django_db
def test_an_unreachable_provider_means_not_logged_in(
    client: Client, proconnect: str, settings: Any, agent: Respondent
) -> None:
    agent_claims(proconnect, "agent-8", email=agent.user.email)
    start = client.get("/proconnect/connexion/")
    consent = requests.post(
        start["Location"], data={"sub": "agent-8"}, allow_redirects=False, timeout=5
    )
    back = urlsplit(consent.headers["Location"])
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/oauth2/token"  # noqa: S105 - a URL, port 9 (discard): nothing listens
    assert client.get(f"{back.path}?{back.query}")["Location"] == "/proconnect/echec/"
    assert "_auth_user_id" not in client.session


def test_the_page_offers_proconnect_once_configured(client: Client, proconnect: str) -> None:
    page = client.get("/je-reponds/").content.decode()
    assert 'href="/proconnect/connexion/"' in page
