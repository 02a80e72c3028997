"""Respondents saving a page of the questionnaire against the real server, and the check of what
the database holds afterwards (read with SQL, not with the code under test).

Each respondent answers for its own authority and saves the « outils » page again and again,
two answers at once (the tools ticked and a comment), each save with its own key (``cle``) and
a comment that names it. A save whose reply does not come back (server killed, PostgreSQL
stopped) is sent again with the same key and the same answers, as a browser resubmits a form:
the key must make it count once. A save is *acknowledged* when its reply is a 2xx (autosave,
JSON) or the 302 to the next page (page save).
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field

import psycopg

from tests.reliability.server import Browser, Reply

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
TOOLS = ("messagerie", "agenda")
#: Words of the French 500 page (templates/500.html), that a respondent reads when the database
#: is away.
ERROR_PAGE = "Une erreur est survenue de notre côté"


class NoReplyError(Exception):
    """The server did not answer (connection refused or reset, reply cut)."""


def send(
    browser: Browser, method: str, path: str, form: dict[str, str | list[str]] | None = None
) -> Reply:
    try:
        return browser.request(method, path, form)
    except (OSError, http.client.HTTPException) as error:
        raise NoReplyError(str(error)) from error


def csrf_of(reply: Reply) -> str:
    found = CSRF.search(reply.text)
    assert found, f"pas de jeton CSRF dans la page ({reply.status})"
    return found[1]


def log_in(port: int, token: str, wave_id: int) -> Browser:
    """Log in with the one-time link, start the response: a browser on the « outils » page."""
    browser = Browser(port)
    assert send(browser, "GET", f"/connexion/{token}/").status == 302
    confirm = send(browser, "GET", "/connexion/")
    assert (
        send(browser, "POST", "/connexion/", {"csrfmiddlewaretoken": csrf_of(confirm)}).status
        == 302
    )
    home = send(browser, "GET", "/repondre/")
    started = send(
        browser,
        "POST",
        f"/repondre/{wave_id}/essai/commencer/",
        {"csrfmiddlewaretoken": csrf_of(home)},
    )
    assert started.status == 302, started.status
    return browser


@dataclass
class Attempt:
    key: str
    comment: str
    tools: list[str]
    status: int | None  # None: no reply
    started: float
    ended: float
    text: str = ""
    wall: float = 0.0  # when it was sent, on the clock PostgreSQL's timestamps use


@dataclass
class Respondent:
    """A thread that saves until told to stop; every request it sent is kept in ``attempts``."""

    name: str
    authority_id: str
    browser: Browser
    path: str
    attempts: list[Attempt] = field(default_factory=list)
    acknowledged: list[Attempt] = field(default_factory=list)
    pending: Attempt | None = None
    gets: int = 0

    def page(self) -> tuple[str, int]:
        """The page's CSRF token and revision, asked again until the server answers."""
        while True:
            self.gets += 1
            try:
                reply = send(self.browser, "GET", self.path)
            except NoReplyError:
                time.sleep(0.2)
                continue
            if reply.status == 200:
                revision = REVISION.search(reply.text)
                assert revision
                return csrf_of(reply), int(revision[1])
            time.sleep(0.2)

    def run(self, stop: threading.Event, every_page_save: int = 4) -> None:
        csrf, revision = self.page()
        number = 0
        while not stop.is_set():
            number += 1
            autosave = number % every_page_save != 0
            saved = self._save_until_answered(stop, csrf, revision, number, autosave=autosave)
            if saved is None:
                return
            if autosave:
                revision = int(json.loads(saved.text)["revision"])
            else:
                csrf, revision = self.page()

    def _save_until_answered(
        self, stop: threading.Event, csrf: str, revision: int, number: int, *, autosave: bool
    ) -> Attempt | None:
        key = uuid.uuid4().hex
        comment = f"{self.name}-{number}-{key[:8]}"
        tools = [TOOLS[number % 2]]
        form: dict[str, str | list[str]] = {
            "csrfmiddlewaretoken": csrf,
            "cle": key,
            "revision": str(revision),
            "outils": tools,
            "commentaire": comment,
            "action": "autosave" if autosave else "suivant",
        }
        while True:
            attempt = self._attempt(form, key, comment, tools)
            if attempt.status is not None and attempt.status < 400:
                self.acknowledged.append(attempt)
                self.pending = None
                return attempt
            self.pending = attempt
            if stop.is_set():
                return None
            time.sleep(0.2)

    def _attempt(
        self, form: dict[str, str | list[str]], key: str, comment: str, tools: list[str]
    ) -> Attempt:
        started, wall = time.monotonic(), time.time()
        try:
            reply = send(self.browser, "POST", self.path, form)
        except NoReplyError:
            attempt = Attempt(key, comment, tools, None, started, time.monotonic(), wall=wall)
        else:
            attempt = Attempt(
                key, comment, tools, reply.status, reply.started, reply.ended, reply.text, wall
            )
        self.attempts.append(attempt)
        return attempt


