"""PostgreSQL's own tools (pg_dump, pg_restore), found as the test fixtures find initdb."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

from barometre.operations.errors import OperationError

TIMEOUT = 6 * 3600


def _candidates() -> list[Path]:
    found = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(  # noqa: S603 - an argument list, no shell
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        found.append(Path(result.stdout.strip()))
    found.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
    return found


def _major(tool: Path) -> int:
    command = [str(tool), "--version"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - no shell
    match = re.search(r"\) (\d+)", result.stdout)
    return int(match.group(1)) if match else 0


def tool(name: str, connection: BaseDatabaseWrapper) -> tuple[Path, str]:
    """``pg_dump`` or ``pg_restore`` of the server's major version (or newer), and its version."""
    server = connection.pg_version // 10000  # type: ignore[attr-defined]
    usable = [
        (major, path)
        for path in (directory / name for directory in _candidates())
        if path.exists() and (major := _major(path)) >= server
    ]
    if not usable:
        raise OperationError(
            f"{name} (PostgreSQL {server} ou plus récent) est introuvable : installez le paquet "
            "postgresql-client de cette version."
        )
    major, path = min(usable, key=lambda pair: (pair[0] != server, pair[0]))
    return path, f"{name} {major}"


def connection_arguments(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """The command-line options and environment (password) that reach ``connection``'s database."""
    settings = connection.settings_dict
    arguments = [f"--dbname={settings['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments.append(f"{option}={settings[key]}")
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return arguments, environment


def run(command: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - an argument list built here, no shell
        command, env=environment, capture_output=True, text=True, check=False, timeout=TIMEOUT
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["sans message"]
        raise OperationError(f"{what} a échoué : {detail[0]}")
