"""Load test of the public dashboard: readers browse the published results, like people do.

Run by bench/bench_dashboard_load.py, which loads the demo campaign (published waves with final
result sets) and writes ``BENCH_DASHBOARD``, a JSON file describing what can be read:
``[{"id": wave, "themes": [...], "regions": [...], "indicators": [...]}, ...]``.
``BENCH_TARGET=bare`` loads the bare health view instead, the ceiling to compare with.

Each task is one page; the weights say what a reader does most: the results home and a theme
page first, a breakdown or a filter on a theme, less often the wave page, the changes since an
earlier edition, a theme's map, the methodology note, the infographic, and the API (a re-user
rather than a reader). Every 4xx/5xx is a failure.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

WAVES: list[dict[str, Any]] = json.loads(
    open(os.environ["BENCH_DASHBOARD"], encoding="utf-8").read()  # noqa: PTH123, SIM115
)
BARE = os.environ.get("BENCH_TARGET") == "bare"
#: The theme page's « ventiler par » values other than the default (région).
BREAKDOWNS = ("departement", "type", "stratum", "role")


class Reader(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.rng = random.Random()  # which page to read next, not a secret

    def _wave(self) -> dict[str, Any]:
        return self.rng.choice(WAVES)

    def _theme(self) -> tuple[dict[str, Any], str]:
        wave = self._wave()
        return wave, self.rng.choice(wave["themes"])

    def _get(self, url: str, name: str) -> None:
        if BARE:  # same users, same pauses, same number of requests: only the page changes
            self.client.get("/sante/", name="vue nue /sante/")
        else:
            self.client.get(url, name=name)

    @task(3)
    def results_home(self) -> None:
        self._get("/resultats/", "/resultats/")

    @task(2)
    def wave_page(self) -> None:
        self._get(f"/resultats/{self._wave()['id']}/", "/resultats/[vague]/")

    @task(5)
    def theme_page(self) -> None:
        wave, theme = self._theme()
        self._get(f"/resultats/{wave['id']}/{theme}/", "/resultats/[vague]/[thème]/")

    @task(3)
    def theme_breakdown(self) -> None:
        wave, theme = self._theme()
        breakdown = self.rng.choice(BREAKDOWNS)
        self._get(
            f"/resultats/{wave['id']}/{theme}/?ventilation={breakdown}",
            "/resultats/[vague]/[thème]/?ventilation=…",
        )

    @task(2)
    def theme_filtered(self) -> None:
        wave, theme = self._theme()
        region = self.rng.choice(wave["regions"])
        self._get(
            f"/resultats/{wave['id']}/{theme}/?region={region}&ventilation=type",
            "/resultats/[vague]/[thème]/?region=…",
        )

    @task(1)
    def changes(self) -> None:
        self._get(f"/resultats/{self._wave()['id']}/evolution/", "évolutions")

    @task(1)
    def indicator_map(self) -> None:
        wave, theme = self._theme()
        level = self.rng.choice(("region", "departement"))
        self._get(f"/resultats/{wave['id']}/{theme}/carte/?niveau={level}", "carte d'un thème")

    @task(1)
    def methodology(self) -> None:
        self._get(f"/resultats/{self._wave()['id']}/methodologie/", "méthodologie")

    @task(1)
    def infographic(self) -> None:
        self._get(f"/resultats/{self._wave()['id']}/infographie/", "infographie (HTML)")

    @task(1)
    def api_waves(self) -> None:
        self._get("/api/v1/vagues", "/api/v1/vagues")

    @task(1)
    def api_results(self) -> None:
        wave = self._wave()
        indicator = self.rng.choice(wave["indicators"])
        self._get(
            f"/api/v1/vagues/{wave['id']}/resultats?indicateur={indicator}&domaine=region",
            "/api/v1/vagues/[id]/resultats?indicateur=…&domaine=region",
        )

    @task(1)
    def api_results_csv(self) -> None:
        self._get(
            f"/api/v1/vagues/{self._wave()['id']}/resultats?format=csv",
            "/api/v1/vagues/[id]/resultats?format=csv (tout)",
        )
