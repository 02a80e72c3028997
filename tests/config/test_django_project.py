"""The Django project starts: checks pass, production settings are safe, migrations apply."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Set by the browser fixture in this process; a deployment must never carry it.
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SECRET_KEY", "BAROMETRE_SITE_URL"}


def clean_environ(**environ: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return {**base, **environ}


def manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_environ(**environ),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_system_checks_pass_in_development() -> None:
    result = manage("check", DJANGO_SETTINGS_MODULE="config.settings.dev")
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_checks() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY="x" * 64 + "-production-grade-secret-for-the-check",
        DATABASE_URL="postgresql://app@localhost:5432/barometre",
        DJANGO_ALLOWED_HOSTS="barometre.example",
        BAROMETRE_SITE_URL="https://barometre.example",
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", DJANGO_SETTINGS_MODULE="config.settings.prod")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY est obligatoire" in result.stderr


@pytest.mark.django_db
def test_migrations_apply_to_the_test_database() -> None:
    tables = set(connection.introspection.table_names())
    assert {"auth_user", "django_session", "django_migrations"} <= tables


@pytest.mark.django_db
@pytest.mark.postgres
def test_postgres_run_really_uses_postgresql() -> None:
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000


def test_production_refuses_to_start_without_the_site_address() -> None:
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY="x" * 64,
        DATABASE_URL="postgresql://app@localhost:5432/barometre",
        DJANGO_ALLOWED_HOSTS="barometre.example",
    )
    assert result.returncode != 0
    assert "BAROMETRE_SITE_URL est obligatoire" in result.stderr
