"""The figures of docs/reliability.md, kept by the tests that measure them.

Each test owns one block of the file, between ``<!-- fiabilite:NAME -->`` and
``<!-- /fiabilite:NAME -->``: a table of what it counted and the date. Run with
``RELIABILITY_WRITE=1``, the test writes its block with this run's figures. Otherwise it checks
the block against this run: the same rows in the same order, a whole number in each, and the
figures that must not move (lost, duplicated, server errors, leaks: 0) equal to this run's. The
counts of requests or kills vary from one run to the next; the doc says the last run written.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
ROW = re.compile(r"^\| (?P<label>[^|]+?) \| (?P<value>[^|]+?) \|$")


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    fixed: bool = False  # must be the same in every run (0 lost…): the doc is checked against it


def _block(name: str, figures: list[Figure]) -> str:
    rows = "\n".join(f"| {f.label} | {f.value} |" for f in figures)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return (
        f"<!-- fiabilite:{name} -->\n| mesure | valeur |\n|---|---:|\n{rows}\n\n"
        f"Dernière mesure : {today}, 2 cœurs.\n<!-- /fiabilite:{name} -->"
    )


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"<!-- fiabilite:{re.escape(name)} -->.*?<!-- /fiabilite:{re.escape(name)} -->", re.DOTALL
    )


def record(name: str, figures: list[Figure]) -> None:
    """Write the block (RELIABILITY_WRITE=1) or check the doc's block has this run's shape."""
    if os.environ.get("RELIABILITY_WRITE") == "1":
        _write(name, _block(name, figures))
        return
    found = _pattern(name).search(DOC.read_text(encoding="utf-8"))
    assert found, f"docs/reliability.md n'a pas de bloc « {name} » : RELIABILITY_WRITE=1"
    written = [ROW.match(line) for line in found[0].splitlines()]
    rows = [(m["label"], m["value"]) for m in written if m and m["label"] != "mesure"]
    rows = [(label, value) for label, value in rows if not set(value) <= {"-", ":"}]
    assert [label for label, _ in rows] == [f.label for f in figures], name
    for (label, value), figure in zip(rows, figures, strict=True):
        assert value.isdigit(), (name, label, value)
        if figure.fixed:
            assert int(value) == figure.value, (name, label, value, figure.value)
    assert re.search(r"Dernière mesure : \d{4}-\d\d-\d\d", found[0]), name


def _write(name: str, block: str) -> None:
    with DOC.open("r+", encoding="utf-8") as doc:
        fcntl.flock(doc, fcntl.LOCK_EX)  # two xdist workers may write their blocks at once
        text = doc.read()
        pattern = _pattern(name)
        text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
        doc.seek(0)
        doc.truncate()
        doc.write(text)
