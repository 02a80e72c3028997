"""How many respondents, reading like people, one 2-core machine serves at a p99 under 300 ms.

A throwaway PostgreSQL cluster, the production settings (plain-HTTP cookies on the loopback) and
gunicorn with the production configuration (config/gunicorn.py: its workers, its JSON access
log) serve a wave-1 questionnaire to ``max(STEPS)`` enrolled communes, each with its own
one-time link. Locust (one process, FastHttpUser, on the same machine) plays the respondents of
bench/locust_capacity.py: log in with the link, then one page read for 20–60 s and saved,
walking through the questionnaire. The user count goes up by steps; each step adds its new users
evenly over ``RAMP`` seconds (the mean think time: logins do not land at once), then holds
``HOLD`` seconds, and its figures are taken on the last ``WINDOW`` seconds of the hold (steady
state: every user is past its first page). For each step: page requests (shown and saved), their
p50/p95/p99, requests per second, failures, the load average and the CPU seconds of gunicorn,
PostgreSQL and locust. The run stops after the first step whose p99 passes ``STOP_MS``.

Then the zero-think-time throughput: ``FLAT_USERS`` respondents walking pages without pause,
and the bare health view ``/sante/`` under the same users, each for ``FLAT_SECONDS`` seconds —
the ratio of the two is what the application costs beyond Django itself.
"""

from __future__ import annotations

import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from loadkit import free_port, open_wave_for, page_answers, production_environ, serve

ROOT = Path(__file__).resolve().parents[1]
STEPS = [
    int(n) for n in os.environ.get("BENCH_STEPS", "250,500,1000,1500,2000,2729,3500").split(",")
]
RAMP = float(os.environ.get("BENCH_RAMP", "40"))
HOLD = float(os.environ.get("BENCH_HOLD", "80"))
WINDOW = float(os.environ.get("BENCH_WINDOW", "60"))
STOP_MS = float(os.environ.get("BENCH_STOP_MS", "1000"))
BAR_MS = 300.0
THINK = os.environ.get("BENCH_THINK", "20,60")  # seconds, read by the locustfile too
GUNICORN = os.environ.get("BENCH_GUNICORN", "")  # options beside config/gunicorn.py, e.g. -w 3
FLAT_USERS = int(os.environ.get("BENCH_FLAT_USERS", "20"))
FLAT_SECONDS = int(os.environ.get("BENCH_FLAT_SECONDS", "40"))
PAGES = frozenset({"afficher une page", "enregistrer une page", "récapitulatif"})
BARE = "vue nue /sante/"


def _cpu_seconds(root: psutil.Process) -> float:
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


@dataclass
class Meter:
    """Every 2 s: the load average and the CPU seconds of each part, while locust runs."""

    roots: dict[str, psutil.Process]
    readings: list[tuple[float, float, dict[str, float]]] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.done.is_set():
            cpu = {name: _cpu_seconds(root) for name, root in list(self.roots.items())}
            self.readings.append((time.time(), os.getloadavg()[0], cpu))
            self.done.wait(2.0)

    def between(self, start: float, end: float) -> tuple[float, dict[str, float]]:
        inside = [r for r in self.readings if start <= r[0] <= end]
        if len(inside) < 2:
            return 0.0, {}
        first, last = inside[0][2], inside[-1][2]
        spent = {name: last[name] - first[name] for name in first.keys() & last.keys()}
        return max(r[1] for r in inside), spent


def _prepare(directory: Path) -> tuple[Any, dict[str, str]]:
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import start_cluster  # noqa: PLC0415

    cluster = start_cluster()
    environ = production_environ(directory, cluster.url)
    sys.path.insert(0, str(directory))
    os.environ.update({k: v for k, v in environ.items() if k != "PYTHONPATH"})
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    wave, tokens = open_wave_for(max(STEPS) + FLAT_USERS)
    (directory / "tokens.json").write_text(json.dumps(tokens[: max(STEPS)]), encoding="utf-8")
    (directory / "flat.json").write_text(json.dumps(tokens[max(STEPS) :]), encoding="utf-8")
    (directory / "answers.json").write_text(json.dumps(page_answers()), encoding="utf-8")
    environ |= {
        "BENCH_TOKENS": str(directory / "tokens.json"),
        "BENCH_ANSWERS": str(directory / "answers.json"),
        "BENCH_WAVE": str(wave),
    }
    return cluster, environ


