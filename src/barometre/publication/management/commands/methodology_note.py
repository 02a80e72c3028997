"""``manage.py methodology_note --result-set ID -o DIR``: the note, in Markdown and HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barometre.publication.note import write_note
from barometre.results.models import ResultSet


class Command(BaseCommand):
    help = "Écrit la note méthodologique d'un jeu de résultats (methodologie.md et .html)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--result-set", type=int, required=True, help="jeu de résultats")
        parser.add_argument("-o", "--output", type=Path, required=True, help="dossier de sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        result_set = ResultSet.objects.filter(pk=options["result_set"]).first()
        if result_set is None:
            raise CommandError(f"Aucun jeu de résultats n'a l'identifiant {options['result_set']}.")
        for path in write_note(result_set, options["output"]):
            self.stdout.write(f"  {path}")
