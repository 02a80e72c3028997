"""``barometre restitution --vague ID --collectivite UNIT --format html|pdf|json [-o FICHIER]``
and ``barometre restitution --vague ID --toutes [--processus N]`` (every report of the wave)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from barometre.cli.django_env import setup_django

#: Exit codes: 1 for a report refused (French message), 2 for a usage error.
REFUSED = 1
USAGE = 2


def _usage(message: str) -> None:
    click.echo(f"Erreur : {message}", err=True)
    raise SystemExit(USAGE)


def _refused(message: str) -> None:
    click.echo(f"Erreur : {message}", err=True)
    raise SystemExit(REFUSED)


@click.command()
@click.option("--vague", "wave_id", type=click.IntRange(1), required=True, help="Vague publiée.")
@click.option(
    "--collectivite",
    "unit_id",
    help="Identifiant (commune:42218), code INSEE ou SIREN.",
)
@click.option(
    "--toutes",
    "every",
    is_flag=True,
    help="Construire le PDF de chaque collectivité ayant répondu (reprend où il s'est arrêté).",
)
@click.option(
    "--processus",
    "processes",
    type=click.IntRange(1, 64),
    default=lambda: os.cpu_count() or 1,
    show_default="nombre de cœurs",
    help="Avec --toutes : processus qui impriment les PDF en parallèle.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "pdf", "json"]),
    default="html",
    show_default=True,
    help="Page HTML autonome, document PDF balisé (avec -o) ou données JSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier à écrire (sinon la sortie standard ; obligatoire en PDF).",
)
def restitution(
    *,
    wave_id: int,
    unit_id: str | None,
    every: bool,
    processes: int,
    output_format: str,
    output: Path | None,
) -> None:
    """La restitution d'une collectivité pour une vague publiée : scores, niveaux, groupe."""
    if every:
        if unit_id or output:
            _usage("--toutes construit chaque restitution : sans --collectivite ni -o.")
        setup_django()
        _every(wave_id, processes)
        return
    if not unit_id:
        _usage("indiquez --collectivite UNITE, ou --toutes pour chaque collectivité.")
    if output_format == "pdf" and output is None:
        _usage("un PDF ne s'écrit pas dans le terminal : ajoutez -o FICHIER.pdf.")
    setup_django()
    _one(wave_id, str(unit_id), output_format, output)


def _one(wave_id: int, unit_id: str, output_format: str, output: Path | None) -> None:
    from django.conf import settings  # noqa: PLC0415 - needs Django set up

    from barometre.reports.build import build_report  # noqa: PLC0415
    from barometre.reports.errors import ReportError  # noqa: PLC0415
    from barometre.reports.pdf import render_pdf  # noqa: PLC0415
    from barometre.reports.printing import write_whole  # noqa: PLC0415
    from barometre.reports.render import render_file, render_json  # noqa: PLC0415

    try:
        report = build_report(wave_id, unit_id, peers_minimum=settings.RESTITUTION_PEERS_MINIMUM)
    except ReportError as error:
        _refused(error.message)
        return
    if output_format == "pdf" and output is not None:
        write_whole(output, render_pdf(report))
    else:
        text = render_json(report) if output_format == "json" else render_file(report)
        if output is None:
            click.echo(text, nl=False)
            return
        output.write_text(text, encoding="utf-8")
    click.echo(f"Restitution de {report.authority.name} écrite dans {output}.", err=True)


def _every(wave_id: int, processes: int) -> None:
    from django.conf import settings  # noqa: PLC0415 - needs Django set up

    from barometre.reports.batch import build_all  # noqa: PLC0415
    from barometre.reports.errors import ReportError  # noqa: PLC0415

    with click.progressbar(
        length=1,
        label="Restitutions",
        show_pos=True,
        show_eta=True,
        file=sys.stderr,
    ) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            outcome = build_all(
                wave_id,
                peers_minimum=settings.RESTITUTION_PEERS_MINIMUM,
                processes=processes,
                on_progress=progress,
            )
        except ReportError as error:
            _refused(error.message)
            return
    click.echo(outcome.in_words())
    click.echo(f"Fichiers : {outcome.directory}")