def _locust(environ: dict[str, str], port: int, meter: Meter, run: dict[str, str]) -> float:
    """Locust headless with ``run`` added to the environment; its CPU seconds."""
    locust = Path(sys.executable).parent / "locust"
    command = [
        str(locust),
        "-f",
        str(ROOT / "bench" / "locust_capacity.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--only-summary",
        "--loglevel",
        "ERROR",
    ]
    if "BENCH_PLAN" not in run:
        command += ["-u", run["users"], "-r", run["users"], "-t", f"{run['seconds']}s"]
    log = Path(run["BENCH_SAMPLES"]).with_suffix(".log")
    with log.open("wb") as errors:
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **environ, **run},
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        meter.roots["locust"] = psutil.Process(child.pid)
        child.wait()
        del meter.roots["locust"]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode not in (0, 1):  # 1: some request failed, which the figures say
        sys.stderr.write(log.read_text(encoding="utf-8")[-3000:])
        raise SystemExit(f"locust s'est arrêté (code {child.returncode}).")
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _samples(path: Path) -> list[tuple[float, str, float, int]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        when, name, ms, failed = json.loads(line)
        rows.append((float(when), str(name), float(ms), int(failed)))
    return rows


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@dataclass(frozen=True)
class Row:
    users: int
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    rate: float
    load: float
    cpu: dict[str, float]
    seconds: float

    @property
    def within(self) -> bool:
        return self.failures == 0 and self.p99 < BAR_MS


def _row(
    users: int, rows: list[tuple[float, str, float, int]], meter: Meter, start: float, end: float
) -> Row:
    inside = [r for r in rows if start <= r[0] < end and r[1] in PAGES]
    ordered = sorted(r[2] for r in inside)
    load, cpu = meter.between(start, end)
    return Row(
        users=users,
        requests=len(inside),
        failures=sum(r[3] for r in inside),
        p50=_percentile(ordered, 0.50),
        p95=_percentile(ordered, 0.95),
        p99=_percentile(ordered, 0.99),
        rate=len(inside) / (end - start),
        load=load,
        cpu=cpu,
        seconds=end - start,
    )


def _steps(
    environ: dict[str, str], port: int, meter: Meter, directory: Path
) -> tuple[list[Row], float]:
    plan = ",".join(f"{users}:{RAMP:g}:{HOLD:g}" for users in STEPS)
    run = {
        "BENCH_PLAN": plan,
        "BENCH_STOP_MS": f"{STOP_MS:g}",
        "BENCH_SAMPLES": str(directory / "steps.jsonl"),
        "BENCH_STEPLOG": str(directory / "steplog.jsonl"),
    }
    locust_cpu = _locust(environ, port, meter, run)
    samples = _samples(directory / "steps.jsonl")
    rows = []
    for line in (directory / "steplog.jsonl").read_text(encoding="utf-8").splitlines():
        step = json.loads(line)
        end = step["start"] + RAMP + HOLD
        if samples and samples[-1][0] < end - 1:
            break  # cut short: the run stopped during this step
        rows.append(_row(step["users"], samples, meter, end - WINDOW, end))
    return rows, locust_cpu


def _flat(environ: dict[str, str], port: int, meter: Meter, directory: Path, target: str) -> Row:
    prefix = directory / f"flat-{target}.jsonl"
    run = {
        "users": str(FLAT_USERS),
        "seconds": str(FLAT_SECONDS),
        "BENCH_THINK": "0",
        "BENCH_TARGET": target,
        "BENCH_TOKENS": str(directory / "flat.json"),
        "BENCH_SAMPLES": str(prefix),
        "BENCH_STEPLOG": str(directory / "flat-steplog.jsonl"),
    }
    started = time.time()
    _locust(environ, port, meter, run)
    samples = _samples(prefix)
    names = PAGES if target == "respondents" else {BARE}
    wanted = [r for r in samples if r[1] in names and r[0] >= started + 5]
    ordered = sorted(r[2] for r in wanted)
    span = (wanted[-1][0] - wanted[0][0]) if len(wanted) > 1 else 1.0
    load, cpu = meter.between(started + 5, started + 5 + span)
    return Row(
        FLAT_USERS,
        len(wanted),
        sum(r[3] for r in wanted),
        _percentile(ordered, 0.5),
        _percentile(ordered, 0.95),
        _percentile(ordered, 0.99),
        len(wanted) / span,
        load,
        cpu,
        span,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        cluster, environ = _prepare(directory)
        port = free_port()
        options = ("-c", str(ROOT / "config" / "gunicorn.py"), *shlex.split(GUNICORN))
        server = serve(environ, port, options)
        meter = Meter({"gunicorn": psutil.Process(server.pid), "PostgreSQL": _postmaster(cluster)})
        watcher = threading.Thread(target=meter.run, daemon=True)
        watcher.start()
        try:
            rows, locust_cpu = _steps(environ, port, meter, directory) if any(STEPS) else ([], 0.0)
            # counted once the load ran: with preload_app the master forks them after start-up
            workers = len(psutil.Process(server.pid).children())
            flat = {t: _flat(environ, port, meter, directory, t) for t in ("respondents", "bare")}
        finally:
            meter.done.set()
            server.terminate()
            server.wait(timeout=30)
            cluster.stop()
    _report(rows, flat, workers, locust_cpu)


def _per_request(row: Row) -> dict[str, float]:
    """CPU milliseconds per page request, by part (what the load average cannot blur)."""
    return {name: 1000 * seconds / max(row.requests, 1) for name, seconds in row.cpu.items()}


def _cpu_cells(row: Row) -> str:
    cost = _per_request(row)
    return " | ".join(f"{cost.get(part, 0):.1f}" for part in ("gunicorn", "PostgreSQL", "locust"))


def _report(rows: list[Row], flat: dict[str, Row], workers: int, locust_cpu: float) -> None:
    print("## Collecte : combien de répondants simultanés, au rythme de personnes\n")
    print(
        f"gunicorn (config/gunicorn.py {GUNICORN} : {workers} processus) et PostgreSQL "
        "jetable, réglages de production, locust (1 processus, FastHttpUser) sur la même "
        "machine de 2 cœurs. Chaque répondant se connecte par son lien puis lit une page "
        f"{THINK.replace(',', ' à ')} s (uniforme), l'enregistre (« Enregistrer et continuer ») "
        "et suit la redirection vers la suivante. Palier : arrivées étalées sur "
        f"{RAMP:g} s, puis {HOLD:g} s tenus ; mesure sur les {WINDOW:g} dernières secondes "
        "(pages affichées et enregistrées) ; temps en ms ; charge = plus haute charge moyenne "
        "sur 1 min pendant la mesure ; CPU en ms par requête.\n"
    )
    print(
        "| répondants | requêtes | p50 | p95 | p99 | requêtes/s | échecs | charge | "
        "CPU gunicorn | CPU PostgreSQL | CPU locust |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row.users} | {row.requests} | {row.p50:.0f} | {row.p95:.0f} | {row.p99:.0f} | "
            f"{row.rate:.1f} | {row.failures} | {row.load:.1f} | {_cpu_cells(row)} |"
        )
    best = max((row.users for row in rows if row.within), default=0)
    print(f"\n**{best} répondants simultanés à p99 < {BAR_MS:g} ms** (palier le plus haut tenu).")
    if rows:
        print(f"\nlocust : {locust_cpu:.0f} s de CPU sur l'ensemble des paliers.")
        _projection(rows)
    pages, bare = flat["respondents"], flat["bare"]
    print(
        f"\nSans temps de réflexion : {FLAT_USERS} utilisateurs pendant {FLAT_SECONDS} s "
        "(5 premières secondes écartées), même serveur.\n"
    )
    print(
        "| scénario | requêtes | p50 | p99 | requêtes/s | échecs | charge | CPU gunicorn | "
        "CPU PostgreSQL | CPU locust |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, row in (("pages de questionnaire", pages), (BARE, bare)):
        print(
            f"| {name} | {row.requests} | {row.p50:.0f} | {row.p99:.0f} | {row.rate:.1f} | "
            f"{row.failures} | {row.load:.1f} | {_cpu_cells(row)} |"
        )
    ratio = pages.rate / bare.rate if bare.rate else 0.0
    print(f"\nDébit des pages : {ratio:.2f}× celui de la vue nue.")


def _projection(rows: list[Row]) -> None:
    """What the CPU per request says of a machine of 2 cores that serves nothing else."""
    costs = [sum(_per_request(row).get(p, 0) for p in ("gunicorn", "PostgreSQL")) for row in rows]
    cost = statistics.median(costs)
    low, high = (float(x) for x in THINK.split(","))
    cycle = (low + high) / 2  # seconds between two saves of one respondent
    users = 0.7 * 2000 / (2 * cost) * cycle
    print(
        f"\nCPU du serveur (gunicorn + PostgreSQL) : {cost:.1f} ms par requête (médiane des "
        f"paliers), 2 requêtes par page enregistrée ; une machine de 2 cœurs qui ne sert que "
        f"cela, occupée à 70 %, tiendrait {users:.0f} répondants (une page toutes les "
        f"{cycle:g} s en moyenne)."
    )


if __name__ == "__main__":
    main()
