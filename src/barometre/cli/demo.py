"""``barometre demo``: what ``make demo`` shows a newcomer, and one-time demo login links."""

from __future__ import annotations

from typing import Any

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


@demo.command()
def results() -> None:
    """Chiffres de la vague 1 publiés par la plateforme : bruts, pondérés, évolution."""
    setup_django()
    from barometre.demo.summary import headlines  # noqa: PLC0415 - needs Django

    wave, rows = headlines()
    if not rows:
        click.echo("Aucun résultat publié : lancez « make demo ».")
        return
    click.echo(f"\n4. {wave}, résultats publiés par la plateforme\n")
    click.echo(
        table(
            ["Indicateur", "Publié réel", "Brut", "Pondéré", "IC 95 %", "Depuis 2025"],
            [_headline(row) for row in rows],
            "lrrrrl",
        )
    )
    click.echo(
        "\nLe brut reproduit le chiffre publié de la vague 1 réelle ; le pondéré redresse "
        "l'échantillon sur toutes les collectivités (type, strate, région) ; « * » : évolution "
        "significative au seuil de 5 %. Les résultats « consolidés » réels portent sur une autre "
        "base que la vague 1 : ils ne sont pas reproduits. Détail : http://127.0.0.1:8000/resultats/"
    )


def _decimal(value: float) -> str:
    return f"{100 * value:.1f}".replace(".", ",")


def _share(estimate: Any) -> str:
    if estimate is None or estimate.suppressed or estimate.value is None:
        return "secret"
    return _percent(estimate.value)


def _headline(row: Any) -> list[str]:
    weighted = row.weighted
    shown = weighted is not None and not weighted.suppressed and weighted.ci_low is not None
    interval = f"{_decimal(weighted.ci_low)}–{_decimal(weighted.ci_high)} %" if shown else "—"
    change = row.change
    moved = "—"
    if change is not None:
        points = f"{100 * change.difference:+.1f}".replace(".", ",").replace("-", "−")
        moved = f"{points} pt" + (" *" if change.significant() else "")
    return [
        row.label[:52],
        _percent(row.published),
        _share(row.raw),
        _share(weighted),
        interval,
        moved,
    ]
