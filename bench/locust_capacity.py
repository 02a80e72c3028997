"""Respondents as people: log in with one's own link, then one questionnaire page every 20–60 s.

Run by bench/bench_capacity.py, which prepares the server, the respondents, their one-time links
(``BENCH_TOKENS``: a JSON list) and what each page is answered with (``BENCH_ANSWERS``: page id →
form fields). Each simulated respondent opens its link as a browser does (the link, the button,
its home page, « Commencer »), then walks through its questionnaire: it reads the page for
20–60 s (uniform), saves it with « Enregistrer et continuer » and its browser follows the
redirect to the next page; after the summary it starts over from the first page (a respondent
going back over its answers). ``BENCH_THINK=0`` removes the think time (the throughput
measure; ``BENCH_THINK=2,6`` for a quick try); ``BENCH_TARGET=bare`` loads the bare health view
instead, with no think time either.

``BENCH_PLAN`` (``users:ramp_s:hold_s,...``) drives the user count through a load shape: each
step adds its new users evenly over ``ramp_s`` seconds (logins spread over the think time, not
all at once), then holds ``hold_s`` seconds; each step's start is written to ``BENCH_STEPLOG``.
Every request goes to ``BENCH_SAMPLES`` (one JSON line: time, name, milliseconds, failed), from
which the bench computes each step's figures on its steady window. A step whose p99 of pages
passes ``BENCH_STOP_MS`` ends the run (the next steps could only be worse).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, LoadTestShape, constant, events, task

TOKENS: list[str] = json.loads(open(os.environ["BENCH_TOKENS"], encoding="utf-8").read())  # noqa: PTH123, SIM115
ANSWERS: dict[str, list[list[str]]] = json.loads(
    open(os.environ["BENCH_ANSWERS"], encoding="utf-8").read()  # noqa: PTH123, SIM115
)
WAVE = os.environ.get("BENCH_WAVE", "1")
QUESTIONNAIRE = os.environ.get("BENCH_QUESTIONNAIRE", "cybersecurite")
BARE = os.environ.get("BENCH_TARGET") == "bare"
_THINK = os.environ.get("BENCH_THINK", "20,60")
THINK = (0.0, 0.0) if _THINK == "0" else tuple(float(s) for s in _THINK.split(","))
STOP_MS = float(os.environ.get("BENCH_STOP_MS") or 0)
PAGE_REQUESTS = frozenset({"afficher une page", "enregistrer une page", "récapitulatif"})
PREFIX = f"/repondre/{WAVE}/{QUESTIONNAIRE}/"
FIRST_PAGE = f"{PREFIX}{next(iter(ANSWERS))}/"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
_tokens = itertools.count()
_REVISION = re.compile(r'name="revision" value="(\d+)"')
_KEY = re.compile(r'name="cle" value="([0-9a-f]+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_samples = open(os.environ["BENCH_SAMPLES"], "a", encoding="utf-8", buffering=1 << 16)  # noqa: PTH123, SIM115
_steplog = open(os.environ["BENCH_STEPLOG"], "a", encoding="utf-8", buffering=1)  # noqa: PTH123, SIM115
_window: list[float] = []  # page times since the current step's start


@events.request.add_listener
def _record(name: str, response_time: float, exception: object, **_: Any) -> None:
    failed = 1 if exception else 0
    _samples.write(f'[{time.time():.3f},"{name}",{response_time:.1f},{failed}]\n')
    if name in PAGE_REQUESTS:
        _window.append(response_time)


@events.quitting.add_listener
def _close(**_: Any) -> None:
    _samples.flush()


def _match(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    return found[1] if found else ""


class Respondent(FastHttpUser):
    wait_time = constant(0)  # the think time is taken in the task, while the page is read

    def on_start(self) -> None:
        self.page, self.shown = "", ""
        if BARE:
            return
        token = TOKENS[next(_tokens) % len(TOKENS)]
        client = self.client
        client.get(f"/connexion/{token}/", name="connexion : lien", allow_redirects=False)
        button = client.get("/connexion/", name="connexion : bouton")
        csrf = _match(_CSRF, button.text)
        client.post(
            "/connexion/",
            urlencode({"csrfmiddlewaretoken": csrf}),
            name="connexion : valider",
            allow_redirects=False,
            headers=FORM,
        )
        home = client.get("/repondre/", name="accueil du répondant")
        started = client.post(
            f"{PREFIX}commencer/",
            urlencode({"csrfmiddlewaretoken": _match(_CSRF, home.text)}),
            name="commencer",
            allow_redirects=False,
            headers=FORM,
        )
        self.page = started.headers.get("Location") or ""
        if self.page:
            self.shown = client.get(self.page, name="afficher une page").text

    @task
    def read_then_save(self) -> None:
        if BARE:
            self.client.get("/sante/", name="vue nue /sante/")
            return
        if not self.page:
            return
        pause = random.uniform(*THINK)
        if pause:
            gevent.sleep(pause)
        self._save_and_follow()

    def _save_and_follow(self) -> None:
        text = self.shown
        page_id = self.page.removeprefix(PREFIX).strip("/")
        if page_id not in ANSWERS or not _REVISION.search(text):
            self._show(FIRST_PAGE)  # the summary read: back to the first page
            return
        fields = [
            ("csrfmiddlewaretoken", _match(_CSRF, text)),
            ("cle", _match(_KEY, text)),
            ("revision", _match(_REVISION, text)),
            *[(name, value) for name, value in ANSWERS[page_id]],
            ("action", "suivant"),
        ]
        saved = self.client.post(
            self.page,
            urlencode(fields),
            name="enregistrer une page",
            allow_redirects=False,
            headers=FORM,
        )
        following = saved.headers.get("Location") if saved.status_code == 302 else None
        self._show(following or self.page)

    def _show(self, url: str) -> None:
        self.page = url
        name = "récapitulatif" if url.endswith("/recapitulatif/") else "afficher une page"
        self.shown = self.client.get(url, name=name).text


def _plan() -> list[tuple[int, float, float]]:
    steps = []
    for item in os.environ.get("BENCH_PLAN", "").split(","):
        if item:
            users, ramp, hold = item.split(":")
            steps.append((int(users), float(ramp), float(hold)))
    return steps


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0


class Steps(LoadTestShape):
    """Each step: ramp to its user count evenly over its ramp time, then hold."""

    abstract = not os.environ.get("BENCH_PLAN")  # without steps: locust's -u, -r and -t

    def __init__(self) -> None:
        super().__init__()
        self.plan = _plan()
        self.current = -1
        self.holding = False

    def tick(self) -> tuple[int, float] | None:
        elapsed, previous = self.get_run_time(), 0
        for index, (users, ramp, hold) in enumerate(self.plan):
            if elapsed < ramp + hold:
                if index != self.current and not self._begin(index, users):
                    return None
                if elapsed >= ramp and not self.holding:
                    self.holding = True
                    del _window[:]  # the stop is judged on the hold, not on the arrivals
                return users, max((users - previous) / ramp, 1.0) if ramp else 1000.0
            elapsed -= ramp + hold
            previous = users
        _samples.flush()
        return None

    def _begin(self, index: int, users: int) -> bool:
        """Log the step's start; ``False`` when the step before was already too slow."""
        slow = STOP_MS and self.current >= 0 and _p99(_window) > STOP_MS
        del _window[:]
        self.current, self.holding = index, False
        if slow:
            _samples.flush()  # the run ends here: the last step's samples must reach the file
            return False
        _steplog.write(json.dumps({"step": index, "users": users, "start": time.time()}) + "\n")
        return True
