"""``manage.py jobs_status``: one line for cron or monitoring, exit code 1 when the queue needs
someone (failed or interrupted jobs, a ready task waiting for a worker too long)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from barometre.jobs.status import queue_status


class Command(BaseCommand):
    help = (
        "État de la file des tâches de fond en une ligne ; code de sortie 1 si des tâches ont "
        "échoué, sont interrompues, ou si la plus ancienne tâche prête attend trop."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--attente-max",
            type=int,
            default=15,
            metavar="MINUTES",
            help="attente tolérée de la plus ancienne tâche prête (15 min par défaut)",
        )
        parser.add_argument(
            "--depuis",
            type=int,
            default=24,
            metavar="HEURES",
            help="compter les tâches échouées depuis ce nombre d'heures (24 par défaut)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        status = queue_status(since=dt.timedelta(hours=options["depuis"]))
        wait = "aucune" if status.oldest_wait_seconds is None else str(status.oldest_wait_seconds)
        line = (
            f"échouées={status.failed} interrompues={status.interrupted} prêtes={status.ready} "
            f"attente_plus_ancienne_s={wait}"
        )
        problems = status.problems(dt.timedelta(minutes=options["attente_max"]))
        if problems:
            self.stdout.write(f"ALERTE {line} : {' ; '.join(problems)}.")
            raise SystemExit(1)
        self.stdout.write(f"OK {line}")
