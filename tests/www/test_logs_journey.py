"""After a whole journey, no log line holds an answer, a link's token or an e-mail address.

Every record the platform writes at the production level (INFO) is captured and formatted as in
production (one JSON object per line, www/logs.py) while a respondent asks for a link by e-mail,
logs in with it, answers every page (one save refused on the way), submits and gets the receipt
by e-mail (a real SMTP server), then the team's reminders go out through the real worker. Each
token of each link sent, each answer typed and each address is then looked for in every line."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from barometre.campaigns.models import Wave
from barometre.collection.links import enrol
from barometre.collection.models import Response
from barometre.jobs.models import JobState
from barometre.participation.nonrespondents import Filters
from barometre.participation.tasks import start_reminders
from barometre.www.logs import JsonFormatter
from tests.participation.smtp import Collector, body, running_smtp
from tests.support.worker import _own_signals, reloaded
from tests.www.test_respond import form_fields

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "secretariat.journal@saint-etienne.fr"
OTHERS = {"42187": "dsi@roanne.fr", "69123": "dsi@lyon.fr"}  # invited, reminded
COMMENT = "Notre prestataire Zéphyr-Informatique nous facture 4 817 euros"
PAGES_COUNT = "4817"
ANSWERS = [
    ("profil", {"role": "agent"}),
    ("site", {"a_site": "oui"}),
    ("site-2", {"pages": PAGES_COUNT}),
    ("outils", {"outils": ["messagerie", "agenda"], "commentaire": COMMENT}),
]


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("mail."):  # aiosmtpd: the test's SMTP server, not ours
            self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    handler = Lines()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # stricter than production (INFO): every line a module writes
    try:
        yield handler.lines
    finally:
        root.setLevel(level)
        root.removeHandler(handler)


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    settings.REMINDERS_PER_MINUTE = 60_000
    yield from running_smtp(settings)


def worker_as_in_production() -> None:
    """The real worker with its default verbosity (its INFO lines: each task run and how it
    ended), until nothing is ready; its loggers' levels are restored afterwards."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [each.level for each in loggers]
    try:
        with _own_signals():
            call_command(
                "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0",
                verbosity=1,
            )  # fmt: skip
    finally:
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)


def link_paths(collector: Collector) -> list[str]:
    """The login and opt-out links of every message sent, with their tokens."""
    found = []
    for message in collector.messages:
        found += re.findall(
            r"https?://[^/\s]+(/[^\s]*(?:connexion|desinscription)/[^\s]+)", body(message)
        )
    return found


def test_no_log_line_holds_an_answer_a_token_nor_an_address(
    open_wave: Wave, smtp: Collector, log_lines: list[str]
) -> None:
    enrol("42218", ADDRESS, "agent", "secrétaire de mairie")
    client = Client()
    assert client.post("/connexion/nouveau-lien/", {"email": ADDRESS}).status_code == 200
    (login,) = link_paths(smtp)
    assert client.post(login).status_code == 302
    started = client.post(f"/repondre/{open_wave.pk}/essai/commencer/")
    assert started.status_code == 302
    refused = client.post(
        f"/repondre/{open_wave.pk}/essai/site/",
        {"a_site": "oui", "intrus": COMMENT, "cle": "k", "revision": "0"},
    )
    assert refused.status_code == 400  # logged as a bad request, without the form
    for page, data in ANSWERS:
        url = f"/repondre/{open_wave.pk}/essai/{page}/"
        fields = form_fields(client.get(url).content.decode())
        assert client.post(url, {**data, **fields}).status_code == 302
    submitted = client.post(f"/repondre/{open_wave.pk}/essai/recapitulatif/")
    assert submitted.status_code == 302
    receipt = Response.objects.get().receipt_number
    assert any(receipt in str(message["Subject"]) for message in smtp.messages)
    for authority, other in OTHERS.items():
        enrol(authority, other, "agent")
    job = start_reminders(open_wave, Filters(statuses=("invited",)), None, None, len(OTHERS))
    worker_as_in_production()
    assert reloaded(job).state == JobState.DONE
    assert {str(m["To"]) for m in smtp.messages} >= {ADDRESS, *OTHERS.values()}

    # (the number of pages is not looked for: four digits may be in a task id or a time)
    secrets = [COMMENT, "Zéphyr", ADDRESS, *OTHERS.values()]
    links = link_paths(smtp)
    assert len(links) >= 1 + len(OTHERS)  # the login link, and each reminder's own links
    for path in links:
        token = path.rstrip("/").rsplit("/", 1)[-1]
        assert len(token) >= 16
        secrets.append(token)
    written = "\n".join(log_lines)
    loggers = {json.loads(line)["logger"] for line in log_lines}
    # What wrote: the refused save (Django), the queue and the worker (each task and its end).
    assert {"django.request", "django_tasks", "django_tasks_db"} <= loggers, written
    leaked = sorted({secret for secret in secrets if secret in written})
    assert leaked == [], f"dans le journal : {leaked}"
    assert ADDRESS.replace("@", "%40") not in written
