"""``barometre demo``: what ``make demo`` shows a newcomer."""

from __future__ import annotations

import click

from barometre.cli.output import french_errors
from barometre.cli.referentiel import render_hits, render_summary
from barometre.referentiel import load_frame, summarize

DEMO_QUERIES = ("st etienne", "L'Haÿ", "42000", "244200770", "bordeaux metro")


@click.command()
def demo() -> None:
    """Démonstration : le référentiel des collectivités et quelques recherches."""
    with french_errors():
        frame = load_frame()
        click.secho("Baromètre numérique des collectivités — démonstration", bold=True)
        click.echo("\n1. Le référentiel des collectivités (base de sondage)\n")
        click.echo(render_summary(summarize(frame)))
        click.echo("\n2. Recherche d'une collectivité (nom, code INSEE, code postal, SIREN)\n")
        for query in DEMO_QUERIES:
            click.secho(f"» barometre referentiel search {query!r} --limit 3", bold=True)
            click.echo(render_hits(frame, frame.search(query, limit=3)) + "\n")
    click.echo("Pour aller plus loin : barometre --help, barometre referentiel show 42218")
