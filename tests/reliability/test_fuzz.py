"""A bounded fuzz through gunicorn (production settings): every field of every form shown on the
respondents', the public and the operators' pages, every upload, every parameter of the API
(read from /api/openapi.json), sent NUL bytes, broken UTF-8, control characters, oversized
values and malformed bodies, then values drawn by hypothesis. No reply is a server error; a
refusal (400, 403, 404, 405, 409, 413, 429) leaves the database exactly as it was (every table
hashed by PostgreSQL, but the sessions and the cache, which any request touches); no script
sent comes back unescaped in a page (the API's JSON may quote it: JSON is never drawn as HTML,
and every reply says ``nosniff``).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.campaigns.models import Wave
from barometre.collection.links import enrol, issue_link
from barometre.referentiel import Frame
from tests.reliability.conftest import database_url
from tests.reliability.figures import Figure, record
from tests.reliability.forms import Form, Multipart, Upload, Value, forms_of, urlencoded, with_value
from tests.reliability.saves import csrf_of, log_in, send
from tests.reliability.server import Browser, Reply, Server
from tests.results.factory import published_edition

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
#: 414 and 431: gunicorn's own limits on the request line and headers, before Django.
REFUSALS = {400, 403, 404, 405, 409, 413, 414, 429, 431}
SCRIPT = "<script>alert('fuzz')</script>"
#: Tables any request may write: the sessions (kept alive) and the shared cache (rate limits).
VOLATILE = {"django_session", "barometre_cache"}
FIELD_VALUES: list[tuple[str, Value]] = [
    ("octet nul", "a\x00b"),
    ("UTF-8 cassé", b"caf\xe9\xff"),
    ("caractères de contrôle", "\x01\x1b[2J\x7f"),
    ("20 000 caractères", "x" * 20_000),
    ("script", SCRIPT),
    ("nombre de 400 chiffres", "9" * 400),
]
PASSWORD = "mot-de-passe-du-fuzz-2026"  # noqa: S105 - a test account's


def checksum(url: str) -> dict[str, str]:
    """Every table but the volatile ones: its row count and the md5 of its rows, by PostgreSQL."""
    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            if row[0] not in VOLATILE
        ]
        query = " UNION ALL ".join(
            f"SELECT '{t}', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' "  # noqa: S608 - names from the catalogue
            f"ORDER BY x::text), '')) FROM \"{t}\" x"
            for t in tables
        )
        return {str(name): str(value) for name, value in db.execute(query).fetchall()}


@dataclass
class Tally:
    requests: int = 0
    refused: int = 0
    server_errors: list[str] = field(default_factory=list)
    changed_on_refusal: list[str] = field(default_factory=list)
    reflected: list[str] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)


@dataclass
class Fuzzer:
    server: Server
    url: str
    tally: Tally = field(default_factory=Tally)
    each: bool = True  # hash the database after each request (else: once, by the caller)
    accepted: bool = True  # the last request was not refused: read the form again

    def __post_init__(self) -> None:
        self.before = checksum(self.url)

    def sent(
        self,
        what: str,
        browser: Browser,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str = "",
    ) -> Reply:
        headers = {"Content-Type": content_type} if content_type else {}
        reply = browser.request(method.upper(), path, body=body, headers=headers, timeout=60)
        self.tally.requests += 1
        if reply.status >= 500:
            self.tally.server_errors.append(f"{reply.status} {what} {method} {path[:80]}")
        if SCRIPT in reply.text and reply.headers.get("content-type", "").startswith("text/html"):
            self.tally.reflected.append(f"{what} {path[:80]}")
        self.accepted = reply.status not in REFUSALS
        if not self.accepted:
            self.tally.refused += 1
        if not self.each:
            return reply
        after = checksum(self.url)
        if not self.accepted:
            changed = sorted(t for t in after if after[t] != self.before.get(t))
            if changed:
                self.tally.changed_on_refusal.append(
                    f"{reply.status} {what} {path[:60]} : {changed}"
                )
        self.before = after
        return reply


@dataclass
class Person:
    browser: Browser
    pages: list[str]

    def forms(self) -> Iterator[Form]:
        for page in self.pages:
            reply = send(self.browser, "GET", page)
            assert reply.status == 200, (page, reply.status)
            for form in forms_of(page, reply.text):
                if "deconnexion" not in form.action:
                    yield form

    def fresh(self, form: Form) -> Form:
        """The same form read again (a new CSRF token, key and revision after a save)."""
        reply = send(self.browser, "GET", form.page)
        same = [f for f in forms_of(form.page, reply.text) if f.action == form.action]
        return same[0] if same else form


def submit(
    fuzzer: Fuzzer,
    person: Person,
    form: Form,
    pairs: list[tuple[str, Value]],
    what: str,
    uploads: list[Upload] | None = None,
) -> Reply:
    if form.method == "get":
        return fuzzer.sent(
            what, person.browser, "get", f"{form.action}?{urlencoded(pairs).decode()}"
        )
    if form.multipart:
        body = Multipart(pairs, uploads or [])
        return fuzzer.sent(
            what, person.browser, "post", form.action, body.body(), body.content_type
        )
    return fuzzer.sent(
        what,
        person.browser,
        "post",
        form.action,
        urlencoded(pairs),
        "application/x-www-form-urlencoded",
    )


def zip_bomb() -> bytes:
    """An XLSX-shaped archive whose sheet inflates from a few kilobytes to 30 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 30_000_000)
    return buffer.getvalue()


