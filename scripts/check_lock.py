"""Check that a lock file holds the whole closure of the project's requirements.

The Makefile installs a lock with ``pip --no-deps``: nothing is resolved at install time, so a
distribution that a locked package needs (directly, through an extra such as
``fonttools[woff]``, or under an environment marker that holds here) and that the lock lacks would
only show up as a broken import. This walks the requirements from ``pyproject.toml`` (its
dependencies and the extras asked for) through the metadata of each locked distribution and lists
every requirement the lock does not satisfy.

Metadata comes from the installed environment (after ``make`` installed the lock) or from the JSON
report of ``pip install --dry-run --report`` (to check a lock without installing it).

    python scripts/check_lock.py requirements/dev.lock --extra dev [--report pip-report.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Callable, Iterable
from importlib import metadata as importlib_metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
Metadata = Callable[[str], list[str]]


def read_lock(path: Path) -> dict[str, Version]:
    """The pins of a ``uv pip compile`` / ``pip-compile`` lock: canonical name → version."""
    pins: dict[str, Version] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in " #-":
            continue
        requirement = Requirement(line.rstrip(" \\"))
        (specifier,) = requirement.specifier
        if specifier.operator != "==":
            raise ValueError(f"{path}: {requirement.name} n'est pas épinglé avec == ({line})")
        pins[canonicalize_name(requirement.name)] = Version(specifier.version)
    return pins


def project_requirements(
    extras: Iterable[str], pyproject: Path = ROOT / "pyproject.toml"
) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return wanted


def _applies(requirement: Requirement, extras: frozenset[str]) -> bool:
    if requirement.marker is None:
        return True
    environment = dict(default_environment())
    return any(
        requirement.marker.evaluate({**environment, "extra": extra}) for extra in {"", *extras}
    )


def unmet(pins: dict[str, Version], roots: list[str], requires: Metadata) -> list[str]:
    """Every requirement reachable from ``roots`` that the pins do not satisfy, in French."""
    problems: list[str] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    queue = [("pyproject.toml", Requirement(text)) for text in roots]
    while queue:
        parent, requirement = queue.pop()
        extras = frozenset(requirement.extras)
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{parent} demande {requirement}, absent du verrou")
            continue
        if not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{parent} demande {requirement}, le verrou a {name}=={pins[name]}")
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        for text in requires(name):
            child = Requirement(text)
            if _applies(child, extras):
                queue.append((f"{name}=={pins[name]}", child))
    return sorted(set(problems))


def installed_metadata(name: str) -> list[str]:
    return importlib_metadata.distribution(name).requires or []


def report_metadata(report: Path) -> Metadata:
    """Requirements of each distribution listed by ``pip install --dry-run --report``."""
    install = json.loads(report.read_text(encoding="utf-8"))["install"]
    by_name = {
        canonicalize_name(item["metadata"]["name"]): item["metadata"].get("requires_dist") or []
        for item in install
    }
    return lambda name: by_name.get(name, [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lock", type=Path)
    parser.add_argument("--extra", action="append", default=[])
    parser.add_argument("--report", type=Path, help="rapport JSON de pip install --dry-run")
    options = parser.parse_args(argv)
    requires = report_metadata(options.report) if options.report else installed_metadata
    problems = unmet(read_lock(options.lock), project_requirements(options.extra), requires)
    for problem in problems:
        print(f"{options.lock} incomplet : {problem}", file=sys.stderr)
    if problems:
        print(
            "Régénérez les verrous avec « make lock » (voir requirements/README.md).",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
