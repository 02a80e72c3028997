"""Server time of the questionnaire: render a page and save a page, on PostgreSQL.

A throwaway PostgreSQL cluster is started (as for the tests), migrated, and a wave-1 library
questionnaire opened for one authority. Django's test client then times, in process, 300
renders and 300 saves of the questionnaire's second page (each save with its own key and the
current page revision, as the browser sends them), next to a bare Django view returning a
constant on the same server: the ceiling of the framework itself.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 300


def _setup() -> object:
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import start_cluster  # noqa: PLC0415

    cluster = start_cluster()
    os.environ["DATABASE_URL"] = cluster.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"  # no test-environment instrumentation
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    return cluster


def _timings(action: Callable[[], object]) -> list[float]:
    values = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return values


def _describe(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    cluster = _setup()
    try:
        _measure()
    finally:
        cluster.stop()  # type: ignore[attr-defined]


def _measure() -> None:
    from django.http import HttpResponse  # noqa: PLC0415
    from django.test import Client, override_settings  # noqa: PLC0415
    from django.urls import include, path  # noqa: PLC0415

    from barometre.campaigns import flows as campaign_flows  # noqa: PLC0415
    from barometre.collection.links import enrol, issue_link  # noqa: PLC0415
    from barometre.questionnaire.library import load_library  # noqa: PLC0415

    questionnaire = load_library()["cybersecurite"]
    campaign = campaign_flows.create_campaign_from_library(
        "Mesure", "mesure", 2026, [(1, dt.date(2026, 1, 1), dt.date(2026, 3, 1), (questionnaire,))]
    )
    wave = campaign_flows.transition(campaign.waves.get(), "open")
    respondent = enrol("42218", "mesure@saint-etienne.fr", "agent")
    client = Client()
    client.post(f"/connexion/{issue_link(respondent)}/")
    client.post(f"/repondre/{wave.pk}/{questionnaire.id}/commencer/")
    section = questionnaire.sections[1]
    url = f"/repondre/{wave.pk}/{questionnaire.id}/{section.id}/"
    answers = {section.question_ids[0]: "non"}

    def save() -> None:
        html = client.get(url).content.decode()
        key = re.search(r'name="cle" value="([0-9a-f]+)"', html)
        revision = re.search(r'name="revision" value="(\d+)"', html)
        if key is None or revision is None:
            raise SystemExit("La page du questionnaire n'a pas de clé ni de révision.")
        started = time.perf_counter()
        response = client.post(url, {**answers, "cle": key[1], "revision": revision[1]})
        save_times.append((time.perf_counter() - started) * 1000)
        if response.status_code not in (302, 422):
            raise SystemExit(f"Enregistrement refusé : {response.status_code}")

    bare_urls = type(
        "urls",
        (),
        {
            "urlpatterns": [
                path("nu/", lambda _request: HttpResponse("ok")),
                path("", include("config.urls")),
            ]
        },
    )
    save_times: list[float] = []
    with override_settings(ROOT_URLCONF=bare_urls):
        bare = _timings(lambda: client.get("/nu/"))
        render = _timings(lambda: client.get(url))
        for _ in range(ROUNDS):
            save()
    print("## Collecte : temps serveur d'une page du questionnaire\n")
    print(
        f"PostgreSQL 15 (grappe jetable), client de test Django en processus, {ROUNDS} "
        f"mesures ; page « {section.title.get('fr')} » du questionnaire {questionnaire.id}.\n"
    )
    print("| requête | médiane (ms) | p95 (ms) | ratio médiane / vue nue |")
    print("|---|---:|---:|---:|")
    bare_median, _ = _describe(bare)
    for name, values in (
        ("vue Django nue (plafond)", bare),
        ("afficher une page", render),
        ("enregistrer une page", save_times),
    ):
        median, p95 = _describe(values)
        print(f"| {name} | {median:.2f} | {p95:.2f} | {median / bare_median:.1f}× |")


if __name__ == "__main__":
    main()
