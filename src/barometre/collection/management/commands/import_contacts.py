"""``manage.py import_contacts FILE [--wet-run]``: check contacts, import all or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barometre.collection.contacts import MAX_BYTES, check_contacts, import_contacts
from barometre.collection.errors import CollectionError


class Command(BaseCommand):
    help = (
        "Importe des contacts (CSV ou XLSX : code, email, role, fonction) ; essai sans --wet-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="fichier CSV ou XLSX")
        parser.add_argument(
            "--wet-run", action="store_true", help="écrit en base (sinon : vérifie seulement)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as source:
                data = source.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Lecture impossible de {path} : {error.strerror}.") from None
        try:
            report = check_contacts(data, path.name)
        except CollectionError as error:
            raise CommandError(str(error)) from None
        for problem in report.problems:
            self.stderr.write(f"ligne {problem.line} : {problem.message}")
        self.stdout.write(
            f"{len(report.contacts)} contact(s) valide(s), {len(report.problems)} erreur(s)."
        )
        if report.problems:
            raise CommandError("Rien n'est importé tant qu'une ligne est en erreur.")
        if not options["wet_run"]:
            self.stdout.write("Essai à blanc : rien n'est écrit sans --wet-run.")
            return
        try:
            outcome = import_contacts(report)
        except CollectionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(outcome.created)} répondant(s) créé(s), "
                f"{outcome.already_known} déjà connu(s)."
            )
        )
