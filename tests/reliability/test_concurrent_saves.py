"""Saves sent at the same instant to gunicorn (several workers, production settings):
identical ones store one; conflicting ones end in one whole state, never half of two."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import psycopg
import pytest

from barometre.campaigns.models import Wave
from barometre.collection.links import enrol, issue_link
from tests.reliability.conftest import database_url
from tests.reliability.figures import Figure, record
from tests.reliability.saves import csrf_of, log_in, send
from tests.reliability.server import Browser, Reply, Server

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
AT_ONCE = 50
PATH = "/repondre/{wave}/essai/outils/"


def at_once(count: int, send_one: Callable[[int], Reply]) -> list[Reply]:
    """``count`` requests released together by a barrier, one thread each."""
    barrier = threading.Barrier(count)
    replies: list[Reply | None] = [None] * count

    def run(number: int) -> None:
        barrier.wait()
        replies[number] = send_one(number)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(reply is not None for reply in replies)
    return [reply for reply in replies if reply is not None]


def form_of(browser: Browser, path: str) -> tuple[str, str]:
    page = send(browser, "GET", path)
    assert page.status == 200
    revision = page.text.split('name="revision" value="', 1)[1].split('"', 1)[0]
    return csrf_of(page), revision


def stored(server: Server, authority_id: str) -> tuple[list[tuple[str, int]], dict[str, object]]:
    """The page saves (key, revision) of the authority's response, and its answers."""
    with psycopg.connect(database_url(server)) as db:
        saves = db.execute(
            "SELECT ps.key, ps.revision FROM collection_pagesave ps JOIN collection_response r "
            "ON r.id = ps.response_id WHERE r.authority_id = %s ORDER BY ps.revision",
            [authority_id],
        ).fetchall()
        answers = db.execute(
            "SELECT a.question_id, a.value FROM collection_answer a JOIN collection_response r "
            "ON r.id = a.response_id WHERE r.authority_id = %s",
            [authority_id],
        ).fetchall()
    return [(str(k), int(r)) for k, r in saves], dict(answers)


def test_identical_saves_sent_at_once_are_stored_once(server: Server, open_wave: Wave) -> None:
    person = enrol("42218", "secretariat@saint-etienne.fr", "agent")
    browser = log_in(server.port, issue_link(person), open_wave.pk)
    path = PATH.format(wave=open_wave.pk)
    csrf, revision = form_of(browser, path)
    form: dict[str, str | list[str]] = {
        "csrfmiddlewaretoken": csrf,
        "cle": uuid.uuid4().hex,
        "revision": revision,
        "outils": ["messagerie", "agenda"],
        "commentaire": "Envoyé cinquante fois",
        "action": "suivant",
    }
    replies = at_once(AT_ONCE, lambda _: send(browser, "POST", path, form))
    assert [r.status for r in replies] == [302] * AT_ONCE  # each one told « saved »
    saves, answers = stored(server, person.authority_id)
    assert saves == [(form["cle"], 1)]
    assert answers == {"outils": ["messagerie", "agenda"], "commentaire": "Envoyé cinquante fois"}
    record(
        "identiques",
        [
            Figure("enregistrements identiques envoyés ensemble", AT_ONCE),
            Figure("réponses « enregistré »", len(replies)),
            Figure("enregistrements stockés", len(saves), fixed=True),
            Figure("erreurs 5xx", sum(r.status >= 500 for r in replies), fixed=True),
        ],
    )


def colleagues(server: Server, wave: Wave) -> list[Browser]:
    agent = enrol("42187", "dgs@roanne.fr", "agent")
    elu = enrol("42187", "maire@roanne.fr", "elu")
    return [log_in(server.port, issue_link(p), wave.pk) for p in (agent, elu)]


def test_conflicting_saves_end_in_one_whole_state(server: Server, open_wave: Wave) -> None:
    """Two colleagues each send ten different versions of the same page, all from the same
    revision: one wins, the nineteen others are told of the conflict, and the page holds the
    winner's two answers together."""
    browsers = colleagues(server, open_wave)
    path = PATH.format(wave=open_wave.pk)
    forms = [form_of(b, path) for b in browsers]
    count = 20
    payloads = [
        {
            "csrfmiddlewaretoken": forms[n % 2][0],
            "cle": uuid.uuid4().hex,
            "revision": forms[n % 2][1],
            "outils": [("messagerie", "agenda")[n % 2]],
            "commentaire": f"version {n}",
            "action": "suivant",
        }
        for n in range(count)
    ]
    replies = at_once(count, lambda n: send(browsers[n % 2], "POST", path, payloads[n]))
    statuses = sorted(r.status for r in replies)
    assert statuses == [302] + [409] * (count - 1)
    winner = payloads[[r.status for r in replies].index(302)]
    saves, answers = stored(server, "commune:42187")
    assert saves == [(winner["cle"], 1)]
    assert answers == {"outils": winner["outils"], "commentaire": winner["commentaire"]}
    conflicts = [r for r in replies if r.status == 409]
    assert all("a modifié cette page" in r.text or "entre-temps" in r.text for r in conflicts)
    autosaved = _autosaves_of_one_person(server, open_wave)
    record(
        "conflits",
        [
            Figure("enregistrements différents envoyés ensemble par deux collègues", count),
            Figure("acceptés", statuses.count(302), fixed=True),
            Figure("refusés pour conflit, dit en français", statuses.count(409), fixed=True),
            Figure("enregistrements automatiques d'une personne envoyés ensemble", autosaved),
            Figure("pages à moitié écrites", 0, fixed=True),
        ],
    )


def _autosaves_of_one_person(server: Server, wave: Wave) -> int:
    """One person's autosaves sent at once (two tabs): each is stored in turn, revisions follow
    each other, and the page holds the last one whole."""
    person = enrol("42095", "dgs@firminy.fr", "agent")
    browser = log_in(server.port, issue_link(person), wave.pk)
    path = PATH.format(wave=wave.pk)
    csrf, revision = form_of(browser, path)
    count = 12
    payloads = {
        uuid.uuid4().hex: {
            "outils": [("messagerie", "agenda")[n % 2]],
            "commentaire": f"onglet {n}",
        }
        for n in range(count)
    }
    keys = list(payloads)

    def autosave(n: int) -> Reply:
        form = {
            "csrfmiddlewaretoken": csrf,
            "cle": keys[n],
            "revision": revision,
            "action": "autosave",
        }
        return send(browser, "POST", path, {**form, **payloads[keys[n]]})

    replies = at_once(count, autosave)
    assert [r.status for r in replies] == [200] * count
    saves, answers = stored(server, person.authority_id)
    assert sorted(key for key, _ in saves) == sorted(keys)
    assert [revision for _, revision in saves] == list(range(1, count + 1))
    assert answers == payloads[saves[-1][0]]  # the last stored, both of its answers
    return count
