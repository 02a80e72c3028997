"""``barometre opendata export --wave W -o DIR``: the open data of a published wave."""

from __future__ import annotations

from pathlib import Path

import click

from barometre.cli.django_env import setup_django


@click.group()
def opendata() -> None:
    """Données ouvertes des vagues publiées."""


@opendata.command()
@click.option("--wave", "wave_id", type=click.IntRange(1), required=True, help="Vague.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True)
def export(wave_id: int, output: Path) -> None:
    """Écrit CSV, Parquet, datapackage.json et codebook.md d'une vague publiée."""
    setup_django()
    from barometre.campaigns.models import Wave  # noqa: PLC0415 - needs Django set up
    from barometre.publication.errors import PublicationError  # noqa: PLC0415
    from barometre.publication.export import export_wave  # noqa: PLC0415

    wave = Wave.objects.filter(pk=wave_id).first()
    if wave is None:
        raise click.ClickException(f"Aucune vague n'a l'identifiant {wave_id}.")
    try:
        files = export_wave(wave, output)
    except PublicationError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{len(files)} fichiers écrits dans {output}.")
