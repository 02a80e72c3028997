"""Server time of « Votre restitution », next to a bare page, on the synthetic wave 1.

A throwaway SQLite database is migrated and the synthetic wave 1 of ``bench_results`` is
written into it (about 1,000 authorities, three questionnaires with their maturity model), its
final result set built and the wave published. Django's test client, logged in as one
authority's respondent, then times in process:

- the first report of the wave in this process (it scores every response of the wave and builds
  the weighted designs, kept for the next reports of the same result set);
- the report page of other authorities afterwards (each its own peer groups: some figures are
  computed, most are read from the memo);
- the same page for the same authority again (everything known: the page render itself);
- the respondent's home (« Mes questionnaires ») and a bare Django view returning a constant on
  the same server: the page the respondent comes from, and the ceiling of the framework.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROUNDS = 100
#: Authorities whose report is read once each after the first (each its own peer groups).
OTHERS = 40
SIZE = 1_050


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    response = action()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"La page répond {response.status_code} : {response.content[:300]!r}")
    return elapsed


def _describe(values: list[float]) -> tuple[str, str]:
    ordered = sorted(values)
    median = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{median:.1f}".replace(".", ","), f"{p95:.1f}".replace(".", ",")


def _published_wave() -> Any:
    sys.path.insert(0, str(HERE))
    import bench_results  # noqa: PLC0415 - the same synthetic wave as the results bench

    from barometre.campaigns import flows  # noqa: PLC0415
    from barometre.campaigns.models import WaveStatus  # noqa: PLC0415
    from barometre.referentiel import load_frame  # noqa: PLC0415
    from barometre.results.build import build_result_set  # noqa: PLC0415

    wave = bench_results.load_wave(SIZE)
    build_result_set(wave, "final", frame=load_frame())
    return flows.transition(wave, WaveStatus.PUBLISHED)


def _client_of(authority: str) -> Any:
    from django.test import Client  # noqa: PLC0415

    from barometre.collection.links import issue_link  # noqa: PLC0415
    from barometre.collection.models import Respondent  # noqa: PLC0415

    client = Client()
    respondent = Respondent.objects.filter(authority_id=authority).first()
    client.post(f"/connexion/{issue_link(respondent)}/")
    return client


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        sys.path.insert(0, str(HERE))
        import bench_results  # noqa: PLC0415

        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"  # no test-environment instrumentation
        bench_results.setup_django(Path(directory))
        _measure(_published_wave())


def _measure(wave: Any) -> None:
    from django.http import HttpResponse  # noqa: PLC0415
    from django.test import override_settings  # noqa: PLC0415
    from django.urls import include, path  # noqa: PLC0415

    from barometre.collection.models import Response  # noqa: PLC0415

    authorities = sorted(
        set(Response.objects.filter(wave=wave).values_list("authority_id", flat=True))
    )
    first, *others = authorities[:: max(1, len(authorities) // (OTHERS + 1))]
    client = _client_of(first)
    clients = [_client_of(a) for a in others[:OTHERS]]  # logged in before the clock runs
    url = f"/repondre/{wave.pk}/restitution/"
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
    with override_settings(ROOT_URLCONF=bare_urls):
        cold = _timed(lambda: client.get(url))
        other = [_timed(lambda c=c: c.get(url)) for c in clients]
        again = [_timed(lambda: client.get(url)) for _ in range(ROUNDS)]
        home = [_timed(lambda: client.get("/repondre/")) for _ in range(ROUNDS)]
        bare = [_timed(lambda: client.get("/nu/")) for _ in range(ROUNDS)]
    html = client.get(url).content.decode()
    rows = (
        ("vue Django nue (plafond)", bare),
        ("accueil du répondant « Mes questionnaires »", home),
        ("première restitution de la vague (notation, plans)", [cold]),
        ("restitution d'autres collectivités ensuite", other),
        ("la même restitution, relue", again),
    )
    _print(len(authorities), len(html), rows)


def _print(count: int, size: int, rows: tuple[tuple[str, list[float]], ...]) -> None:
    bare_median = statistics.median(rows[0][1])
    print("## Restitution : temps serveur de « Votre restitution »\n")
    print(
        f"`python bench/run.py reports` — vague 1 synthétique ({count} collectivités, trois "
        "questionnaires et leur modèle de maturité) dans une base SQLite jetable, résultats "
        "définitifs construits, vague publiée ; client de test Django en processus. Page de "
        f"{size // 1024} Kio. Mesuré le {dt.date.today().isoformat()} :\n"  # noqa: DTZ011
    )
    print("| requête | mesures | médiane (ms) | p95 (ms) | ratio médiane / vue nue |")
    print("|---|---:|---:|---:|---:|")
    for label, values in rows:
        median, p95 = _describe(values)
        ratio = f"{statistics.median(values) / bare_median:.0f}×"
        print(f"| {label} | {len(values)} | {median} | {p95} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
