"""``barometre demo``: what ``make demo`` shows a newcomer, and one-time demo login links."""

from __future__ import annotations

import click

from barometre.cli.django_env import setup_django
from barometre.cli.output import french_errors, table
from barometre.cli.referentiel import render_hits, render_summary
from barometre.referentiel import load_frame, summarize

DEMO_QUERIES = ("st etienne", "L'Haÿ", "42000", "244200770", "bordeaux metro")
DEMO_SEED = 2026
BASE_URL = "http://127.0.0.1:8000"


@click.group(invoke_without_command=True)
@click.pass_context
def demo(context: click.Context) -> None:
    """Démonstration : le référentiel, les vagues synthétiques et leurs chiffres clés."""
    if context.invoked_subcommand is not None:
        return
    with french_errors():
        frame = load_frame()
        click.secho("Baromètre numérique des collectivités — démonstration", bold=True)
        click.echo("\n1. Le référentiel des collectivités (base de sondage)\n")
        click.echo(render_summary(summarize(frame)))
        click.echo("\n2. Recherche d'une collectivité (nom, code INSEE, code postal, SIREN)\n")
        for query in DEMO_QUERIES:
            click.secho(f"» barometre referentiel search {query!r} --limit 3", bold=True)
            click.echo(render_hits(frame, frame.search(query, limit=3)) + "\n")
    click.echo("3. Vague 1 synthétique : chiffres bruts face aux chiffres publiés\n")
    click.echo(render_key_figures())


def render_key_figures() -> str:
    from barometre.synth import synthesize, wave_figures  # noqa: PLC0415 - only this view

    figures = wave_figures(synthesize(1, seed=DEMO_SEED), 1)
    rows = [
        [
            figure.label[:58],
            _percent(figure.value),
            _percent(figure.published),
            f"{figure.n}",
        ]
        for figure in figures
        if figure.published is not None and figure.kind == "share"
    ]
    note = (
        "\nValeurs brutes (non pondérées) de l'échantillon synthétique, calé sur la vague 1 réelle "
        "(2 729 réponses, biaisée vers les collectivités les plus numériques)."
    )
    return table(["Indicateur", "Synthétique", "Publié", "Base n"], rows, "lrrr") + note


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


@demo.command()
@click.option(
    "--as",
    "role",
    type=click.Choice(["respondent", "relay", "operator"]),
    default="respondent",
    show_default=True,
    help="Compte de démonstration.",
)
@click.option("--authority", help="Collectivité (identifiant, code INSEE ou SIREN).")
def link(role: str, authority: str | None) -> None:
    """Affiche un lien de connexion à usage unique pour la démonstration en cours."""
    setup_django()
    from barometre.demo.links import respondent_link, staff_link  # noqa: PLC0415 - needs Django

    with french_errors():
        if role == "respondent":
            url, description = respondent_link(BASE_URL, authority)
        else:
            url, description = staff_link(BASE_URL, role)
    click.echo(f"{description}\n{url}")