def start_all(respondents: list[Respondent], stop: threading.Event) -> list[threading.Thread]:
    threads = [threading.Thread(target=r.run, args=(stop,), daemon=True) for r in respondents]
    for thread in threads:
        thread.start()
    return threads


@dataclass(frozen=True)
class Check:
    """What the database holds against what the respondents were told."""

    requests: int
    acknowledged: int
    lost: list[str]
    duplicated: list[str]
    unknown: list[str]
    #: acknowledged saves stored by an earlier sending whose reply was cut, counted once
    stored_before_reply: int = 0


def check(url: str, respondents: list[Respondent]) -> Check:
    """Every acknowledged save is stored once (its key, its answers or a later save's), and the
    database holds no save nobody sent."""
    lost: list[str] = []
    duplicated: list[str] = []
    unknown: list[str] = []
    early = 0
    with psycopg.connect(url) as db:
        for respondent in respondents:
            saves = db.execute(
                "SELECT ps.key, count(*), extract(epoch FROM min(ps.saved_at)) "
                "FROM collection_pagesave ps "
                "JOIN collection_response r ON r.id = ps.response_id "
                "WHERE r.authority_id = %s GROUP BY ps.key",
                [respondent.authority_id],
            ).fetchall()
            stored = {key: count for key, count, _ in saves}
            at = {key: float(when) for key, _, when in saves}
            early += sum(1 for a in respondent.acknowledged if a.key in at and at[a.key] < a.wall)
            sent = {a.key for a in respondent.attempts}
            lost += [a.key for a in respondent.acknowledged if a.key not in stored]
            duplicated += [key for key, count in stored.items() if count > 1]
            unknown += [key for key in stored if key not in sent]
            lost += _final_answers_lost(db, respondent)
    return Check(
        requests=sum(len(r.attempts) + r.gets for r in respondents),
        acknowledged=sum(len(r.acknowledged) for r in respondents),
        lost=lost,
        duplicated=duplicated,
        unknown=unknown,
        stored_before_reply=early,
    )


def _final_answers_lost(
    db: psycopg.Connection[tuple[object, ...]], respondent: Respondent
) -> list[str]:
    """The answers stored are those of the last acknowledged save, or of the one sent after it
    whose reply never came (it may have been stored): never older, never half of one."""
    if not respondent.acknowledged:
        return []
    rows = dict(
        db.execute(
            "SELECT a.question_id, a.value FROM collection_answer a "
            "JOIN collection_response r ON r.id = a.response_id "
            "WHERE r.authority_id = %s AND a.question_id IN ('outils', 'commentaire')",
            [respondent.authority_id],
        ).fetchall()
    )
    last = respondent.acknowledged[-1]
    allowed = [(last.comment, last.tools)]
    if respondent.pending is not None:
        allowed.append((respondent.pending.comment, respondent.pending.tools))
    if (rows.get("commentaire"), rows.get("outils")) in allowed:
        return []
    return [f"{respondent.name} : {rows} au lieu de {allowed}"]
