"""Where a respondent's request spends its time: one questionnaire page shown, one page saved.

In one process, on a throwaway PostgreSQL cluster with the production settings (plain-HTTP
cookies), Django's test client logs a respondent in with its one-time link, starts its response
and walks through the questionnaire as the capacity bench does (bench/locust_capacity.py): show a
page, save it with « Enregistrer et continuer », follow to the next. The test client runs the
whole middleware stack (no HTTP parsing, no gunicorn). For each kind of request: the server time
per request (median), the SQL queries per request (count and time, CaptureQueriesContext), the
template rendering time and the session's save; then cProfile's heaviest functions. The bare
health view ``/sante/`` is measured the same way, the floor of any request.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
from loadkit import open_wave_for, page_answers, production_environ

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "120"))  # requests of each kind measured
KEY = "cybersecurite"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_KEY = re.compile(r'name="cle" value="([0-9a-f]+)"')
_REVISION = re.compile(r'name="revision" value="(\d+)"')


class Timers:
    """Seconds spent in a few wrapped functions (template rendering, the session's save)."""

    def __init__(self) -> None:
        self.spent: Counter[str] = Counter()

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[label] += time.perf_counter() - started

        setattr(owner, name, timed)

    def sql(self, execute: Callable[..., Any], *args: Any) -> Any:
        """A database execute wrapper: the time from sending a query to its result."""
        started = time.perf_counter()
        try:
            return execute(*args)
        finally:
            self.spent["sql"] += time.perf_counter() - started


def _setup(directory: Path) -> Any:
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import start_cluster  # noqa: PLC0415

    cluster = start_cluster()
    environ = production_environ(directory, cluster.url)
    sys.path.insert(0, str(directory))
    os.environ.update({k: v for k, v in environ.items() if k != "PYTHONPATH"})
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    return cluster


class Walker:
    """One respondent's browser: the test client, the page it shows and what it types."""

    def __init__(self, wave: int, token: str) -> None:
        from django.test import Client  # noqa: PLC0415

        self.client = Client()
        self.prefix = f"/repondre/{wave}/{KEY}/"
        self.answers = page_answers(KEY)
        self.first = f"{self.prefix}{next(iter(self.answers))}/"
        self.client.get(f"/connexion/{token}/")
        button = self.client.get("/connexion/").content.decode()
        self.client.post("/connexion/", {"csrfmiddlewaretoken": _match(_CSRF, button)})
        home = self.client.get("/repondre/").content.decode()
        started = self.client.post(
            f"{self.prefix}commencer/", {"csrfmiddlewaretoken": _match(_CSRF, home)}
        )
        self.url = started["Location"]
        self.shown = ""
        self.refused = 0

    def show(self) -> None:
        if self.url.endswith("/recapitulatif/"):
            self.url = self.first
        page = self.client.get(self.url)
        if page.status_code != 200:
            raise SystemExit(f"{self.url} : {page.status_code}")
        self.shown = page.content.decode()

    def save(self) -> None:
        page_id = self.url.removeprefix(self.prefix).strip("/")
        data: dict[str, Any] = {
            "csrfmiddlewaretoken": _match(_CSRF, self.shown),
            "cle": _match(_KEY, self.shown),
            "revision": _match(_REVISION, self.shown),
            "action": "suivant",
        }
        data.update(dict(self.answers[page_id]))
        saved = self.client.post(self.url, data)
        if saved.status_code != 302:
            self.refused += 1
        else:
            self.url = saved["Location"]


def _match(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    return found[1] if found else ""


@contextmanager
def _captured() -> Iterator[list[dict[str, Any]]]:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as context:
        queries: list[dict[str, Any]] = []
        yield queries
    queries.extend(context.captured_queries)


def _measure(walker: Walker, timers: Timers) -> dict[str, dict[str, list[float]]]:
    """Per kind: server ms, query count, SQL ms, template ms, session ms of each request."""
    kinds: dict[str, dict[str, list[float]]] = {}
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("afficher une page", walker.show),
        ("enregistrer une page", walker.save),
        ("vue nue /sante/", lambda: walker.client.get("/sante/")),
    ]
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:  # the backend serving this process, for its CPU time
        cursor.execute("SELECT pg_backend_pid()")
        backend = psutil.Process(cursor.fetchone()[0])
    names = ("ms", "cpu", "pg", "queries", "sql", "tpl", "sess")
    for _ in range(ROUNDS):
        for kind, step in steps:
            timers.spent.clear()
            pg = sum(backend.cpu_times()[:2])
            with _captured() as queries, connection.execute_wrapper(timers.sql):
                started, cpu = time.perf_counter(), time.process_time()
                step()
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            row = kinds.setdefault(kind, {k: [] for k in names})
            row["ms"].append(1000 * elapsed)
            row["cpu"].append(1000 * cpu)
            row["pg"].append(1000 * (sum(backend.cpu_times()[:2]) - pg))
            row["queries"].append(len(queries))
            row["sql"].append(1000 * timers.spent["sql"])
            row["tpl"].append(1000 * timers.spent["templates"])
            row["sess"].append(1000 * timers.spent["session"])
    return kinds


def _tables(walker: Walker) -> dict[str, Counter[str]]:
    """Which tables one request of each kind queries (the first word and table of each query)."""
    found: dict[str, Counter[str]] = {}
    for kind, step in (("afficher une page", walker.show), ("enregistrer une page", walker.save)):
        with _captured() as queries:
            step()
        found[kind] = Counter(_table(q["sql"]) for q in queries)
    return found


def _table(sql: str) -> str:
    verb = sql.split(None, 1)[0].upper()
    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"([a-z_]+)"', sql)
    return f"{verb} {table[1] if table else ''}".strip()


def _profile(walker: Walker) -> str:
    profiler = cProfile.Profile(time.process_time)  # CPU, not the waits for PostgreSQL
    profiler.enable()
    for _ in range(40):
        walker.show()
        walker.save()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"barometre|django/(template|db|contrib)", 40)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        cluster = _setup(Path(temporary))
        try:
            from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415
            from django.template.backends.django import Template  # noqa: PLC0415

            wave, tokens = open_wave_for(2)
            timers = Timers()
            timers.wrap(Template, "render", "templates")
            timers.wrap(SessionStore, "save", "session")
            walker = Walker(wave, tokens[0])
            walker.show()
            for _ in range(10):  # warm: compiled questionnaire, templates, connection
                walker.save()
                walker.show()
            kinds = _measure(walker, timers)
            tables = _tables(walker)
            profile = _profile(walker) if os.environ.get("BENCH_PROFILE") else ""
        finally:
            cluster.stop()
    _report(kinds, tables, walker.refused, profile)


