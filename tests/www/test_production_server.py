"""The site as production runs it: gunicorn (config/gunicorn.py), config.settings.prod, the
throwaway PostgreSQL cluster and a real SMTP server for the mail to ADMINS.

What the fault probes found, end to end: a form in latin-1 or a NUL byte gets a French 400 and
no traceback; a server error is logged as one JSON line with its traceback and request id, the
500 page shows that id, and the team gets it by mail; the access log never holds a login token
nor an e-mail address."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from aiosmtpd.controller import Controller

from tests.participation.smtp import Collector, free_port
from tests.support.postgres import Cluster

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
ANSWER = "réponse-confidentielle"
ADDRESS = "dgs@firminy.fr"


@dataclass
class Server:
    port: int
    log: Path
    mail: Collector
    token: str
    database: str
    cluster: Cluster

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        reply = connection.getresponse()
        content = reply.read().decode("utf-8", "replace")
        connection.close()
        return reply.status, dict(reply.getheaders()), content

    def lines(self) -> list[str]:
        time.sleep(0.3)  # gunicorn writes its access line once the response is sent
        return self.log.read_text(encoding="utf-8").splitlines()

    def json_lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.lines()]  # every line: gunicorn's and Django's


def _environment(cluster: Cluster, database: str, smtp_port: int, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{cluster.port}/{database}",
        "DJANGO_SECRET_KEY": "test-production-server-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BAROMETRE_SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "BAROMETRE_ADMINS": "Équipe du baromètre <equipe@barometre.test>",
        "BAROMETRE_TRUSTED_PROXIES": "127.0.0.1",
    }


ISSUE = (
    "import django; django.setup(); "
    "from barometre.collection.links import enrol, issue_link; "
    f"print(issue_link(enrol('42218', '{ADDRESS}', 'agent')))"
)


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/sante/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if _answers(port):
            return
        if server.poll() is not None:
            raise RuntimeError("gunicorn s'est arrêté au démarrage")
        time.sleep(0.2)
    raise RuntimeError("gunicorn n'a pas démarré")


@pytest.fixture(scope="module")
def server(postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    database = "barometre_production"
    with psycopg.connect(postgres_cluster.url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database}")
        connection.execute(f"CREATE DATABASE {database}")
    mail = Collector()
    controller = Controller(mail, hostname="127.0.0.1", port=free_port())
    controller.start()
    port = free_port()
    environment = _environment(postgres_cluster, database, controller.port, port)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    token = (
        subprocess.run(
            [python, "-c", ISSUE], cwd=ROOT, env=environment, check=True, capture_output=True
        )
        .stdout.decode()
        .strip()
    )
    log = tmp_path_factory.mktemp("gunicorn") / "output.log"  # access log (stdout) and stderr
    command = [str(Path(python).parent / "gunicorn"), "-c", "config/gunicorn.py"]
    command += ["-b", f"127.0.0.1:{port}", "-w", "1", "config.wsgi:application"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)
    try:
        _wait_for(port, process)
        yield Server(port, log, mail, token, database, postgres_cluster)
    finally:
        process.terminate()
        process.wait(timeout=30)
        controller.stop()


FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"}


def test_a_latin_1_form_gets_a_french_400_and_no_traceback(server: Server) -> None:
    before = len(server.lines())
    status, headers, page = server.request(
        "POST", "/repondre/1/essai/profil/", "commentaire=caf\xe9".encode("latin-1"), FORM
    )
    assert status == 400
    assert "Le formulaire doit être envoyé en UTF-8" in page
    assert "Demande invalide" in page
    written = "\n".join(server.lines()[before:])
    assert "Traceback" not in written
    tagged = [line for line in server.json_lines() if line["request_id"] == headers["X-Request-ID"]]
    assert {line["logger"] for line in tagged} == {
        "barometre.requests",  # why: « Demande refusée : Le formulaire doit être envoyé en UTF-8 »
        "django.request",  # Django's own « Bad Request » line, logged after the middlewares
        "gunicorn.access",
    }


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/vagues/1/resultats?niveau=%00", ""),
        ("POST", "/repondre/1/essai/outils/", f"commentaire={ANSWER}%00&cle=k%00"),
        ("POST", "/connexion/nouveau-lien/", f"email={ANSWER}%00"),
    ],
)
def test_a_nul_byte_gets_a_french_400_and_never_reaches_postgresql(
    server: Server, method: str, path: str, body: str
) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    before = len(server.lines())
    status, _, content = server.request(method, path, body.encode(), headers)
    assert status == 400
    assert "caractère refusé" in content
    assert "Traceback" not in "\n".join(server.lines()[before:])
    assert ANSWER not in (server.cluster.directory / "log").read_text(errors="replace")


def test_a_server_error_is_logged_shown_with_its_reference_and_mailed(server: Server) -> None:
    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{server.cluster.port}/{server.database}",
        autocommit=True,
    ) as connection:  # a real fault: the API's rate-limit cache table is gone
        connection.execute("ALTER TABLE barometre_cache RENAME TO barometre_cache_lost")
    try:
        status, headers, page = server.request("GET", "/api/v1/vagues")
    finally:
        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{server.cluster.port}/{server.database}",
            autocommit=True,
        ) as connection:
            connection.execute("ALTER TABLE barometre_cache_lost RENAME TO barometre_cache")
    reference = headers["X-Request-ID"]
    assert status == 500
    assert "donnez la référence de l’erreur" in page
    assert f"<strong>{reference}</strong>" in page
    errors = [line for line in server.json_lines() if line["level"] == "ERROR"]
    assert errors[-1]["request_id"] == reference
    assert errors[-1]["logger"] == "django.request"
    assert "barometre_cache" in str(errors[-1]["traceback"])
    for _ in range(50):
        if server.mail.messages:
            break
        time.sleep(0.2)
    message = server.mail.messages[-1]
    assert message["To"] == "equipe@barometre.test"
    assert reference in message["Subject"]
    assert "barometre_cache" in str(message.get_content())


def test_the_access_log_never_holds_a_login_token_nor_an_address(server: Server) -> None:
    status, headers, _ = server.request("GET", f"/connexion/{server.token}/")
    assert status == 302
    assert headers["Location"] == "/connexion/"
    server.request("GET", f"/je-reponds/?q={ADDRESS}")
    written = "\n".join(server.lines())
    access = [line for line in server.json_lines() if line["logger"] == "gunicorn.access"]
    assert [line["request_id"] for line in access].count(headers["X-Request-ID"]) == 1
    assert "/connexion/[masqué]/" in written
    assert server.token not in written
    assert ADDRESS not in written
    assert ADDRESS.replace("@", "%40") not in written


PAGES = [
    "/",
    "/resultats/",
    "/resultats/1/",
    "/je-reponds/",
    "/api/v1/vagues",
    "/api/v1/vagues/1/resultats",
    "/api/v1/vagues/1/participation",
    "/api/collectivites",
    "/connexion/nouveau-lien/",
    "/equipe/connexion/",
    "/repondre/",
    "/donnees/1/",
]
NAMES = ["q", "niveau", "indicateur", "domaine", "format", "depuis", "ventilation", "limite"]
VALUES = ["%00", "a%00b", "%01", "%FF", "%C3", "%7F", "%E9t%E9", "x" * 3000, "%0D%0A"]
FORMS = ["/connexion/nouveau-lien/", "/je-reponds/", "/equipe/connexion/", "/connexion/"]
BODIES = [
    ("application/x-www-form-urlencoded", "email=a%00b"),
    ("application/x-www-form-urlencoded", "cle=k%00&commentaire=x"),
    ("application/x-www-form-urlencoded", "%FF=1"),
    ("application/x-www-form-urlencoded; charset=latin-1", "email=caf%E9"),
    ("application/x-www-form-urlencoded; charset=utf-16", "email=a"),
    ("application/x-www-form-urlencoded; charset=x-inconnu", "email=a"),
    ("multipart/form-data", "email=a"),
    (
        "multipart/form-data; boundary=zz",
        '--zz\r\nContent-Disposition: form-data; name="e"\r\n\r\n\x00',
    ),
]
COOKIES = ['sessionid="a\\000b"', 'csrftoken="\\000"', "sessionid=%00"]


def _hostile(server: Server) -> list[tuple[int, str]]:
    replies = []
    for path in PAGES:
        for value in VALUES:
            query = "&".join(f"{name}={value}" for name in NAMES)
            replies.append(server.request("GET", f"{path}?{query}"))
        replies.extend(server.request("GET", path, b"", {"Cookie": c}) for c in COOKIES)
    for path in [*FORMS, "/repondre/1/essai/outils/"]:
        for kind, body in BODIES:
            replies.append(
                server.request("POST", path, body.encode("latin-1"), {"Content-Type": kind})
            )
    return [(status, page) for status, _, page in replies]


def test_hostile_requests_get_no_server_error_and_french_refusals(server: Server) -> None:
    before = len(server.lines())
    replies = _hostile(server)
    assert len(replies) == 184
    assert [status for status, _ in replies if status >= 500] == []
    refusals = [page for status, page in replies if status == 400]
    assert len(refusals) > 100
    assert all("Demande invalide" in page or '"erreur"' in page for page in refusals)
    assert "Traceback" not in "\n".join(server.lines()[before:])


def test_readiness_behind_gunicorn_answers_json_without_cache(server: Server) -> None:
    status, headers, content = server.request("GET", "/sante/pret/")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert "no-store" in headers["Cache-Control"]
    body = json.loads(content)
    assert body["pret"] is True
    assert set(body["file"]) == {"taches_pretes", "attente_plus_ancienne_s"}
