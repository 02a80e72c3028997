"""The ``barometre`` command: thin, one core call per sub-command, French messages."""

from __future__ import annotations

import click

# Groups are imported under a *_commands alias so that the submodule names stay importable.
from barometre.cli.demo import demo as demo_command
from barometre.cli.indicators import indicators as indicators_command
from barometre.cli.opendata import opendata as opendata_commands
from barometre.cli.questionnaire import questionnaire as questionnaire_commands
from barometre.cli.referentiel import referentiel as referentiel_commands
from barometre.cli.restitution import restitution as restitution_command
from barometre.cli.synth import synth as synth_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="barometre", message="barometre %(version)s")
def cli() -> None:
    """Baromètre numérique des collectivités : référentiel, questionnaires, statistiques."""


cli.add_command(referentiel_commands)
cli.add_command(demo_command)
cli.add_command(questionnaire_commands)
cli.add_command(indicators_command)
cli.add_command(synth_command)
cli.add_command(opendata_commands)
cli.add_command(restitution_command)


def main() -> None:
    cli(prog_name="barometre")


if __name__ == "__main__":  # pragma: no cover
    main()
