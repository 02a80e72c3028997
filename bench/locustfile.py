"""Load test of the questionnaire: each simulated respondent logs in with its own one-time link,
starts its authority's response, then reads and saves questionnaire pages in a loop.

Run by bench/bench_load.py (which prepares the server, the respondents and their tokens);
``BENCH_TOKENS`` names a JSON file of ``[token, ...]`` and ``BENCH_WAVE`` the wave id.
``BENCH_TARGET=bare`` loads the bare health view instead, the ceiling to compare with.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading

from locust import HttpUser, between, task

TOKENS = json.loads(open(os.environ["BENCH_TOKENS"], encoding="utf-8").read())  # noqa: PTH123, SIM115
WAVE = os.environ.get("BENCH_WAVE", "1")
QUESTIONNAIRE = os.environ.get("BENCH_QUESTIONNAIRE", "cybersecurite")
PAGE = os.environ.get("BENCH_PAGE", "incidents")
QUESTION = os.environ.get("BENCH_QUESTION", "cyb_victime_3ans")
BARE = os.environ.get("BENCH_TARGET") == "bare"
_counter = itertools.count()
_lock = threading.Lock()
_KEY = re.compile(r'name="cle" value="([0-9a-f]+)"')
_REVISION = re.compile(r'name="revision" value="(\d+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Respondent(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        if BARE:
            return
        with _lock:
            token = TOKENS[next(_counter) % len(TOKENS)]
        page = self.client.get(f"/connexion/{token}/", name="/connexion/[jeton]/")
        csrf = _CSRF.search(page.text)
        self.client.post(
            f"/connexion/{token}/",
            {"csrfmiddlewaretoken": csrf[1] if csrf else ""},
            name="/connexion/[jeton]/",
        )
        home = self.client.get("/repondre/")
        csrf = _CSRF.search(home.text)
        self.client.post(
            f"/repondre/{WAVE}/{QUESTIONNAIRE}/commencer/",
            {"csrfmiddlewaretoken": csrf[1] if csrf else ""},
            name="commencer",
        )

    @task
    def answer_a_page(self) -> None:
        if BARE:
            self.client.get("/sante/", name="vue nue /sante/")
            return
        url = f"/repondre/{WAVE}/{QUESTIONNAIRE}/{PAGE}/"
        page = self.client.get(url, name="afficher une page")
        key, revision, csrf = (
            _KEY.search(page.text),
            _REVISION.search(page.text),
            _CSRF.search(page.text),
        )
        if not (key and revision and csrf):
            return
        data = {
            "csrfmiddlewaretoken": csrf[1],
            "cle": key[1],
            "revision": revision[1],
            QUESTION: "non",
            "action": "quitter",
        }
        self.client.post(url, data, name="enregistrer une page", allow_redirects=False)
