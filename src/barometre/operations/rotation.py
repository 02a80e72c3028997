"""Which backups to keep: every one of the last days, then the newest of each week for a year."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

NAME = re.compile(r"^barometre-sauvegarde-(\d{8}T\d{6})Z\.tar$")


def taken_at(path: Path) -> dt.datetime | None:
    """The instant in the archive's name (UTC), or None for a file that is not one of ours."""
    match = NAME.match(path.name)
    if match is None:
        return None
    return dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)


def to_remove(
    archives: list[Path], now: dt.datetime, *, daily_days: int, weekly_days: int
) -> list[Path]:
    """Archives beyond the policy; the newest archive is always kept."""
    dated = sorted(
        ((taken, path) for path in archives if (taken := taken_at(path)) is not None),
        reverse=True,
    )
    keep = {dated[0][1]} if dated else set()
    weeks: set[tuple[int, int]] = set()
    for taken, path in dated:
        age = now - taken
        week = taken.isocalendar()[:2]
        if age <= dt.timedelta(days=daily_days):
            keep.add(path)
        elif age <= dt.timedelta(days=weekly_days) and week not in weeks:
            keep.add(path)  # the newest of its week, since ``dated`` runs newest first
        weeks.add(week)
    return sorted(path for _, path in dated if path not in keep)


def prune(directory: Path, now: dt.datetime, *, daily_days: int, weekly_days: int) -> list[Path]:
    """Delete the archives of ``directory`` that the policy no longer keeps; return them."""
    gone = to_remove(
        list(directory.glob("barometre-sauvegarde-*.tar")),
        now,
        daily_days=daily_days,
        weekly_days=weekly_days,
    )
    for path in gone:
        path.unlink()
    return gone
