"""``manage.py create_campaign``: a campaign of three waves with the library's questionnaires."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from barometre.campaigns.flows import CampaignError, create_campaign_from_library
from barometre.questionnaire.library import WAVES, wave_questionnaires

WAVE_WEEKS = 6


class Command(BaseCommand):
    help = "Crée une campagne de trois vagues avec les neuf questionnaires de la bibliothèque."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="nom, ex. « Baromètre 2026 »")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--start", type=dt.date.fromisoformat, help="ouverture de la vague 1 (AAAA-MM-JJ)"
        )
        parser.add_argument(
            "--wet-run", action="store_true", help="écrit en base (sinon : montre seulement)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = options["start"] or dt.date(options["year"], 1, 15)
        plan = []
        for index, number in enumerate(WAVES):
            opens_on = start + dt.timedelta(weeks=index * (WAVE_WEEKS + 2))
            closes_on = opens_on + dt.timedelta(weeks=WAVE_WEEKS)
            plan.append((number, opens_on, closes_on, wave_questionnaires(number)))
        for number, opens_on, closes_on, questionnaires in plan:
            titles = ", ".join(q.title.get("fr") for q in questionnaires)
            self.stdout.write(f"Vague {number} du {opens_on} au {closes_on} : {titles}")
        if not options["wet_run"]:
            self.stdout.write("Rien n'est écrit sans --wet-run.")
            return
        try:
            campaign = create_campaign_from_library(
                options["name"], slugify(options["name"]), options["year"], plan
            )
        except CampaignError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Campagne « {campaign} » créée."))
