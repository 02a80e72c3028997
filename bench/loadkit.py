"""What the two load benchmarks share: a free port and gunicorn serving the project."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 3  # on this 2-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(environ: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """gunicorn on 127.0.0.1:``port``, returned once ``/sante/`` answers."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi:application",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **environ},
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=5):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn n'a pas démarré.")


def run_locust(
    locustfile: str, run: dict[str, str], port: int, prefix: Path
) -> list[dict[str, str]]:
    """Locust headless against 127.0.0.1:``port``; its per-request statistics (CSV rows).

    ``run`` holds the environment (``BENCH_TARGET`` and the like) plus ``users`` and
    ``duration``.
    """
    settings = dict(run)
    users, duration = settings.pop("users"), settings.pop("duration")
    locust = Path(sys.executable).parent / "locust"
    subprocess.run(
        [
            str(locust),
            "-f",
            str(ROOT / "bench" / locustfile),
            "--headless",
            "-u",
            users,
            "-r",
            "25",
            "-t",
            duration,
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env={**os.environ, **settings},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
