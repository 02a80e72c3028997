"""Backups kept: every one of the last 30 days, then the newest of each week for a year."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from pathlib import Path

import pytest
from django.core.management import call_command

from barometre.operations.rotation import prune, taken_at, to_remove

NOW = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)


def daily_archives(days: int) -> list[Path]:
    return [
        Path(f"barometre-sauvegarde-{NOW - dt.timedelta(days=day):%Y%m%dT%H%M%S}Z.tar")
        for day in range(days)
    ]


def test_two_years_of_daily_backups_keep_30_days_then_one_a_week_for_a_year() -> None:
    archives = daily_archives(730)
    removed = set(to_remove(archives, NOW, daily_days=30, weekly_days=365))
    kept = sorted((taken_at(path) for path in set(archives) - removed), reverse=True)
    assert all(when is not None for when in kept)
    ages = [(NOW - when).days for when in kept if when is not None]
    assert ages[:31] == list(range(31))  # every day of the last 30 days
    assert max(ages) <= 365
    weekly = ages[31:]
    assert all(later - earlier == 7 for earlier, later in itertools.pairwise(weekly))
    assert 48 <= len(weekly) <= 49
    assert len(kept) == len(archives) - len(removed) < 85


def test_the_newest_archive_is_kept_however_old() -> None:
    old = [Path("barometre-sauvegarde-20200101T000000Z.tar")]
    assert to_remove(old, NOW, daily_days=30, weekly_days=365) == []


def test_pruning_deletes_only_our_archives(tmp_path: Path) -> None:
    for path in daily_archives(400):
        (tmp_path / path.name).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    gone = prune(tmp_path, NOW, daily_days=30, weekly_days=365)
    assert len(gone) == 400 - len(list(tmp_path.glob("*.tar")))
    assert (tmp_path / "notes.txt").exists()
    assert all(not path.exists() for path in gone)


@pytest.mark.django_db(transaction=True)
def test_backup_prune_says_what_it_removed(tmp_path: Path, settings: object) -> None:
    settings.OPENDATA_ROOT = tmp_path / "opendata"  # type: ignore[attr-defined]
    (tmp_path / "barometre-sauvegarde-20200101T000000Z.tar").write_bytes(b"")
    out = io.StringIO()
    call_command("backup", output=tmp_path, prune=True, stdout=out)
    assert "1 ancienne(s) sauvegarde(s) supprimée(s)" in out.getvalue()
    assert "supprimée : barometre-sauvegarde-20200101T000000Z.tar" in out.getvalue()
    assert len(list(tmp_path.glob("barometre-sauvegarde-*.tar"))) == 1
