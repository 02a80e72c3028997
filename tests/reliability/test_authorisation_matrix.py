"""Every route of the URL resolver × method × role (anonymous, respondent, relay, analyst,
operator), and nothing leaks: no answer of an authority outside its own respondents' pages, no
staff page to a person who is not staff, no unpublished wave on a public page.

The staff routes have their own matrix (tests/www/test_staff_authz.py, role by role, with the
relay's territory); this one covers every other route and fails for a route in neither, so a new
page cannot go unchecked. An authority's pages seen by another authority's respondent are in
tests/www/test_respond_authorisation.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from barometre.campaigns.models import Wave
from barometre.collection import flows
from barometre.collection.links import enrol
from barometre.collection.models import AccessRequest, Respondent
from tests.reliability.figures import Figure, record
from tests.www import test_staff_authz as staff_matrix

pytestmark = [pytest.mark.reliability, pytest.mark.postgres, pytest.mark.django_db]

ROLES = ("anonymous", "respondent", "relay", "analyst", "operator")
STAFF = ("relay", "analyst", "operator")
METHODS = ("get", "put", "delete", "post")  # POST last: it may end the session (logout)
CONFIDENTIAL = "Mot de passe du serveur : hunter2"
OPEN_WAVE_TITLE = "Vague ouverte secrète"

Statuses = dict[str, int]


def same(get: int, post: int, other: int = 405) -> Statuses:
    return {"get": get, "put": other, "delete": other, "post": post}


READ = same(200, 405)
GONE = same(404, 405)  # the open wave: unpublished, so unknown to the public
FORM = same(200, 400)

#: Public pages and the API: the same answer whoever asks (a role sees nothing more).
PUBLIC: dict[str, Statuses] = {
    "public:home": READ,  # its search is a GET form
    "public:accessibility": READ,
    "public:privacy": READ,
    "public:health": same(200, 200, 200),  # the load balancer's probe, any method
    "public:readiness": READ,  # the readiness probe (JSON), GET and HEAD only
    "public:scoring": READ,
    "public:results": READ,
    "public:results_wave": GONE,
    "public:results_methodology": GONE,
    "public:results_infographic": GONE,
    "public:results_infographic_pdf": GONE,
    "public:results_map": GONE,
    "public:results_changes": GONE,
    "public:results_participation": GONE,
    "public:results_theme": GONE,
    "public:opendata": GONE,
    "public:opendata_file": GONE,
    "public:new_link": FORM,
    "public:login_confirm": FORM,  # no link waiting in the session: nothing to spend
    "public:login": same(410, 410),  # an unknown token: « ce lien n'est plus valable »
    "public:self_service": FORM,
    "public:authority": READ,
    "public:api_authorities": same(400, 405),  # no search words: a French 400
    # ProConnect is off in the tests' settings: its pages do not exist, its choice goes home
    "public:proconnect_start": GONE,
    "public:proconnect_callback": GONE,
    "public:proconnect_choose": same(302, 302),
    "public:proconnect_failed": READ,
    "api:documentation": READ,
    "api:openapi": READ,
    "api:waves": READ,
    "api:wave": GONE,
    "api:questionnaires": GONE,
    "api:indicators": GONE,
    "api:results": GONE,
    "api:changes": GONE,
    "api:participation": GONE,
    "api_unknown": same(404, 404, 404),
}
#: The respondents' pages: their own authority's response (submitted) for the respondent;
#: nobody else has a respondent session (401, what was typed shown back).
RESPOND: dict[str, Statuses] = {
    "respond:home": same(200, 405),
    "respond:logout": same(405, 200),
    "respond:report": same(409, 405),  # the wave is not published yet: the page says so
    "respond:report_pdf": same(409, 405),
    "respond:start": same(405, 302),
    "respond:summary": same(200, 302),
    "respond:receipt": same(200, 405),
    "respond:page": same(200, 409),  # a POST without its revision: « modifiée entre-temps »
}
NOT_RESPONDENT = same(401, 401, 401)
#: Contact import (operators) and access requests (relays for their territory, operators).
CONTACTS: dict[str, dict[str, Statuses]] = {
    "staff_contacts:contacts": {"operator": same(200, 400)},
    "staff_contacts:requests": {"relay": READ, "operator": READ},
    # the request is for Lyon: outside the relay's territory, as if it did not exist
    "staff_contacts:decide": {"relay": same(405, 404), "operator": same(405, 400)},
}


def routes(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, path pattern) of every route, namespaced (``public:home``)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(p for p in (namespace, entry.namespace or "") if p)
            yield from routes(entry.url_patterns, inner or namespace, prefix + str(entry.pattern))
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def test_every_route_is_in_a_matrix() -> None:
    staff = {f"staff:{name}" for name in staff_matrix.staff_url_names()}
    admin = {name for name, _ in routes() if name.startswith("admin:")}
    known = set(PUBLIC) | set(RESPOND) | set(CONTACTS) | staff | admin
    assert {name for name, _ in routes()} == known
    assert staff == {f"staff:{n}" for n in set(staff_matrix.PAGES) | staff_matrix.PUBLIC}


@pytest.fixture
def scene(open_wave: Wave) -> dict[str, object]:
    """The owner's submitted response holding a confidential answer; an access request from
    Lyon; the open wave titled so that a page naming it would be seen."""
    Wave.objects.filter(pk=open_wave.pk).update(title=OPEN_WAVE_TITLE)
    owner = enrol("42218", "secretariat@saint-etienne.fr", "agent")
    response = flows.open_response(open_wave, "essai", owner)
    for page, raw in (
        ("profil", {"role": "agent"}),
        ("site", {"a_site": "non"}),
        ("outils", {"outils": ["aucun"], "commentaire": CONFIDENTIAL}),
    ):
        flows.save_page(response, page, raw, owner, key=page, base_revision=0)
    assert flows.submit(response, owner) == ()
    request = AccessRequest.objects.create(
        authority_id="commune:69123", email="d@lyon.fr", role="agent"
    )
    return {"wave": open_wave, "owner": owner, "access_request": request.pk}


def path_of(pattern: str, scene: dict[str, object]) -> str:
    wave = scene["wave"]
    assert isinstance(wave, Wave)
    values = {
        "<id:wave_id>": str(wave.pk),
        "<slug:key>": "essai",
        "<slug:page>": "outils",
        "<slug:theme>": "essai",
        "<str:name>": "donnees.csv",
        "<str:token>": "jeton-inconnu",
        "<str:unit_id>": "commune:42218",
        "<id:request_id>": str(scene["access_request"]),
        "^api/(?P<rest>.*)$": "api/v9/inconnu",
    }
    path = pattern
    for placeholder, value in values.items():
        path = path.replace(placeholder, value)
    assert "<" not in path, f"paramètre inconnu du test : {pattern}"
    return "/" + path


def client_as(role: str, owner: Respondent) -> Client:
    if role == "respondent":
        client = Client()
        client.force_login(owner.user)
        session = client.session
        session["barometre_respondent_id"] = owner.pk
        session.save()
        return client
    return staff_matrix.client_as(role, {})


def expected(name: str, role: str) -> Statuses:
    if name in PUBLIC:
        return PUBLIC[name]
    if name in RESPOND:
        return RESPOND[name] if role == "respondent" else NOT_RESPONDENT
    if role == "anonymous":
        return same(302, 302, 302)  # to the staff login page
    return CONTACTS[name].get(role, same(403, 403, 403))


def _leaks(name: str, role: str, status: int, body: str) -> list[str]:
    found = []
    own_page = name in RESPOND and role == "respondent"
    if CONFIDENTIAL in body and not own_page:
        found.append(f"{name} ({role}) : une réponse de Saint-Étienne")
    if OPEN_WAVE_TITLE in body and not (own_page or role in STAFF):
        found.append(f"{name} ({role}) : la vague ouverte, non publiée")
    if name.startswith(("staff", "admin")) and role not in STAFF and status == 200:
        found.append(f"{name} ({role}) : page de l'équipe")
    return found


def test_every_route_method_and_role(scene: dict[str, object]) -> None:
    owner = scene["owner"]
    assert isinstance(owner, Respondent)
    names = [(n, p) for n, p in routes() if not n.startswith(("staff:", "admin:"))]
    seen: dict[tuple[str, str, str], int] = {}
    leaks: list[str] = []
    for role in ROLES:
        staff_client = None if role == "respondent" else client_as(role, owner)
        for name, pattern in names:
            client = staff_client or client_as(role, owner)  # a respondent's logout ends it
            for method in METHODS:
                reply = getattr(client, method)(path_of(pattern, scene))
                seen[name, role, method] = reply.status_code
                leaks += _leaks(
                    name, role, reply.status_code, reply.content.decode(errors="replace")
                )
    wanted = {(n, r, m): expected(n, r)[m] for n, _ in names for r in ROLES for m in METHODS}
    assert {k: v for k, v in seen.items() if wanted[k] != v} == {}
    admin_requests, admin_leaks = _admin(owner)
    assert leaks + admin_leaks == []
    record(
        "autorisations",
        [
            Figure("adresses (hors équipe, matrice propre)", len(names)),
            Figure("adresses du back-office (/gestion/)", admin_requests // len(ROLES)),
            Figure("requêtes (adresse × méthode × rôle)", len(seen) + admin_requests),
            Figure("fuites", len(leaks + admin_leaks), fixed=True),
        ],
    )


def _admin(owner: Respondent) -> tuple[int, list[str]]:
    """The back-office: nobody of the five roles is Django staff, every page sends to its login
    (which is the one page shown)."""
    requests, leaks = 0, []
    admin = [(n, p) for n, p in routes() if n.startswith("admin:")]
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(
                User.objects.get(username=f"{role}@equipe.fr") if role in STAFF else owner.user
            )
        for name, pattern in admin:
            path = "/gestion/" + _admin_path(pattern.removeprefix("gestion/"))
            reply = client.get(path)
            requests += 1
            if name in {"admin:login", "admin:logout"}:
                continue  # the login form, and the logout page that says « déconnecté »
            body = reply.content.decode(errors="replace")
            if reply.status_code != 302 or "/gestion/login/" not in reply["Location"]:
                leaks.append(f"{name} ({role}) : {reply.status_code}")
            leaks += _leaks(name, role, reply.status_code, body)
    return requests, leaks


def _admin_path(pattern: str) -> str:
    if pattern.startswith("^(?P<app_label>"):
        return "auth/"
    pattern = re.sub(r"<path:[a-z_]+>", "1", pattern)
    return pattern.replace("(?P<url>.*)$", "inconnue/").lstrip("^").rstrip("$")
