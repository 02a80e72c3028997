"""One report as HTML and as PDF, then every report of a ~3,000-response wave as a batch.

A throwaway SQLite database holds the synthetic wave 1 of ``bench_results`` (1,050
respondents per questionnaire, three questionnaires with their maturity model: about 3,000
responses from about 1,000 authorities); its final result set is built (timed: the wave's
result-set build) and the wave published without the publication's jobs. Then, in process:

- a bare Django view (the framework's ceiling) and the report page of authorities read one
  after the other once the wave's scores are in memory (each its own peer groups);
- the PDF download of as many other authorities (built and printed, then kept);
- ``reports.batch.build_all`` of every authority of the wave, with ``BENCH_PROCESSES`` worker
  processes (2 by default), into an empty directory.
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
SIZE = int(os.environ.get("BENCH_REPORT_SIZE", "1050"))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "2"))
READS = 20


def _ms(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    response = action()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"La page répond {response.status_code} : {response.content[:300]!r}")
    return elapsed


def _fr(number: float, digits: int = 1) -> str:
    return f"{number:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        sys.path.insert(0, str(HERE))
        import bench_results  # noqa: PLC0415 - the same synthetic wave as the results bench

        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
        os.environ["BAROMETRE_RESTITUTION_ON_PUBLISH"] = "0"
        os.environ["BAROMETRE_RESTITUTIONS_ROOT"] = str(Path(directory) / "restitutions")
        bench_results.setup_django(Path(directory))
        _measure(bench_results)


def _published(bench_results: Any) -> tuple[Any, float]:
    from barometre.campaigns import flows  # noqa: PLC0415
    from barometre.campaigns.models import WaveStatus  # noqa: PLC0415
    from barometre.referentiel import load_frame  # noqa: PLC0415
    from barometre.results.build import build_result_set  # noqa: PLC0415

    wave = bench_results.load_wave(SIZE)
    started = time.perf_counter()
    build_result_set(wave, "final", frame=load_frame())
    built = time.perf_counter() - started
    return flows.transition(wave, WaveStatus.PUBLISHED), built


def _measure(bench_results: Any) -> None:
    from bench_reports import _client_of  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415
    from django.http import HttpResponse  # noqa: PLC0415
    from django.test import override_settings  # noqa: PLC0415
    from django.urls import include, path  # noqa: PLC0415

    from barometre.reports.batch import authorities, build_all  # noqa: PLC0415

    wave, result_set_build = _published(bench_results)
    units = authorities(wave)
    step = max(1, len(units) // (2 * READS + 1))
    chosen = units[::step][: 2 * READS + 1]
    warm, pages, pdfs = chosen[0], chosen[1 : READS + 1], chosen[READS + 1 :]
    bare_urls = type("urls", (), {"urlpatterns": [
        path("nu/", lambda _request: HttpResponse("ok")), path("", include("config.urls")),
    ]})  # fmt: skip
    with override_settings(ROOT_URLCONF=bare_urls):
        client = _client_of(warm)
        url = f"/repondre/{wave.pk}/restitution/"
        _ms(lambda: client.get(url))  # the wave's scores and designs, once per process
        bare = [_ms(lambda: client.get("/nu/")) for _ in range(100)]
        readers = [_client_of(u) for u in pages]  # logged in before the clock runs
        html = [_ms(lambda c=c: c.get(url)) for c in readers]
        _ms(lambda: client.get(f"{url[:-1]}.pdf"))  # WeasyPrint's first document: fonts, CSS
        downloaders = [_client_of(u) for u in pdfs]
        pdf = [_ms(lambda c=c: c.get(f"{url[:-1]}.pdf")) for c in downloaders]
    started = time.perf_counter()
    outcome = build_all(
        wave.pk, peers_minimum=settings.RESTITUTION_PEERS_MINIMUM, processes=PROCESSES
    )
    batch = time.perf_counter() - started
    _print(len(units), result_set_build, bare, html, pdf, batch, outcome)


def _print(  # noqa: PLR0917 - the figures of one table
    count: int,
    result_set_build: float,
    bare: list[float],
    html: list[float],
    pdf: list[float],
    batch: float,
    outcome: Any,
) -> None:
    bare_ms = statistics.median(bare)
    load = os.getloadavg()[0]
    print("## Restitution : une restitution en HTML et en PDF, toutes celles d'une vague\n")
    print(
        f"`python bench/run.py report_batch` — vague 1 synthétique ({SIZE} répondants par "
        f"questionnaire, trois questionnaires : {count} collectivités), SQLite jetable. Mesuré "
        f"le {dt.date.today().isoformat()}, charge {_fr(load)} sur {os.cpu_count()} cœurs :\n"  # noqa: DTZ011
    )
    print("| mesure | nombre | médiane | ratio / vue nue | ratio / jeu de résultats |")
    print("|---|---:|---:|---:|---:|")
    print(f"| vue Django nue | {len(bare)} | {_fr(bare_ms)} ms | 1× | |")
    for label, values in (
        ("restitution HTML (page)", html),
        ("restitution PDF (téléchargement)", pdf),
    ):
        median = statistics.median(values)
        print(
            f"| {label} | {len(values)} | {_fr(median)} ms | {_fr(median / bare_ms, 0)}× | "
            f"{_fr(median / 1000 / result_set_build, 3)}× |"
        )
    print(f"| jeu de résultats définitif de la vague | 1 | {_fr(result_set_build)} s | | 1× |")
    print(
        f"| toutes les restitutions ({outcome.built} PDF, {PROCESSES} processus) | 1 | "
        f"{_fr(batch)} s ({_fr(1000 * batch / max(outcome.built, 1), 0)} ms par restitution) | "
        f"| {_fr(batch / result_set_build)}× |",
        flush=True,
    )


if __name__ == "__main__":
    main()