def _report(
    kinds: dict[str, dict[str, list[float]]],
    tables: dict[str, Counter[str]],
    refused: int,
    profile: str,
) -> None:
    print("## Collecte : où passe le temps d'une page de répondant\n")
    print(
        f"Réglages de production, PostgreSQL jetable, client de test de Django (tous les "
        f"intergiciels, sans HTTP), {ROUNDS} requêtes de chaque sorte ; médianes en ms. "
        "« serveur » : "
        "durée de la requête ; « CPU Python » : temps processeur du processus Django (hors "
        "PostgreSQL, hors attente) ; CPU PostgreSQL : celui du processus serveur de la "
        "connexion (moyenne : l'horloge du noyau compte par pas de 10 ms) ; temps SQL : de "
        "l'envoi de chaque requête à son résultat ; "
        f"charge moyenne au départ : {os.getloadavg()[0]:.1f}.\n"
    )
    print(
        "| requête | serveur | CPU Python | CPU PostgreSQL (moyenne) | requêtes SQL | temps SQL | "
        "gabarits | enregistrement de la session |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, row in kinds.items():
        print(
            f"| {kind} | {statistics.median(row['ms']):.1f} | "
            f"{statistics.median(row['cpu']):.1f} | {statistics.mean(row['pg']):.1f} | "
            f"{statistics.median(row['queries']):.0f} | {statistics.median(row['sql']):.1f} | "
            f"{statistics.median(row['tpl']):.1f} | {statistics.median(row['sess']):.1f} |"
        )
    if refused:
        print(f"\n{refused} enregistrements refusés (réponse autre que 302) : à corriger.")
    for kind, counted in tables.items():
        listed = ", ".join(f"{name} ×{n}" for name, n in sorted(counted.items()))
        print(f"\n{kind} : {listed}")
    if profile:
        print("\n```\n" + profile + "\n```")


if __name__ == "__main__":
    main()
