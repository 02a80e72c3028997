"""10,000 reminders sent by the background worker through a real local SMTP server, while 100
respondents answer: the worker's throughput, and the respondents' latency without and with it.

Starts a throwaway PostgreSQL cluster, opens a wave for 100 respondents with one-time links (the
load of bench_load.py) and 10,000 more invited authorities, serves the project with gunicorn,
and runs an SMTP server (aiosmtpd) in this process. Two locust runs of the same length: the
respondents alone, then the respondents while ``manage.py db_worker`` (production settings,
rate limit lifted to measure capacity) sends the reminders job started as the staff page
starts it. Reports locust's p50/p95/p99 for both runs, messages per second, and checks that each
address received exactly one message.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from loadkit import WORKERS, free_port, run_locust, serve

ROOT = Path(__file__).resolve().parents[1]
USERS = 100
INVITED = int(os.environ.get("BENCH_REMINDERS", "10000"))
DURATION = "30s"


class Mailbox:
    """aiosmtpd's handler: counts the recipients of every message accepted."""

    def __init__(self) -> None:
        self.recipients: Counter[str] = Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802, ARG002 - aiosmtpd's hook
        self.recipients.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def _prepare(directory: Path) -> tuple[Any, dict[str, str], Any]:
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
    wave = _open_wave(directory / "tokens.json")
    environ |= {"BENCH_TOKENS": str(directory / "tokens.json"), "BENCH_WAVE": str(wave.pk)}
    return cluster, environ, wave


def _open_wave(tokens_file: Path) -> Any:
    from django.contrib.auth.models import User  # noqa: PLC0415

    from barometre.campaigns import flows as campaign_flows  # noqa: PLC0415
    from barometre.collection.links import enrol, issue_link  # noqa: PLC0415
    from barometre.collection.models import Respondent  # noqa: PLC0415
    from barometre.questionnaire.library import load_library  # noqa: PLC0415
    from barometre.referentiel import load_frame  # noqa: PLC0415

    questionnaire = load_library()["cybersecurite"]
    campaign = campaign_flows.create_campaign_from_library(
        "Relances",
        "relances",
        2026,
        [(1, dt.date(2026, 1, 1), dt.date(2026, 3, 1), (questionnaire,))],
    )
    wave = campaign_flows.transition(campaign.waves.get(), "open")
    communes = sorted(load_frame().of_type("commune"), key=lambda u: -u.population)
    answering, invited = communes[:USERS], communes[USERS : USERS + INVITED]
    tokens = [
        issue_link(enrol(unit.id, f"charge-{unit.code.lower()}@exemple.fr", "agent"))
        for unit in answering
    ]
    tokens_file.write_text(json.dumps(tokens), encoding="utf-8")
    users = User.objects.bulk_create(
        User(
            username=f"relance-{u.code.lower()}@exemple.fr",
            email=f"relance-{u.code.lower()}@exemple.fr",
        )
        for u in invited
    )
    Respondent.objects.bulk_create(
        Respondent(user=user, authority_id=unit.id, role="agent")
        for user, unit in zip(users, invited, strict=True)
    )
    return wave


def _fresh_links(tokens_file: Path) -> None:
    """New one-time links for the answering respondents: the first run spent theirs (a second
    run with them failed every request)."""
    from barometre.collection.links import issue_link  # noqa: PLC0415
    from barometre.collection.models import Respondent  # noqa: PLC0415

    answering = Respondent.objects.filter(user__email__startswith="charge-").order_by("pk")
    tokens_file.write_text(json.dumps([issue_link(r) for r in answering]), encoding="utf-8")


def _worker(smtp_port: int, log: Path) -> subprocess.Popen[bytes]:
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "bench-relances-" + "x" * 40,
        "BAROMETRE_SITE_URL": "http://127.0.0.1:8000",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "BAROMETRE_REMINDERS_PER_MINUTE": str(10**8),  # capacity, not the configured pace
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT
        )


