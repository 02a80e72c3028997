"""100 concurrent respondents answering questionnaire pages, against the bare view as ceiling.

Starts a throwaway PostgreSQL cluster, migrates it, opens a wave-1 questionnaire for 100
authorities (one respondent and one-time link each), serves the project with gunicorn on
127.0.0.1 (3 workers on this 2-core machine), then runs locust headless twice for the same
duration: the respondents (log in, start, then read and save a page in a loop, 0.5–1.5 s
apart), and the bare health view under the same 100 users. Reports p50/p95/p99, requests per
second and failures from locust's own statistics.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from loadkit import WORKERS, free_port, run_locust, serve

ROOT = Path(__file__).resolve().parents[1]
USERS = int(os.environ.get("BENCH_USERS", "100"))
DURATION = "40s"


def _prepare(directory: Path) -> tuple[object, dict[str, str]]:
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import start_cluster  # noqa: PLC0415

    cluster = start_cluster()
    environ = {
        "DATABASE_URL": cluster.url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    os.environ.update(environ)
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    wave_id = _open_wave_with_respondents(directory / "tokens.json")
    environ |= {"BENCH_TOKENS": str(directory / "tokens.json"), "BENCH_WAVE": str(wave_id)}
    return cluster, environ


def _open_wave_with_respondents(tokens_file: Path) -> int:
    from barometre.campaigns import flows as campaign_flows  # noqa: PLC0415
    from barometre.collection.links import enrol, issue_link  # noqa: PLC0415
    from barometre.questionnaire.library import load_library  # noqa: PLC0415
    from barometre.referentiel import load_frame  # noqa: PLC0415

    questionnaire = load_library()["cybersecurite"]
    campaign = campaign_flows.create_campaign_from_library(
        "Charge", "charge", 2026, [(1, dt.date(2026, 1, 1), dt.date(2026, 3, 1), (questionnaire,))]
    )
    wave = campaign_flows.transition(campaign.waves.get(), "open")
    communes = sorted(load_frame().of_type("commune"), key=lambda u: -u.population)[:USERS]
    tokens = [
        issue_link(enrol(unit.id, f"charge-{unit.code.lower()}@exemple.fr", "agent"))
        for unit in communes
    ]
    tokens_file.write_text(json.dumps(tokens), encoding="utf-8")
    return int(wave.pk)


def _locust(environ: dict[str, str], port: int, prefix: Path, target: str) -> list[dict[str, str]]:
    run = {**environ, "BENCH_TARGET": target, "users": str(USERS), "duration": DURATION}
    return run_locust("locustfile.py", run, port, prefix)


def _rows(stats: list[dict[str, str]], wanted: set[str]) -> list[str]:
    return [
        f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
        f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
        for row in stats
        if row["Name"] in wanted
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        cluster, environ = _prepare(directory)
        port = free_port()
        server = serve(environ, port)
        try:
            respondents = _locust(environ, port, directory / "respondents", "respondents")
            bare = _locust(environ, port, directory / "bare", "bare")
        finally:
            server.terminate()
            server.wait(timeout=30)
            cluster.stop()  # type: ignore[attr-defined]
    print("## Collecte : charge de 100 répondants simultanés\n")
    print(
        f"gunicorn ({WORKERS} processus) et PostgreSQL 15 sur la même machine (2 cœurs), "
        f"locust en mode sans interface, {USERS} utilisateurs pendant {DURATION} par scénario ; "
        "temps en millisecondes.\n"
    )
    print("| requête | requêtes | échecs | p50 | p95 | p99 | requêtes/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for line in _rows(respondents, {row["Name"] for row in respondents}):
        print(line)
    for line in _rows(bare, {"vue nue /sante/"}):
        print(line)


if __name__ == "__main__":
    main()
