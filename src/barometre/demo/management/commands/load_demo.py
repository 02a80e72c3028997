"""``manage.py load_demo``: the demo campaign with its synthetic answers (once; idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from barometre.collection.models import Response
from barometre.demo.load import demo_campaign, load_demo


class Command(BaseCommand):
    help = "Charge la campagne de démonstration (trois vagues de réponses synthétiques)."

    def handle(self, *args: Any, **options: Any) -> None:
        existing = demo_campaign()
        if existing is not None:
            self.stdout.write(f"Campagne de démonstration déjà chargée : {existing}.")
            return
        started = time.perf_counter()
        campaign = load_demo(progress=self.stdout.write)
        count = Response.objects.filter(wave__campaign=campaign).count()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"{campaign} : {count} réponses chargées en {elapsed:.1f} s.")
        )