def _send_during_load(
    wave: Any, environ: dict[str, str], port: int, directory: Path
) -> dict[str, Any]:
    from aiosmtpd.controller import Controller  # noqa: PLC0415

    from barometre.jobs.models import Job, JobState  # noqa: PLC0415
    from barometre.participation.nonrespondents import Filters  # noqa: PLC0415
    from barometre.participation.reminders import plan_reminders  # noqa: PLC0415
    from barometre.participation.tasks import start_reminders  # noqa: PLC0415

    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    plan = plan_reminders(wave, Filters(), None)
    _fresh_links(Path(environ["BENCH_TOKENS"]))
    worker = _worker(smtp.port, directory / "worker.log")
    try:
        started = time.perf_counter()
        job = start_reminders(wave, Filters(), None, None, len(plan.to_send))
        loaded = _locust(environ, port, directory / "during")
        while Job.objects.get(pk=job.pk).state not in {JobState.DONE, JobState.FAILED}:
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        smtp.stop()
    done = Job.objects.get(pk=job.pk)
    return {
        "locust": loaded,
        "planned": len(plan.to_send),
        "received": sum(mailbox.recipients.values()),
        "twice": sum(1 for count in mailbox.recipients.values() if count > 1),
        "seconds": elapsed,
        "state": done.get_state_display(),
        "summary": done.summary or done.error,
    }


def _locust(environ: dict[str, str], port: int, prefix: Path) -> list[dict[str, str]]:
    run = {**environ, "BENCH_TARGET": "respondents", "users": str(USERS), "duration": DURATION}
    return run_locust("locustfile.py", run, port, prefix)


def _aggregated(stats: list[dict[str, str]]) -> dict[str, str]:
    return next(row for row in stats if row["Name"] == "Aggregated")


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        cluster, environ, wave = _prepare(directory)
        port = free_port()
        server = serve(environ, port)
        try:
            alone = _locust(environ, port, directory / "alone")
            sending = _send_during_load(wave, environ, port, directory)
        finally:
            server.terminate()
            server.wait(timeout=30)
            cluster.stop()
    print(
        f"## Relances : {sending['planned']:,} envois par le worker pendant la collecte\n".replace(
            ",", " "
        )
    )
    print(
        f"PostgreSQL, gunicorn ({WORKERS} processus), le worker (`db_worker`, réglages de "
        "production, rythme non bridé) et un serveur SMTP local (aiosmtpd) sur la même machine "
        f"(2 cœurs) ; locust, {USERS} répondants pendant {DURATION}, d'abord seuls, puis pendant "
        "l'envoi. Temps en millisecondes, toutes requêtes des répondants confondues.\n"
    )
    print("| répondants | requêtes | échecs | p50 | p95 | p99 | requêtes/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, stats in (("seuls", alone), ("pendant l'envoi", sending["locust"])):
        row = _aggregated(stats)
        print(
            f"| {label} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
            f"{row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
        )
    rate = sending["received"] / sending["seconds"]
    p95 = float(_aggregated(sending["locust"])["95%"]) / max(float(_aggregated(alone)["95%"]), 1)
    failed = int(_aggregated(alone)["Failure Count"]) + int(
        _aggregated(sending["locust"])["Failure Count"]
    )
    effect = (
        f"**×{p95:.2f}** par rapport aux répondants seuls"
        if not failed
        else f"non comparable : {failed} requête(s) en échec (voir le tableau)"
    )
    print(
        f"\nTâche « {sending['state']} » : {sending['summary']} {sending['received']} messages "
        f"reçus par le serveur SMTP en {sending['seconds']:.0f} s, "
        f"soit **{rate:.0f} messages/s** ; "
        f"{sending['twice']} adresse(s) servie(s) deux fois. p95 des répondants pendant l'envoi : "
        f"{effect}. Au rythme configuré par défaut "
        "(`BAROMETRE_REMINDERS_PER_MINUTE` = 60), le même envoi durerait "
        f"{sending['planned'] / 60:.0f} minutes.\n"
    )


if __name__ == "__main__":
    main()
