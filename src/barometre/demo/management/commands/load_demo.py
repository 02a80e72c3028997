"""``manage.py load_demo``: the demo campaign with its synthetic answers (once; idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from barometre.collection.models import Response
from barometre.demo.load import EDITIONS, demo_campaign, load_demo


class Command(BaseCommand):
    help = "Charge les deux éditions de démonstration (2025 publiée, 2026 en cours)."

    def handle(self, *args: Any, **options: Any) -> None:
        existing = demo_campaign()
        if existing is not None:
            self.stdout.write(f"Campagne de démonstration déjà chargée : {existing}.")
            return
        started = time.perf_counter()
        load_demo(progress=self.stdout.write)
        slugs = [edition.slug for edition in EDITIONS]
        count = Response.objects.filter(wave__campaign__slug__in=slugs).count()
        elapsed = time.perf_counter() - started
        names = " et ".join(edition.name for edition in EDITIONS)
        self.stdout.write(
            self.style.SUCCESS(f"{names} : {count} réponses chargées en {elapsed:.1f} s.")
        )
