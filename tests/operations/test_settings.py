"""The retention periods and file locations come from the environment, through config.env."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import env


def test_the_periods_have_documented_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONTACTS", "RESPONDENTS", "LOGIN_LINKS", "ACCESS_REQUESTS", "LOGS"):
        monkeypatch.delenv(f"BAROMETRE_RETENTION_{name}_DAYS", raising=False)
    assert env.retention() == env.Retention(
        contacts=730, respondents=1095, login_links=30, access_requests=180, logs=365
    )
    documented = (Path(env.BASE_DIR) / "docs" / "operations.md").read_text(encoding="utf-8")
    for name, days in (("CONTACTS", 730), ("RESPONDENTS", 1095), ("LOGS", 365)):
        assert f"BAROMETRE_RETENTION_{name}_DAYS" in documented
        assert f"{days}" in documented


def test_a_period_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAROMETRE_RETENTION_LOGS_DAYS", "90")
    assert env.retention().logs == 90


@pytest.mark.parametrize("raw", ["0", "-3", "un an"])
def test_a_bad_period_is_refused_in_french(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("BAROMETRE_RETENTION_CONTACTS_DAYS", raw)
    with pytest.raises(env.ConfigurationError, match="doit être un entier positif"):
        env.retention()


def test_a_relative_directory_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAROMETRE_BACKUP_ROOT", "sauvegardes")
    with pytest.raises(env.ConfigurationError, match="chemin absolu"):
        env.path("BAROMETRE_BACKUP_ROOT", Path("/tmp"))  # noqa: S108 - never written
