"""PostgreSQL stopped abruptly (``pg_ctl stop -m immediate``: no checkpoint, the backends killed,
recovery at the next start) while respondents save, then started again. Meanwhile a respondent
reads the French error page, never a traceback nor a blank reply; afterwards nothing that was
acknowledged is lost, nothing is stored twice, and no server error outlives an outage."""

from __future__ import annotations

import random
import re
import threading
import time

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import DatabaseError, OperationalError, connections
from django.test import RequestFactory

from barometre.campaigns.models import Wave
from barometre.www import errors
from tests.reliability.conftest import database_url, respondents
from tests.reliability.figures import Figure, record
from tests.reliability.saves import ERROR_PAGE, Attempt, Respondent, check, send, start_all
from tests.reliability.server import WORKERS, Server

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
RESPONDENTS = 6
OUTAGES = 4
AWAY = 1.0  # seconds PostgreSQL stays stopped


def during(attempt: Attempt, outages: list[tuple[float, float]]) -> bool:
    return any(attempt.started <= end and attempt.ended >= start for start, end in outages)


def test_an_abrupt_database_stop_shows_the_french_error_page_and_loses_nothing(
    server: Server, open_wave: Wave
) -> None:
    people = respondents(server, open_wave, RESPONDENTS)
    stop = threading.Event()
    threads = start_all(people, stop)
    chance = random.Random(15)  # noqa: S311 - the rhythm of the outages, not a secret
    outages: list[tuple[float, float]] = []
    try:
        for _ in range(OUTAGES):
            time.sleep(chance.uniform(1.0, 2.0))
            started = time.monotonic()
            server.cluster.crash()
            time.sleep(AWAY)
            server.cluster.start()
            outages.append((started, time.monotonic()))
        time.sleep(2)  # saves go on after the last restart
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        connections.close_all()  # the test's own connection died with the database
    after_quiet_outage = _quiet_outage(server, people[0])
    found = check(database_url(server), people)
    attempts = [a for p in people for a in p.attempts]
    errors = [a for a in attempts if a.status is not None and a.status >= 500]
    assert found.lost == []
    assert found.duplicated == []
    assert found.unknown == []
    assert errors, "aucun enregistrement n'a eu lieu pendant une panne : le test ne prouve rien"
    assert {a.status for a in errors} <= {500, 503}
    assert all(ERROR_PAGE in a.text for a in errors)  # the French page, in every case
    assert "Traceback" not in "".join(a.text for a in errors)
    outside = [a for a in errors if not during(a, outages)]
    assert outside == []
    assert after_quiet_outage == [200] * (2 * WORKERS)
    refused = [a for a in attempts if a.status is not None and 400 <= a.status < 500]
    assert [_said(a) for a in refused] == []
    assert found.acknowledged >= 20
    record(
        "arrets-postgresql",
        [
            Figure("répondants enregistrant en même temps", RESPONDENTS),
            Figure("requêtes", found.requests),
            Figure("arrêts brusques de PostgreSQL (immediate), redémarré", len(outages)),
            Figure("réponses « erreur » pendant les pannes, page française", len(errors)),
            Figure(
                "dont 503 : base partie entre l'enregistrement et l'écriture de la session",
                sum(a.status == 503 for a in errors),
            ),
            Figure("requêtes sans réponse", sum(a.status is None for a in attempts)),
            Figure("enregistrements confirmés au répondant", found.acknowledged),
            Figure("enregistrements confirmés perdus", len(found.lost), fixed=True),
            Figure("enregistrements en double", len(found.duplicated), fixed=True),
            Figure("erreurs 5xx après le retour de PostgreSQL", len(outside), fixed=True),
            Figure(
                "pages servies après une panne sans requête (connexions gardées)",
                after_quiet_outage.count(200),
                fixed=True,
            ),
        ],
    )


def _quiet_outage(server: Server, respondent: Respondent) -> list[int]:
    """PostgreSQL stopped and started while no request comes: each worker keeps a connection
    to the PostgreSQL that died (CONN_MAX_AGE); the first page each one serves afterwards must
    not be an error."""
    time.sleep(0.5)
    server.cluster.crash()
    server.cluster.start()
    return [send(respondent.browser, "GET", respondent.path).status for _ in range(2 * WORKERS)]


def _said(attempt: Attempt) -> str:
    """What a refusal says (the alert of the page)."""
    text = re.sub(r"<[^>]+>", " ", attempt.text.split("<main", 1)[-1])
    return f"{attempt.status} {' '.join(text.split())[:400]}"


def test_a_session_lost_with_the_database_is_a_server_fault_not_a_bad_request(
    rf: RequestFactory,
) -> None:
    """The session middleware reports a session it could not write as « interrupted » (400,
    « nothing was saved »), even when the view had stored the save and PostgreSQL went away
    just after: then the respondent reads the error page, 503, and the same form replays."""
    interrupted = SessionInterrupted("session interrompue")  # as SessionMiddleware chains it
    interrupted.__context__ = UpdateError()
    interrupted.__context__.__context__ = OperationalError("server closed the connection")
    reply = errors.bad_request(rf.post("/repondre/1/essai/outils/"), interrupted)
    assert reply.status_code == 503
    assert ERROR_PAGE in reply.content.decode()
    deleted = SessionInterrupted("session supprimée par une déconnexion")
    deleted.__context__ = UpdateError()
    deleted.__context__.__context__ = DatabaseError("Forced update did not affect any rows.")
    assert errors.bad_request(rf.post("/repondre/"), deleted).status_code == 400
