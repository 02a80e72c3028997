"""Small helpers to print French tables and JSON, and to turn frame errors into clean exits."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from barometre.referentiel import FrameError


def fmt_int(number: int) -> str:
    """French thousands separator (narrow no-break space): 34 875."""
    return f"{number:,}".replace(",", "\u202f")


def fmt_share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "–"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A plain-text table; ``align`` has one letter per column, ``r`` for right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            right = index < len(align) and align[index] == "r"
            parts.append(str(cell).rjust(width) if right else str(cell).ljust(width))
        return "  ".join(parts).rstrip()

    rule = "  ".join("─" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def french_errors() -> Iterator[None]:
    """Turn a frame error into ``Erreur : …`` on stderr and exit status 1 (2 for ambiguity)."""
    try:
        yield
    except FrameError as error:
        click.echo(f"Erreur : {error}", err=True)
        raise SystemExit(1) from None


def run_guarded(function: Callable[[], None]) -> None:
    with french_errors():
        function()
