"""``barometre synth``: synthetic respondents of a wave, written as Parquet."""

from __future__ import annotations

import time
from pathlib import Path

import click

from barometre.synth import DEFAULT_SIZES, synthesize


@click.command()
@click.option("--wave", type=click.Choice([str(w) for w in DEFAULT_SIZES]), required=True)
@click.option(
    "--n",
    "size",
    type=click.IntRange(1, 5_000_000),
    default=None,
    help="Nombre de répondants (par défaut : 2 729, 629 ou 450 selon la vague).",
)
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def synth(wave: str, size: int | None, seed: int, output: Path) -> None:
    """Répondants synthétiques d'une vague (trois questionnaires chacun), en Parquet."""
    start = time.perf_counter()
    click.echo(f"Vague {wave} : tirage des collectivités et des réponses…", err=True)
    table = synthesize(int(wave), size, seed)
    table.write_parquet(output)
    elapsed = time.perf_counter() - start
    seconds = f"{elapsed:.1f}".replace(".", ",")
    click.echo(f"{table.height} jeux de réponses écrits dans {output} ({seconds} s).")
