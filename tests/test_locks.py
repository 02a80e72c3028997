"""The lock files are the whole closure: installed with ``pip --no-deps``, nothing is resolved.

Each lock in ``requirements/`` is walked from ``pyproject.toml`` (with the extras its header names)
through the metadata of its locked distributions; a requirement the lock lacks, or pins outside the
specifier, fails. ``dev.lock`` is checked against the environment ``make`` installed from it; the
other locks through pip's dry-run report (metadata of exactly the locked files, nothing installed).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.check_lock import (
    installed_metadata,
    project_requirements,
    read_lock,
    report_metadata,
    unmet,
)

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements"
LOCKS = sorted(REQUIREMENTS.glob("*.lock"))


def _extras(lock: Path) -> list[str]:
    header = lock.read_text(encoding="utf-8").split("\n", 3)[1]
    return re.findall(r"--extra (\w+)", header)


def test_every_lock_is_checked_with_the_extras_it_was_compiled_for() -> None:
    assert {lock.name: _extras(lock) for lock in LOCKS} == {
        "bench.lock": ["dev", "bench"],
        "dev.lock": ["dev"],
    }


def test_dev_lock_holds_every_distribution_the_installed_project_needs() -> None:
    lock = REQUIREMENTS / "dev.lock"
    assert unmet(read_lock(lock), project_requirements(_extras(lock)), installed_metadata) == []


def test_a_lock_missing_the_dependency_of_an_extra_is_reported(tmp_path: Path) -> None:
    text = (REQUIREMENTS / "dev.lock").read_text(encoding="utf-8")
    broken = tmp_path / "broken.lock"
    broken.write_text(
        re.sub(r"\nbrotli==.*?(?=\n[a-z])", "", text, flags=re.DOTALL), encoding="utf-8"
    )
    problems = unmet(read_lock(broken), project_requirements(["dev"]), installed_metadata)
    assert len(problems) == 1
    assert problems[0].startswith("fonttools==")
    assert "brotli" in problems[0]
    assert 'extra == "woff"' in problems[0]


def test_a_pin_outside_a_requirement_is_reported(tmp_path: Path) -> None:
    text = (REQUIREMENTS / "dev.lock").read_text(encoding="utf-8")
    broken = tmp_path / "old.lock"
    broken.write_text(re.sub(r"\ndjango==[\d.]+", "\ndjango==4.2.0", text), encoding="utf-8")
    problems = unmet(read_lock(broken), project_requirements(["dev"]), installed_metadata)
    assert any(p.startswith("pyproject.toml demande django") and "4.2.0" in p for p in problems)


def test_an_unpinned_line_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "loose.lock"
    lock.write_text("django>=5.2 \\\n    --hash=sha256:00\n", encoding="utf-8")
    with pytest.raises(ValueError, match="n'est pas épinglé"):
        read_lock(lock)


@pytest.mark.slow
@pytest.mark.parametrize("lock", [lock for lock in LOCKS if lock.name != "dev.lock"], ids=str)
def test_other_locks_hold_their_whole_closure(lock: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["--dry-run", "--ignore-installed", "--no-deps", "--require-hashes"]
    command += ["--only-binary=:all:", "--report", str(report), "-r", str(lock)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    pins = read_lock(lock)
    assert len(pins) > 100
    assert unmet(pins, project_requirements(_extras(lock)), report_metadata(report)) == []