def uploads() -> list[tuple[str, Value, bytes]]:
    """Hostile files: (what, file name, content); built when the test runs, not at import."""
    return [
        ("octets au hasard", "contacts.xlsx", random.Random(15).randbytes(65_536)),  # noqa: S311
        ("archive qui gonfle à 30 Mo", "contacts.xlsx", zip_bomb()),
        ("nom avec octet nul", "a\x00b.yaml", b"id: essai\n"),
        ("nom qui remonte", "../../../etc/passwd", b"root:x:0:0\n"),
        ("nom en UTF-8 cassé", b"\xff\xfe.yaml", b"id: essai\n"),
        ("fichier vide", "vide.yaml", b""),
    ]


def bodies(form: Form) -> Iterator[tuple[str, bytes, str]]:
    """Malformed bodies for a POST form: (what, body, content type)."""
    defaults = urlencoded(list(form.fields))
    yield (
        "déclaré latin-1",
        defaults + b"&x=caf%E9",
        "application/x-www-form-urlencoded; charset=latin-1",
    )
    yield "multipart sans frontière", defaults, "multipart/form-data"
    cut = Multipart(list(form.fields)).body()
    yield (
        "multipart tronqué",
        cut[: len(cut) // 2],
        Multipart([]).content_type.replace("boundary=", "boundary=x"),
    )
    yield "3 Mo", defaults + b"&x=" + b"y" * 3_000_000, "application/x-www-form-urlencoded"
    yield (
        "2 000 champs",
        defaults + b"".join(b"&c%d=1" % n for n in range(2000)),
        "application/x-www-form-urlencoded",
    )
    yield "JSON", json.dumps(dict(form.fields)).encode(), "application/json"


def fuzz_forms(fuzzer: Fuzzer, person: Person) -> None:
    files = uploads()
    for form in list(person.forms()):
        fuzzer.tally.targets.add(f"{form.method.upper()} {form.action}")
        for name in form.names:
            for what, value in FIELD_VALUES if name not in form.files else []:
                current = person.fresh(form)
                submit(
                    fuzzer, person, current, with_value(current, name, value), f"{name} : {what}"
                )
            for what, filename, content in files if name in form.files else []:
                current = person.fresh(form)
                upload = Upload(name, filename, content)
                submit(fuzzer, person, current, list(current.fields), f"{name} : {what}", [upload])
        if form.method == "post":
            for what, body, kind in bodies(person.fresh(form)):
                fuzzer.sent(what, person.browser, "post", form.action, body, kind)


def fuzz_api(fuzzer: Fuzzer, wave: Wave) -> int:
    """Every parameter of every API operation, one hostile value at a time."""
    anonymous = Browser(fuzzer.server.port)
    document = json.loads(send(anonymous, "GET", "/api/openapi.json").text)
    count = 0
    for path, operations in document["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            count += 1
            fuzzer.tally.targets.add(f"GET /api{path} ?{parameter['name']}")
            for what, value in FIELD_VALUES:
                raw = value.encode() if isinstance(value, str) else value
                if parameter["in"] == "path":
                    where = path.replace(
                        "{" + parameter["name"] + "}", quote_from_bytes(raw, safe="")
                    )
                    target = "/api" + where.replace("{wave_id}", str(wave.pk))
                else:
                    query = f"{parameter['name']}={quote_from_bytes(raw, safe='')}"
                    target = "/api" + path.replace("{wave_id}", str(wave.pk)) + "?" + query
                reply = fuzzer.sent(f"API {parameter['name']} : {what}", anonymous, "get", target)
                if 400 <= reply.status < 414:
                    assert "erreur" in reply.text, (target[:80], reply.status)  # JSON, in French
    return count


def staff_browser(server: Server) -> Browser:
    user = User.objects.create_user("operateur@equipe.fr")
    # Hashed as production checks it (the test settings hash with MD5, which it refuses).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "selfuzz", iterations=1000)
    user.save(update_fields=["password"])
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    browser = Browser(server.port)
    form = send(browser, "GET", "/equipe/connexion/")
    logged = send(
        browser,
        "POST",
        "/equipe/connexion/",
        {"csrfmiddlewaretoken": csrf_of(form), "username": user.username, "password": PASSWORD},
    )
    assert logged.status == 302, logged.status
    return browser


def test_hostile_form_input_gets_no_server_error_and_changes_nothing_when_refused(
    server: Server, open_wave: Wave
) -> None:
    respondent = enrol("42218", "secretariat@saint-etienne.fr", "agent")
    browser = log_in(server.port, issue_link(respondent), open_wave.pk)
    base = f"/repondre/{open_wave.pk}/essai"
    wave = f"/equipe/vagues/{open_wave.pk}"
    public = ["/", "/connexion/nouveau-lien/", "/je-reponds/", "/equipe/connexion/"]
    answering = [f"{base}/profil/", f"{base}/site/", f"{base}/outils/", f"{base}/recapitulatif/"]
    staff = ["/equipe/contacts/", "/equipe/brouillons/", "/equipe/editions/nouvelle/"]
    staff += [f"{wave}/relances/", f"{wave}/sans-reponse/", f"{wave}/participation/"]
    people = [
        Person(Browser(server.port), public),
        Person(browser, answering),
        Person(staff_browser(server), [*staff, "/equipe/demandes/"]),
    ]
    fuzzer = Fuzzer(server, database_url(server))
    for person in people:
        fuzz_forms(fuzzer, person)
    drawn = fuzz_drawn(fuzzer, people[1])
    tally = fuzzer.tally
    assert tally.server_errors == []
    assert tally.changed_on_refusal == []
    assert tally.reflected == []
    record(
        "fuzz-formulaires",
        [
            Figure("pages lues", sum(len(p.pages) for p in people)),
            Figure("formulaires visés", len(tally.targets)),
            Figure("requêtes hostiles", tally.requests),
            Figure("dont valeurs tirées par hypothesis", drawn),
            Figure("refusées (4xx)", tally.refused),
            Figure("erreurs 5xx", len(tally.server_errors), fixed=True),
            Figure("refus qui ont changé la base", len(tally.changed_on_refusal), fixed=True),
            Figure("scripts renvoyés sans échappement", len(tally.reflected), fixed=True),
        ],
    )


def test_hostile_api_parameters_get_no_server_error_and_change_nothing(
    server: Server, frame: Frame
) -> None:
    """The API only reads: the database is hashed once before and once after all the requests
    (every table of a published edition, hashed after each request, would cost minutes)."""
    published = published_edition(frame, 2025)
    fuzzer = Fuzzer(server, database_url(server), each=False)
    parameters = fuzz_api(fuzzer, published)
    tally = fuzzer.tally
    assert tally.server_errors == []
    assert checksum(fuzzer.url) == fuzzer.before
    assert tally.reflected == []
    assert parameters >= 10
    record(
        "fuzz-api",
        [
            Figure("paramètres de l'API (document OpenAPI)", parameters),
            Figure("requêtes hostiles", tally.requests),
            Figure("refusées (4xx, en JSON et en français)", tally.refused),
            Figure("erreurs 5xx", len(tally.server_errors), fixed=True),
            Figure("lignes changées dans la base", 0, fixed=True),
        ],
    )


def fuzz_drawn(fuzzer: Fuzzer, person: Person) -> int:
    """Values drawn by hypothesis (derandomized: the same ones on every run) into the fields
    of the respondent's pages."""
    forms = [f for f in person.forms() if f.method == "post" and f.names]
    drawn = 0

    @settings(
        max_examples=30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def one(data: st.DataObject) -> None:
        nonlocal drawn
        form = person.fresh(data.draw(st.sampled_from(forms)))
        name = data.draw(st.sampled_from(form.names))
        value = data.draw(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
        drawn += 1
        submit(fuzzer, person, form, with_value(form, name, value), f"{name} : hypothesis")

    one()
    return drawn
