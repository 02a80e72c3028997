"""``manage.py backup [--output DOSSIER]``: one archive of the database and generated files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from barometre.operations.backup import backup
from barometre.operations.errors import OperationError
from barometre.operations.rotation import prune


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (instantané cohérent) et les fichiers générés (données ouvertes, "
        "infographies) dans une archive avec son manifeste."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="dossier de l'archive (par défaut BAROMETRE_BACKUP_ROOT)"
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="supprime ensuite les archives du dossier que la politique de conservation "
            "ne garde plus",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup(options["output"])
        except OperationError as error:
            raise CommandError(str(error)) from None
        size = done.path.stat().st_size / 1e6
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {done.path} ({len(done.manifest['tables'])} tables, "
                f"{done.rows} lignes, {done.files} fichier(s), {size:.1f} Mo)."
            )
        )
        if options["prune"]:
            self._prune(done.path)

    def _prune(self, written: Path) -> None:
        daily, weekly = settings.BACKUP_DAILY_DAYS, settings.BACKUP_WEEKLY_DAYS
        taken = timezone.now()
        gone = prune(written.parent, taken, daily_days=daily, weekly_days=weekly)
        self.stdout.write(
            f"{len(gone)} ancienne(s) sauvegarde(s) supprimée(s) (conservées : toutes celles des "
            f"{daily} derniers jours, puis la plus récente de chaque semaine sur {weekly} jours)."
        )
        for path in gone:
            self.stdout.write(f"  supprimée : {path.name}")
