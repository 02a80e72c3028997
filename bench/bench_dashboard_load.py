"""100 concurrent readers of the public dashboard, against the bare view as ceiling.

Starts a throwaway PostgreSQL cluster, migrates it, loads the demo campaign (waves 1 and 2
published with their final result sets, ``barometre.demo.load.load_demo``), serves the project
with gunicorn on 127.0.0.1 (3 workers on this 2-core machine), then:

1. one reader alone: each page type read 20 times in a row after a warm-up (server time as
   the client sees it, no queue) — a page above 200 ms here is a slow spot, not a load effect;
2. locust headless, 100 readers (``BENCH_USERS``) browsing the dashboard for ``BENCH_DURATION``
   (bench/locust_dashboard.py: weighted page types, 0.5–1.5 s between pages);
3. the bare health view under the same users, pauses and duration.

Reports p50/p95/p99, requests per second, failures (any 4xx/5xx) and the ratio to the bare view
per page type, with the CPU time per request of gunicorn, PostgreSQL and locust (psutil,
getrusage) and the load average: on a shared machine the CPU per request holds when the
latencies do not.

The API's per-address rate limit is raised for the run: every simulated reader comes from
127.0.0.1, so the limit (its job) would otherwise answer 429 to most of them.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
from loadkit import WORKERS, free_port, run_locust, serve

ROOT = Path(__file__).resolve().parents[1]
USERS = int(os.environ.get("BENCH_USERS", "100"))
DURATION = os.environ.get("BENCH_DURATION", "60s")
ALONE_RUNS = 20
DRAIN_SECONDS = 10
BARE = "vue nue /sante/"


def _cpu_seconds(root: psutil.Process) -> float:
    """User + system CPU time of a process tree (exited children waited for included)."""
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def _postmaster(cluster: Any) -> psutil.Process:
    data = str(cluster.directory / "data")
    for process in psutil.process_iter(["cmdline"]):
        if data in (process.info["cmdline"] or []) and "postgres" in process.name():
            return process
    raise SystemExit("PostgreSQL introuvable.")


def _locust_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Budget:
    """CPU seconds spent by gunicorn, PostgreSQL and locust between two readings."""

    def __init__(self, server: subprocess.Popen[bytes], cluster: Any) -> None:
        self.roots = {"gunicorn": psutil.Process(server.pid), "PostgreSQL": _postmaster(cluster)}

    def read(self) -> dict[str, float]:
        found = {name: _cpu_seconds(root) for name, root in self.roots.items()}
        return found | {"locust": _locust_seconds()}


def _prepare(directory: Path) -> tuple[Any, dict[str, str], list[dict[str, Any]]]:
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import start_cluster  # noqa: PLC0415

    cluster = start_cluster()
    environ = {
        "DATABASE_URL": cluster.url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BAROMETRE_API_REQUESTS_PER_MINUTE": "1000000",
    }
    os.environ.update(environ)
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from barometre.demo.load import load_demo  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo(progress=lambda _message: None)
    print(f"<!-- load_demo : {time.perf_counter() - started:.1f} s -->", flush=True)
    waves = _readable()
    (directory / "dashboard.json").write_text(json.dumps(waves), encoding="utf-8")
    return cluster, environ | {"BENCH_DASHBOARD": str(directory / "dashboard.json")}, waves


def _readable() -> list[dict[str, Any]]:
    """What a reader can open: each published wave, its themes, régions and indicators."""
    from barometre.results.models import ResultEstimate  # noqa: PLC0415
    from barometre.www.dashboard.query import published, themes  # noqa: PLC0415

    waves = []
    for item in published():
        found = ResultEstimate.objects.filter(result_set=item.result_set)
        waves.append(
            {
                "id": item.wave.pk,
                "themes": [theme.key for theme in themes(item)],
                "regions": sorted(
                    set(found.filter(domain="region").values_list("level", flat=True)) - {""}
                ),
                "indicators": sorted(set(found.values_list("indicator_id", flat=True))),
            }
        )
    return waves


def _samples(wave: dict[str, Any]) -> dict[str, str]:
    """One URL per page type (as named in locust_dashboard.py), for the reader alone."""
    wid, theme, region = wave["id"], wave["themes"][0], wave["regions"][0]
    return {
        "/resultats/": "/resultats/",
        "/resultats/[vague]/": f"/resultats/{wid}/",
        "/resultats/[vague]/[thème]/": f"/resultats/{wid}/{theme}/",
        "/resultats/[vague]/[thème]/?ventilation=…": (
            f"/resultats/{wid}/{theme}/?ventilation=departement"
        ),
        "/resultats/[vague]/[thème]/?region=…": (
            f"/resultats/{wid}/{theme}/?region={region}&ventilation=type"
        ),
        "évolutions": f"/resultats/{wid}/evolution/",
        "carte d'un thème": f"/resultats/{wid}/{theme}/carte/?niveau=departement",
        "méthodologie": f"/resultats/{wid}/methodologie/",
        "infographie (HTML)": f"/resultats/{wid}/infographie/",
        "/api/v1/vagues": "/api/v1/vagues",
        "/api/v1/vagues/[id]/resultats?indicateur=…&domaine=region": (
            f"/api/v1/vagues/{wid}/resultats?indicateur={wave['indicators'][0]}&domaine=region"
        ),
        "/api/v1/vagues/[id]/resultats?format=csv (tout)": (
            f"/api/v1/vagues/{wid}/resultats?format=csv"
        ),
        BARE: "/sante/",
    }


def _alone(
    budget: Budget, port: int, wave: dict[str, Any]
) -> dict[str, tuple[float, float, float, int]]:
    """Median and p95 (ms), server CPU per request (ms) and size (bytes), one at a time."""
    measured = {}
    for name, url in _samples(wave).items():
        for _ in range(WORKERS * 3):  # warm every worker first
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=60) as reply:
                reply.read()
        times, size = [], 0
        cpu = budget.read()["gunicorn"]
        for _ in range(ALONE_RUNS):
            started = time.perf_counter()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=60) as reply:
                size = len(reply.read())
            times.append(1000 * (time.perf_counter() - started))
        cpu = 1000 * (budget.read()["gunicorn"] - cpu) / ALONE_RUNS
        cut = statistics.quantiles(times, n=20)
        measured[name] = (statistics.median(times), cut[18], cpu, size)
    return measured


def _locust(
    budget: Budget, environ: dict[str, str], port: int, prefix: Path, target: str
) -> tuple[list[dict[str, str]], str]:
    """Locust's statistics, and the CPU per request and load average of the run."""
    before, load = budget.read(), os.getloadavg()[0]
    run = {**environ, "BENCH_TARGET": target, "users": str(USERS), "duration": DURATION}
    stats = run_locust("locust_dashboard.py", run, port, prefix)
    with Path(f"{prefix}_failures.csv").open(encoding="utf-8") as handle:
        for failure in csv.DictReader(handle):
            print(f"<!-- échec : {failure} -->", flush=True)
    after = budget.read()
    requests = max(int(next(r for r in stats if r["Name"] == "Aggregated")["Request Count"]), 1)
    spent = ", ".join(
        f"{name} {1000 * (after[name] - before[name]) / requests:.1f}" for name in after
    )
    seconds = sum(after.values()) - sum(before.values())
    note = (
        f"CPU par requête (ms) : {spent} ; en tout {seconds:.0f} s de CPU ; charge moyenne "
        f"(1 min) {load:.1f} au début, {os.getloadavg()[0]:.1f} à la fin"
    )
    return stats, note


