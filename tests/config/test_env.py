"""The environment is read in one place, with French errors for bad values."""

from __future__ import annotations

import pytest

from config import env


def test_sqlite_url_is_parsed() -> None:
    database = env.database(default="sqlite:////srv/barometre/x.sqlite3")
    assert database.engine == "django.db.backends.sqlite3"
    assert database.name == "/srv/barometre/x.sqlite3"


def test_postgres_url_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:s%40cret@db.internal:5433/barometre")
    database = env.database()
    assert (database.user, database.password, database.host, database.port, database.name) == (
        "app",
        "s@cret",
        "db.internal",
        "5433",
        "barometre",
    )


def test_unknown_database_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://x")
    with pytest.raises(env.ConfigurationError, match="sqlite:/// ou postgresql://"):
        env.database()


def test_missing_required_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(env.ConfigurationError, match="DJANGO_SECRET_KEY"):
        env.text("DJANGO_SECRET_KEY")


@pytest.mark.parametrize(("raw", "expected"), [("oui", True), ("0", False), ("TRUE", True)])
def test_flags_accept_french_and_english(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("X_FLAG", raw)
    assert env.flag("X_FLAG") is expected


def test_bad_flag_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "peut-être")
    with pytest.raises(env.ConfigurationError, match="X_FLAG"):
        env.flag("X_FLAG")


def test_trusted_proxies_are_addresses_or_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAROMETRE_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.4 ,::1")
    assert env.networks("BAROMETRE_TRUSTED_PROXIES") == ["10.0.0.0/8", "192.168.1.4", "::1"]
    monkeypatch.setenv("BAROMETRE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local")
    with pytest.raises(env.ConfigurationError, match=r"« proxy\.local » n'est ni une adresse IP"):
        env.networks("BAROMETRE_TRUSTED_PROXIES")
    monkeypatch.delenv("BAROMETRE_TRUSTED_PROXIES")
    assert env.networks("BAROMETRE_TRUSTED_PROXIES") == []


def test_admins_are_named_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAROMETRE_ADMINS", "Équipe du baromètre <equipe@barometre.fr>, dsi@x.fr")
    assert env.admins("BAROMETRE_ADMINS") == [
        ("Équipe du baromètre", "equipe@barometre.fr"),
        ("dsi@x.fr", "dsi@x.fr"),
    ]
    monkeypatch.setenv("BAROMETRE_ADMINS", "l'équipe")
    with pytest.raises(env.ConfigurationError, match="n'est pas une adresse électronique"):
        env.admins("BAROMETRE_ADMINS")
