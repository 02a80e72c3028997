"""Production caches in the database: every worker sees the same API rate-limit counter."""

from __future__ import annotations

import importlib

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings

from tests.config.test_django_project import manage

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "barometre_cache",
    }
}
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DJANGO_SECRET_KEY": "x" * 64 + "-production-grade-secret-for-the-check",
    "DATABASE_URL": "postgresql://app@localhost:5432/barometre",
    "DJANGO_ALLOWED_HOSTS": "barometre.example",
    "BAROMETRE_SITE_URL": "https://barometre.example",
}


def test_production_settings_use_the_database_cache() -> None:
    shown = "from django.conf import settings; print(settings.CACHES['default'])"
    result = manage("shell", "-c", shown, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "DatabaseCache" in result.stdout
    assert "barometre_cache" in result.stdout


@pytest.mark.django_db
@pytest.mark.postgres
@override_settings(CACHES=DATABASE_CACHE, API_REQUESTS_PER_MINUTE=2)
def test_the_migration_creates_the_table_and_the_limit_counts_in_it() -> None:
    migration = importlib.import_module("barometre.accounts.migrations.0002_cache_table")
    migration.create_cache_tables(None, connection.schema_editor())
    assert "barometre_cache" in connection.introspection.table_names()
    caches["default"].clear()
    codes = [Client().get("/api/v1/vagues").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM barometre_cache")
        assert cursor.fetchone()[0] >= 1  # the counter lives in the shared table
