"""``barometre indicators``: raw (unweighted) value and base n of every indicator of a wave."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
import polars as pl

from barometre.cli.output import echo_json, table
from barometre.cli.questionnaire import plain
from barometre.questionnaire.library import WAVES
from barometre.synth import KeyFigure, wave_figures


def read_table(path: Path) -> pl.DataFrame:
    """Answer sets from Parquet (``barometre synth``) or JSON lines, one answer set per line."""
    if path.suffix.lower() == ".parquet":
        return pl.read_parquet(path)
    return pl.read_ndjson(path)


def _record(figure: KeyFigure) -> dict[str, Any]:
    record = asdict(figure)
    del record["id"]
    return record


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %".replace(".", ",")


@click.command()
@click.option(
    "--responses",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Réponses (.parquet écrit par « barometre synth », ou JSON lines).",
)
@click.option("--wave", type=click.Choice([str(w) for w in WAVES]), required=True)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON : id → {value, n, …}.")
def indicators(responses: Path, wave: str, *, as_json: bool) -> None:
    """Valeur brute (non pondérée) et base n de chaque indicateur d'une vague."""
    try:
        data = read_table(responses)
    except (OSError, ValueError, pl.exceptions.PolarsError) as error:
        click.echo(
            f"Erreur : fichier de réponses illisible ({error.__class__.__name__}).", err=True
        )
        raise SystemExit(1) from None
    figures = wave_figures(data, int(wave))
    if as_json:
        echo_json({f.id: _record(f) for f in figures})
        return
    body = [
        [plain(f.id), _pct(f.value), str(f.n), _pct(f.published), plain(f.published_base or "")]
        for f in figures
    ]
    click.echo(table(["indicateur", "valeur", "n", "publié", "base publiée"], body, "lrrr"))
