"""``barometre restitution --vague ID --collectivite UNIT --format html|json [-o FICHIER]``."""

from __future__ import annotations

from pathlib import Path

import click

from barometre.cli.django_env import setup_django

#: Exit codes: 1 for a report refused (French message), 2 for a usage error (click's own).
REFUSED = 1


@click.command()
@click.option("--vague", "wave_id", type=click.IntRange(1), required=True, help="Vague publiée.")
@click.option(
    "--collectivite",
    "unit_id",
    required=True,
    help="Identifiant (commune:42218), code INSEE ou SIREN.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "json"]),
    default="html",
    show_default=True,
    help="Page HTML autonome ou données JSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier à écrire (sinon la sortie standard).",
)
def restitution(wave_id: int, unit_id: str, output_format: str, output: Path | None) -> None:
    """La restitution d'une collectivité pour une vague publiée : scores, niveaux, groupe."""
    setup_django()
    from django.conf import settings  # noqa: PLC0415 - needs Django set up

    from barometre.reports.build import build_report  # noqa: PLC0415
    from barometre.reports.errors import ReportError  # noqa: PLC0415
    from barometre.reports.render import render_file, render_json  # noqa: PLC0415

    try:
        report = build_report(wave_id, unit_id, peers_minimum=settings.RESTITUTION_PEERS_MINIMUM)
    except ReportError as error:
        raise click.ClickException(error.message) from None
    text = render_json(report) if output_format == "json" else render_file(report)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Restitution de {report.authority.name} écrite dans {output}.", err=True)
