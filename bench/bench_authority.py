"""Server time of an authority's public page, next to the home search and a bare view.

The same throwaway SQLite database and synthetic wave 1 as ``bench_reports`` (about 1,000
authorities, three questionnaires), final result set built, wave published. Django's test
client (anonymous) then times in process:

- the first authority page after the build (it reads and checks the answers frozen with the
  result set, kept in memory for the next pages of the same set);
- the pages of other authorities afterwards, and the same page again;
- the home search « st etienne » (where the page is reached from) and a bare Django view.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROUNDS = 100
OTHERS = 40


def main() -> None:
    sys.path.insert(0, str(HERE))
    import bench_reports  # noqa: PLC0415 - the same wave, timer and table as the reports bench
    import bench_results  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as directory:
        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"  # no test-environment instrumentation
        bench_results.setup_django(Path(directory))
        _measure(bench_reports, bench_reports._published_wave())  # noqa: SLF001 - shared bench helper


def _measure(reports: Any, wave: Any) -> None:
    from django.http import HttpResponse  # noqa: PLC0415
    from django.test import Client, override_settings  # noqa: PLC0415
    from django.urls import include, path  # noqa: PLC0415

    from barometre.collection.models import Response  # noqa: PLC0415

    authorities = sorted(
        set(Response.objects.filter(wave=wave).values_list("authority_id", flat=True))
    )
    first, *others = authorities[:: max(1, len(authorities) // (OTHERS + 1))]
    client = Client()
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
    url = f"/collectivites/{first}/"
    timed = reports._timed  # noqa: SLF001 - shared bench helper
    with override_settings(ROOT_URLCONF=bare_urls):
        cold = timed(lambda: client.get(url))
        other = [timed(lambda a=a: client.get(f"/collectivites/{a}/")) for a in others[:OTHERS]]
        again = [timed(lambda: client.get(url)) for _ in range(ROUNDS)]
        search = [timed(lambda: client.get("/", {"q": "st etienne"})) for _ in range(ROUNDS)]
        bare = [timed(lambda: client.get("/nu/")) for _ in range(ROUNDS)]
    size = len(client.get(url).content)
    rows = (
        ("vue Django nue (plafond)", bare),
        ("accueil, recherche « st etienne »", search),
        ("première page de collectivité (lecture des réponses figées)", [cold]),
        ("pages d'autres collectivités ensuite", other),
        ("la même page, relue", again),
    )
    print("## Page publique d'une collectivité : temps serveur\n")
    print(
        f"`python bench/run.py authority` — vague 1 synthétique de `bench_reports` "
        f"({len(authorities)} collectivités, trois questionnaires) dans une base SQLite "
        f"jetable, vague publiée ; client de test Django en processus. Page de "
        f"{size // 1024} Kio.\n"
    )
    print("| requête | mesures | médiane (ms) | p95 (ms) | ratio médiane / vue nue |")
    print("|---|---:|---:|---:|---:|")
    bare_median = statistics.median(bare)
    for label, values in rows:
        median, p95 = reports._describe(values)  # noqa: SLF001 - shared bench helper
        ratio = f"{statistics.median(values) / bare_median:.0f}×"
        print(f"| {label} | {len(values)} | {median} | {p95} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
