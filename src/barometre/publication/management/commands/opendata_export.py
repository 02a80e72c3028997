"""``manage.py opendata_export --wave ID -o DIR``: the open data of a published wave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barometre.campaigns.models import Wave
from barometre.publication.errors import PublicationError
from barometre.publication.export import export_wave


class Command(BaseCommand):
    help = "Exporte les données ouvertes d'une vague publiée (CSV, Parquet, datapackage.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wave", type=int, required=True, help="identifiant de la vague")
        parser.add_argument("-o", "--output", type=Path, required=True, help="dossier de sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        wave = Wave.objects.filter(pk=options["wave"]).first()
        if wave is None:
            raise CommandError(f"Aucune vague n'a l'identifiant {options['wave']}.")
        try:
            files = export_wave(wave, options["output"])
        except PublicationError as error:
            raise CommandError(str(error)) from None
        for path in files:
            self.stdout.write(f"  {path}")
        self.stdout.write(self.style.SUCCESS(f"{len(files)} fichiers écrits."))
