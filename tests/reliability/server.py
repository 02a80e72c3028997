"""The site as production runs it, for the reliability suite: gunicorn (config/gunicorn.py) with
config.settings.prod on the test database of the throwaway PostgreSQL cluster, that a test may
kill (SIGKILL to one worker or to the whole server) and start again on the same port.

The cluster runs with ``synchronous_commit=off`` to keep the rest of the suite fast; that
setting may lose a commit already acknowledged when PostgreSQL stops abruptly, which production
(PostgreSQL's default, ``on``) never does. The server's sessions get production's setting back
through libpq's ``PGOPTIONS``, so what the suite finds is what production would.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from tests.support.postgres import Cluster

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3
Form = dict[str, str | list[str]]


def free_port() -> int:
    import socket  # noqa: PLC0415 - only here

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(cluster: Cluster, database: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{cluster.port}/{database}",
        "DJANGO_SECRET_KEY": "test-reliability-server-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BAROMETRE_SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),  # nobody listens: a receipt mail fails, quietly
        "BAROMETRE_RESTITUTION_ON_PUBLISH": "0",
        "PGOPTIONS": "-c synchronous_commit=on",  # production's default (see the docstring)
        # The fuzz sends hundreds of API requests a minute from one address: the limit (its
        # own tests: tests/www/test_api.py) would refuse them before their parameters are read.
        "BAROMETRE_API_REQUESTS_PER_MINUTE": "100000",
    }


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str
    started: float
    ended: float


class Browser:
    """One person's browser: its own cookies (Secure ones too: the suite speaks plain HTTP to
    127.0.0.1, as a reverse proxy would), one connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: Form | None = None,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 15,
    ) -> Reply:
        """The reply; raises OSError or http.client.HTTPException when the server is gone."""
        sent = dict(headers or {})
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            reply = connection.getresponse()
            content = reply.read()
            for name, value in reply.getheaders():
                if name.lower() == "set-cookie":
                    self._keep(value)
            received = {name.lower(): value for name, value in reply.getheaders()}
        finally:
            connection.close()
        text = content.decode("utf-8", "replace")
        return Reply(reply.status, received, text, started, time.monotonic())

    def _keep(self, header: str) -> None:
        pair = header.split(";", 1)[0]
        name, _, value = pair.partition("=")
        if "expires=Thu, 01 Jan 1970" in header or "Max-Age=0" in header:
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value.strip()


def answers(port: int) -> bool:
    try:
        return Browser(port).request("GET", "/sante/", timeout=2).status == 200
    except (OSError, http.client.HTTPException):
        return False


@dataclass
class Server:
    """gunicorn, started in its own process group so that a kill takes it whole."""

    cluster: Cluster
    database: str
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    kills: list[tuple[float, float, str]] = field(default_factory=list)

    def prepare(self) -> None:
        """The production cache table, that the test settings' migrations skip (their cache is
        in memory): production's ``migrate`` creates it (accounts 0002)."""
        env = environment(self.cluster, self.database, self.port)
        manage = [sys.executable, "manage.py", "createcachetable"]
        subprocess.run(manage, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        python = Path(sys.executable)
        command = [str(python.parent / "gunicorn"), "-c", "config/gunicorn.py"]
        command += ["-b", f"127.0.0.1:{self.port}", "-w", str(WORKERS), "config.wsgi:application"]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment(self.cluster, self.database, self.port),
                stdout=output,
                stderr=output,
                start_new_session=True,
            )
        self.wait_until_up()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if answers(self.port):
                return
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté au démarrage, voir {self.log}")
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn n'a pas démarré, voir {self.log}")

    def workers(self) -> list[int]:
        """The worker processes of the running master (read from /proc)."""
        assert self.process is not None
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def kill_worker(self) -> None:
        """SIGKILL one worker in the middle of its requests; the master starts another."""
        started = time.monotonic()
        workers = self.workers()
        if not workers:
            return
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while len(self.workers()) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.02)  # forked from the master (preload_app): ready at once
        self.kills.append((started, time.monotonic(), "worker"))

    def kill_all(self) -> None:
        """SIGKILL the master and every worker at once (a crash), then start it again."""
        assert self.process is not None
        started = time.monotonic()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.start()
        self.kills.append((started, time.monotonic(), "server"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