def _report(
    alone: dict[str, tuple[float, float, float, int]],
    readers: tuple[list[dict[str, str]], str],
    bare: tuple[list[dict[str, str]], str],
) -> None:
    print("## Tableau de bord public : charge de 100 lecteurs simultanés\n")
    print(
        f"gunicorn ({WORKERS} processus) et PostgreSQL 15 sur la même machine (2 cœurs) que "
        f"locust (sans interface), {USERS} lecteurs pendant {DURATION} par scénario, "
        "0,5 à 1,5 s entre deux pages ; temps en millisecondes.\n"
    )
    print(
        f"Un lecteur seul (médiane et p95 de {ALONE_RUNS} lectures à la suite, après chauffe ; "
        "CPU = temps processeur de gunicorn par requête) :\n"
    )
    print("| page | médiane | p95 | CPU | taille (Ko) |")
    print("|---|---:|---:|---:|---:|")
    for name, (median, p95, cpu, size) in alone.items():
        print(f"| {name} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {size / 1024:.0f} |")
    ceiling = next(row for row in bare[0] if row["Name"] == BARE)
    print("\nSous charge, puis la vue nue sous les mêmes lecteurs :\n")
    print(
        "| requête | requêtes | échecs | p50 | p95 | p99 | requêtes/s "
        "| p50 / vue nue | p95 / vue nue |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    order = list(alone)  # the page types in reading order, then the whole scenario
    ranked = sorted(
        readers[0], key=lambda row: order.index(row["Name"]) if row["Name"] in order else 99
    )
    for row in [*ranked, ceiling]:
        name = "ensemble du scénario" if row["Name"] == "Aggregated" else row["Name"]
        p50_ratio = float(row["50%"]) / max(float(ceiling["50%"]), 1.0)
        p95_ratio = float(row["95%"]) / max(float(ceiling["95%"]), 1.0)
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
            f"{row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} | "
            f"{p50_ratio:.0f}× | {p95_ratio:.0f}× |"
        )
    total = next(row for row in readers[0] if row["Name"] == "Aggregated")
    throughput = float(total["Requests/s"]) / float(ceiling["Requests/s"])
    print(
        f"\nDébit du scénario / débit de la vue nue : {throughput:.2f}×. "
        f"Échecs : {total['Failure Count']}.\n"
    )
    print(f"- lecteurs : {readers[1]} ;")
    print(f"- vue nue : {bare[1]}.")


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        cluster, environ, waves = _prepare(directory)
        port = free_port()
        server = serve(environ, port)
        budget = Budget(server, cluster)
        try:
            alone = _alone(budget, port, waves[0])
            readers = _locust(budget, environ, port, directory / "readers", "readers")
            time.sleep(DRAIN_SECONDS)  # the readers' last queued requests, before the ceiling
            bare = _locust(budget, environ, port, directory / "bare", "bare")
        finally:
            server.terminate()
            server.wait(timeout=30)
            cluster.stop()
    _report(alone, readers, bare)


if __name__ == "__main__":
    main()
