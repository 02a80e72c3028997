"""A throwaway PostgreSQL cluster for the tests: initdb, start on a free port, stop, delete.

``initdb`` refuses to run as root, so as root (CI) the cluster is created and run by the
``postgres`` system user, in a temporary directory that user owns.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailableError(RuntimeError):
    pass


@dataclass
class Cluster:
    directory: Path
    port: int
    as_user: str | None
    bindir: Path
    options: str = ""

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self.crash()
        shutil.rmtree(self.directory, ignore_errors=True)

    def crash(self) -> None:
        """Stop PostgreSQL abruptly (``immediate``: no checkpoint, recovery at the next start)."""
        self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", "immediate", "stop")

    def start(self) -> None:
        """Start the cluster (again), waiting until it accepts connections."""
        data, log = str(self.directory / "data"), str(self.directory / "log")
        self._run("pg_ctl", "-D", data, "-o", self.options, "-l", log, "-w", "start")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def _bindir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidate = Path(found.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    raise PostgresUnavailableError(
        "PostgreSQL (initdb) est introuvable : installez le paquet postgresql (voir .ci/run)."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_cluster() -> Cluster:
    bindir = _bindir()
    as_user = "postgres" if os.geteuid() == 0 else None
    directory = Path(tempfile.mkdtemp(prefix="barometre-pg-"))
    if as_user:
        shutil.chown(directory, user=as_user)
    port = _free_port()
    options = (
        f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    cluster = Cluster(directory, port, as_user, bindir, options)
    data = str(directory / "data")
    cluster._run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
    cluster.start()
    return cluster
