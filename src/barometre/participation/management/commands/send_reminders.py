"""``manage.py send_reminders --wave ID [--status ...] [--region ...] [--wet-run]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from barometre.campaigns.models import Wave
from barometre.participation.nonrespondents import Filters
from barometre.participation.reminders import (
    REMINDABLE,
    Plan,
    ReminderError,
    plan_reminders,
    send_reminders,
)


class Command(BaseCommand):
    help = "Relance les répondants des collectivités qui n'ont pas soumis (rien sans --wet-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wave", type=int, required=True, help="identifiant de la vague")
        parser.add_argument(
            "--status", action="append", choices=REMINDABLE, help="invited ou started (répétable)"
        )
        parser.add_argument("--region", default="", help="code INSEE de la région")
        parser.add_argument("--departement", default="", help="code du département")
        parser.add_argument("--type", default="", help="commune, epci, departement ou region")
        parser.add_argument("--stratum", default="", help="code de strate (ex. 3500-9999)")
        parser.add_argument(
            "--wet-run", action="store_true", help="envoie vraiment (sinon : montre seulement)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wave = Wave.objects.filter(pk=options["wave"]).first()
        if wave is None:
            raise CommandError(f"Aucune vague n'a l'identifiant {options['wave']}.")
        filters = Filters(
            region=options["region"],
            departement=options["departement"],
            type=options["type"],
            stratum=options["stratum"],
            statuses=tuple(options["status"] or ()),
        )
        try:
            plan = plan_reminders(wave, filters, visible=None)
        except ReminderError as error:
            raise CommandError(str(error)) from None
        self._describe(plan)
        if not options["wet_run"]:
            self.stdout.write("Rien n'est envoyé sans --wet-run.")
            return
        outcome = send_reminders(plan, None, on_progress=self._progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"{outcome.sent} relance(s) envoyée(s), {outcome.skipped} écartée(s), "
                f"{outcome.failed} échec(s) d'envoi (lot {outcome.batch})."
            )
        )

    def _describe(self, plan: Plan) -> None:
        self.stdout.write(f"Vague : {plan.wave}")
        self.stdout.write(f"À relancer : {len(plan.to_send)} personne(s)")
        for target, reason in plan.skipped:
            self.stdout.write(f"Écarté : {target.respondent.authority_id} — {reason}")

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"{done}/{total} envoyée(s)")
