"""``manage.py restore ARCHIVE [--force]``: into an empty installation, after every check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barometre.operations.errors import OperationError
from barometre.operations.restore import restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans une installation vide, après avoir vérifié l'archive "
        "entière (rien n'est écrit sinon)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="fichier .tar écrit par manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplace les données d'une installation qui n'est pas vide",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = restore(options["archive"], force=options["force"])
        except OperationError as error:
            raise CommandError(str(error)) from None
        taken = dt.datetime.fromisoformat(done.manifest["date"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {taken:%d/%m/%Y à %H:%M:%S} UTC restaurée et vérifiée : "
                f"{len(done.manifest['tables'])} tables, {done.rows} lignes (nombres et "
                f"empreintes identiques au manifeste), {done.files} fichier(s)."
            )
        )
        if done.pending_migrations:
            self.stdout.write(
                f"{done.pending_migrations} migration(s) sont plus récentes que la sauvegarde : "
                "lancez manage.py migrate."
            )
