"""``manage.py backup [--output DOSSIER]``: one archive of the database and generated files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barometre.operations.backup import backup
from barometre.operations.errors import OperationError


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (instantané cohérent) et les fichiers générés (données ouvertes, "
        "infographies) dans une archive avec son manifeste."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="dossier de l'archive (par défaut BAROMETRE_BACKUP_ROOT)"
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
