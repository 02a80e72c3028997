"""What the two load benchmarks share: a free port and gunicorn serving the project."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from barometre.questionnaire import Question, QuestionType
from barometre.questionnaire.model import NUMBER_TYPES

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 3  # on this 2-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(
    environ: dict[str, str], port: int, options: tuple[str, ...] = ("-w", str(WORKERS))
) -> subprocess.Popen[bytes]:
    """gunicorn on 127.0.0.1:``port`` (``options``: its workers or its config file), returned
    once ``/sante/`` answers."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi:application",
            *options,
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **environ},
        stdout=subprocess.DEVNULL if "-c" in options else None,  # the JSON access log
        stderr=subprocess.DEVNULL if "-c" in options else None,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=5):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn n'a pas démarré.")


def run_locust(
    locustfile: str, run: dict[str, str], port: int, prefix: Path
) -> list[dict[str, str]]:
    """Locust headless against 127.0.0.1:``port``; its per-request statistics (CSV rows).

    ``run`` holds the environment (``BENCH_TARGET`` and the like) plus ``users`` and
    ``duration``.
    """
    settings = dict(run)
    users, duration = settings.pop("users"), settings.pop("duration")
    locust = Path(sys.executable).parent / "locust"
    subprocess.run(
        [
            str(locust),
            "-f",
            str(ROOT / "bench" / locustfile),
            "--headless",
            "-u",
            users,
            "-r",
            "25",
            "-t",
            duration,
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env={**os.environ, **settings},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- The capacity bench and the respondent profile: production settings, many respondents ---

#: Production settings (config/settings/prod.py) with plain-HTTP cookies: on this machine the
#: bench speaks HTTP on the loopback, where production has TLS at the reverse proxy.
PROD_OVER_HTTP = (
    "from config.settings.prod import *  # noqa: F403\n"
    "SESSION_COOKIE_SECURE = False\n"
    "CSRF_COOKIE_SECURE = False\n"
)


def production_environ(directory: Path, database_url: str) -> dict[str, str]:
    """The environment of a production server on 127.0.0.1 (settings module in ``directory``)."""
    (directory / "bench_prod_settings.py").write_text(PROD_OVER_HTTP, encoding="utf-8")
    return {
        "PYTHONPATH": os.pathsep.join([str(directory), str(ROOT)]),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench_prod_settings",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "BAROMETRE_SITE_URL": "http://127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }


def open_wave_for(count: int, key: str = "cybersecurite") -> tuple[int, list[str]]:
    """A wave-1 campaign open on one questionnaire, ``count`` communes enrolled (the largest
    first), one respondent and one single-use link each. Django must be set up."""
    import datetime as dt  # noqa: PLC0415

    from barometre.campaigns import flows as campaign_flows  # noqa: PLC0415
    from barometre.collection.links import enrol, issue_link  # noqa: PLC0415
    from barometre.questionnaire.library import load_library  # noqa: PLC0415
    from barometre.referentiel import load_frame  # noqa: PLC0415

    questionnaire = load_library()[key]
    campaign = campaign_flows.create_campaign_from_library(
        "Capacité",
        "capacite",
        2026,
        [(1, dt.date(2026, 1, 1), dt.date(2026, 3, 1), (questionnaire,))],
    )
    wave = campaign_flows.transition(campaign.waves.get(), "open")
    communes = sorted(load_frame().of_type("commune"), key=lambda u: -u.population)[:count]
    tokens = [
        issue_link(enrol(unit.id, f"capacite-{unit.code.lower()}@exemple.fr", "agent"))
        for unit in communes
    ]
    return int(wave.pk), tokens


def page_answers(key: str = "cybersecurite") -> dict[str, list[tuple[str, str]]]:
    """What a respondent types on each screen, by page id in questionnaire order: the first
    option of a choice (« Oui » opens the follow-up screens), the minimum of a number, a
    date, a sentence."""
    from barometre.questionnaire.library import load_library  # noqa: PLC0415

    questionnaire = load_library()[key]
    return {
        page.id: [
            (qid, _typed(questionnaire.questions[qid]))
            for qid in page.question_ids
            if questionnaire.questions[qid].type is not QuestionType.NOTE
        ]
        for section in questionnaire.sections
        for page in questionnaire.pages(section)
    }


def _typed(question: Question) -> str:
    kind = question.type
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        plain = [o.value for o in question.options if not o.exclusive]
        return (plain or [o.value for o in question.options])[0]
    if kind is QuestionType.YES_NO:
        return question.options[0].value if question.options else "oui"
    if kind is QuestionType.DATE:
        return "2025-06-15"
    if kind in NUMBER_TYPES:
        return f"{question.minimum if question.minimum is not None else 1:g}"
    return "Réponse saisie pendant la mesure de capacité."
