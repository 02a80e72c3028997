"""``manage.py purge_personal_data [--wet-run]``: what is past its retention period goes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from barometre.operations.retention import Plan, plan, purge


class Command(BaseCommand):
    help = (
        "Liste (sans --wet-run) ou supprime et anonymise (avec --wet-run) les données "
        "personnelles qui ont dépassé leur durée de conservation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wet-run", action="store_true", help="purge vraiment (sinon : montre seulement)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = purge() if options["wet_run"] else plan()
        day = timezone.localdate(found.at)
        if not found.total:
            self.stdout.write(
                f"Rien à purger au {day:%d/%m/%Y} : aucune donnée personnelle n'a dépassé sa "
                "durée de conservation."
            )
            return
        self._describe(found)
        if options["wet_run"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{found.total} élément(s) supprimé(s) ou anonymisé(s) au {day:%d/%m/%Y}, "
                    "en une transaction ; la purge est inscrite au journal d'audit."
                )
            )
        else:
            self.stdout.write("Rien n'est supprimé sans --wet-run.")

    def _describe(self, found: Plan) -> None:
        self.stdout.write("Données personnelles au-delà de leur durée de conservation :")
        for line in found.lines:
            self.stdout.write(
                f"  {line.count:>6}  {line.rule.label} — conservation : {line.rule.describe()}"
            )
