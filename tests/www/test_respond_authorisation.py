"""Every respondent URL × method × role: no authority ever sees or changes another's answers.

URLs are enumerated from the URL configuration, so a new respondent page is covered as soon as
it exists; a page taking a parameter this test does not know makes it fail until it is added.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from barometre.campaigns.models import Wave
from barometre.collection import flows
from barometre.collection.links import issue_link
from barometre.collection.models import Respondent, Response

pytestmark = pytest.mark.django_db

CONFIDENTIAL_ANSWER = "Mot de passe du serveur : hunter2"


def respond_routes(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> Iterator[tuple[str, list[str]]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from respond_routes(entry.url_patterns, entry.namespace or namespace)
        elif namespace == "respond":
            yield f"respond:{entry.name}", list(entry.pattern.converters)


def url_for(name: str, parameters: list[str], wave: Wave) -> str:
    known = {"wave_id": wave.pk, "key": "essai", "page": "outils"}
    unknown = set(parameters) - set(known)
    assert not unknown, f"{name} : paramètre inconnu du test {unknown}"
    return reverse(name, kwargs={p: known[p] for p in parameters})


@pytest.fixture
def owner_response(open_wave: Wave, agent: Respondent) -> Response:
    response = flows.open_response(open_wave, "essai", agent)
    pages = [
        ("profil", {"role": "agent"}),
        ("site", {"a_site": "non"}),
        ("outils", {"outils": ["aucun"], "commentaire": CONFIDENTIAL_ANSWER}),
    ]
    for page, raw in pages:
        flows.save_page(response, page, raw, agent, key=page, base_revision=0)
    assert flows.submit(response, agent) == ()
    response.refresh_from_db()
    return response


def client_for(respondent: Respondent | None) -> Client:
    client = Client()
    if respondent is not None:
        client.post(f"/connexion/{issue_link(respondent)}/")
    return client


ROUTES = list(respond_routes())


def test_the_enumeration_finds_the_respondent_pages() -> None:
    assert {name for name, _ in ROUTES} >= {
        "respond:home",
        "respond:start",
        "respond:page",
        "respond:summary",
        "respond:receipt",
    }


@pytest.mark.parametrize(("name", "parameters"), ROUTES, ids=[name for name, _ in ROUTES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_authority_never_sees_nor_changes_the_answers(
    name: str,
    parameters: list[str],
    method: str,
    open_wave: Wave,
    owner_response: Response,
    stranger: Respondent,
) -> None:
    url = url_for(name, parameters, open_wave)
    reply = getattr(client_for(stranger), method)(url, {"commentaire": "écrasé"})
    body = reply.content.decode()
    assert CONFIDENTIAL_ANSWER not in body
    assert owner_response.receipt_number not in body
    assert reply.status_code in {200, 302, 404, 405}
    if name not in {"respond:home", "respond:start", "respond:logout"}:  # their own session
        assert reply.status_code in {404, 405}
    values = flows.current_values(owner_response)
    assert values["commentaire"] == CONFIDENTIAL_ANSWER


@pytest.mark.parametrize(("name", "parameters"), ROUTES, ids=[name for name, _ in ROUTES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_turned_away(
    name: str, parameters: list[str], method: str, open_wave: Wave, owner_response: Response
) -> None:
    url = url_for(name, parameters, open_wave)
    reply = getattr(client_for(None), method)(url)
    assert reply.status_code in {401, 405}
    assert CONFIDENTIAL_ANSWER not in reply.content.decode()


def test_the_owner_does_see_the_answers(open_wave: Wave, owner_response: Response) -> None:
    owner = Respondent.objects.get(authority_id="commune:42218", role="agent")
    receipt = client_for(owner).get(url_for("respond:receipt", ["wave_id", "key"], open_wave))
    assert receipt.status_code == 200
    assert CONFIDENTIAL_ANSWER in receipt.content.decode()
