"""gunicorn killed by SIGKILL while respondents save, again and again: one worker in the middle
of its requests (the master starts another), or the whole server at once (started again on the
same port). Afterwards every save a respondent was told was stored is in the database, once,
and the answers of each page are those of its last acknowledged save (or of the one sent after
it, whose reply the kill cut); no server error outside the kills."""

from __future__ import annotations

import random
import threading
import time

import pytest

from barometre.campaigns.models import Wave
from tests.reliability.conftest import database_url, respondents
from tests.reliability.figures import Figure, record
from tests.reliability.saves import Attempt, check, start_all
from tests.reliability.server import Server

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
RESPONDENTS = 8
KILLS = 27
WHOLE_EVERY = 9  # one kill in nine takes the whole server (3 of 27), the others one worker
AFTER_KILL = 0.5  # seconds after a kill's end where a request still counts as in its window


def in_a_window(attempt: Attempt, windows: list[tuple[float, float, str]]) -> bool:
    return any(
        attempt.started <= end + AFTER_KILL and attempt.ended >= start for start, end, _ in windows
    )


def test_no_acknowledged_save_is_lost_when_gunicorn_is_killed(
    server: Server, open_wave: Wave
) -> None:
    people = respondents(server, open_wave, RESPONDENTS)
    stop = threading.Event()
    threads = start_all(people, stop)
    chance = random.Random(15)  # noqa: S311 - the rhythm of the kills, not a secret
    server.kills.clear()
    while len(server.kills) < KILLS:
        time.sleep(chance.uniform(0.2, 0.8))
        if len(server.kills) % WHOLE_EVERY == WHOLE_EVERY - 1:
            server.kill_all()
        else:
            server.kill_worker()
    time.sleep(1.5)  # saves go on after the last kill
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    found = check(database_url(server), people)
    attempts = [a for p in people for a in p.attempts]
    errors = [a for a in attempts if a.status is not None and a.status >= 500]
    outside = [a for a in errors if not in_a_window(a, server.kills)]
    unexpected = [a for a in attempts if a.status is not None and 400 <= a.status < 500]
    assert found.lost == []
    assert found.duplicated == []
    assert found.unknown == []
    assert outside == []
    assert unexpected == []  # no conflict, no refusal: a save resent after a kill is the same
    assert found.acknowledged >= 50
    whole = sum(kind == "server" for _, _, kind in server.kills)
    record(
        "arrets-gunicorn",
        [
            Figure("répondants enregistrant en même temps", RESPONDENTS),
            Figure("requêtes", found.requests),
            Figure("kill -9 d'un processus de gunicorn", len(server.kills) - whole),
            Figure("kill -9 de tout gunicorn, redémarré", whole),
            Figure("requêtes sans réponse (pendant un arrêt), renvoyées", _unanswered(attempts)),
            Figure("enregistrements confirmés au répondant", found.acknowledged),
            Figure(
                "dont stockés avant une coupure, renvoyés et comptés une fois",
                found.stored_before_reply,
            ),
            Figure("enregistrements confirmés perdus", len(found.lost), fixed=True),
            Figure("enregistrements en double", len(found.duplicated), fixed=True),
            Figure("erreurs 5xx hors des arrêts", len(outside), fixed=True),
            Figure("erreurs 5xx pendant les arrêts", len(errors) - len(outside)),
        ],
    )


def _unanswered(attempts: list[Attempt]) -> int:
    return sum(a.status is None for a in attempts)
