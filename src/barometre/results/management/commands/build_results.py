"""``manage.py build_results --wave ID [--final]``: a new revision of a wave's results."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barometre.campaigns.models import Wave
from barometre.results.build import build_result_set
from barometre.results.errors import ResultsError
from barometre.results.models import Kind

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Construit un jeu de résultats (provisoire, ou définitif avec --final) pour une vague."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wave", type=int, required=True, help="identifiant de la vague")
        parser.add_argument(
            "--final", action="store_true", help="jeu définitif (vague close ou publiée)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wave = Wave.objects.filter(pk=options["wave"]).first()
        if wave is None:
            raise CommandError(f"Aucune vague n'a l'identifiant {options['wave']}.")
        kind = Kind.FINAL if options["final"] else Kind.PROVISIONAL
        started = time.perf_counter()
        try:
            result_set = build_result_set(wave, kind, progress=self._progress)
        except ResultsError as error:
            raise CommandError(str(error)) from None
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        estimates = result_set.estimates.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{result_set} : {result_set.responses} réponses, {estimates} estimations "
                f"({seconds} s)."
            )
        )

    def _progress(self, done: int, total: int, label: str) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        end = "\n" if done >= total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total} {label}\033[K", ending=end)
        sys.stderr.flush()
