"""The reminder page's ranked list, for a relay and for the operator, served by Django.

A throwaway SQLite database: the whole frame (36,249 authorities) invited, one respondent
each, 5,000 of them submitted (drawn with a propensity that grows with size), in an open
wave. Timed (median of ``REPEATS`` after a first request): GET ``/equipe/vagues/<id>/relances/``
for the relay of a région (Auvergne-Rhône-Alpes) and of a département (Loire), and for an
operator (the whole frame: one refit of the propensity model per cell). Baseline: the same
page without the ranking (the reminder form alone, as before issue 14), so the ratio is the
ranking's cost.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESPONDENTS = 5_000
REPEATS = 7
SEED = 20261207


def _setup(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'relances.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)


def _wave() -> Any:
    import datetime as dt  # noqa: PLC0415

    from django.contrib.auth.models import User  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from barometre.campaigns import flows  # noqa: PLC0415
    from barometre.campaigns.models import Campaign, WaveStatus  # noqa: PLC0415
    from barometre.collection.models import Respondent, Response  # noqa: PLC0415
    from barometre.referentiel import load_frame  # noqa: PLC0415
    from tests.support.collection_fixtures import SOURCE  # noqa: PLC0415

    campaign = Campaign.objects.create(name="Relances", slug="relances", year=2026)
    wave = flows.create_wave(campaign, 1, "Vague 1", dt.date(2026, 1, 1), dt.date(2026, 12, 1))
    flows.set_questionnaire(wave, flows.register_version(SOURCE))
    wave = flows.transition(wave, WaveStatus.OPEN)
    version = wave.questionnaires.get().version
    units = load_frame().units
    User.objects.bulk_create(
        User(username=f"r{i}@x.fr", email=f"r{i}@x.fr") for i in range(len(units))
    )
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    Respondent.objects.bulk_create(
        Respondent(user_id=user, authority_id=unit.id, role="agent")
        for user, unit in zip(users, units, strict=True)
    )
    rng = np.random.default_rng(SEED)
    score = np.array([np.log1p(u.population or 0) for u in units]) / 2
    p = np.exp(score) / np.exp(score).sum()
    chosen = rng.choice(len(units), RESPONDENTS, replace=False, p=p)
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            wave=wave,
            questionnaire_key="essai",
            version=version,
            authority_id=units[i].id,
            status="submitted",
            submitted_at=now,
        )
        for i in chosen
    )
    return wave


def _client(role: str, territories: str = "") -> Any:
    from django.contrib.auth.models import User  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from barometre.accounts.models import StaffProfile  # noqa: PLC0415

    user = User.objects.create_user(f"{role}-{territories}@equipe.fr")
    StaffProfile.objects.create(user=user, role=role, territories=territories)
    client = Client()
    client.force_login(user)
    return client


def _median(client: Any, url: str) -> float:
    first = client.get(url)
    if first.status_code != 200:
        raise SystemExit(f"{url}: {first.status_code}")
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder))
        wave = _wave()
        from barometre.www.staff import reminders  # noqa: PLC0415

        url = f"/equipe/vagues/{wave.pk}/relances/"
        who = {
            "relais d'une région (Auvergne-Rhône-Alpes)": _client("relay", "region:84"),
            "relais d'un département (Loire)": _client("relay", "departement:42"),
            "opérateur (référentiel entier)": _client("operator"),
        }
        rows = []
        for name, client in who.items():
            ranked = _median(client, url)
            original = reminders._ranking  # noqa: SLF001 - the baseline: the page without it
            reminders._ranking = lambda *_: {}  # type: ignore[assignment]  # noqa: SLF001
            try:
                bare = _median(client, url)
            finally:
                reminders._ranking = original  # noqa: SLF001
            rows.append((name, ranked, bare))
        print("## Relances : liste classée (`/equipe/vagues/<id>/relances/`)\n")
        print(
            f"SQLite jetable, {len(who)} profils, référentiel entier invité, {RESPONDENTS} "
            f"réponses soumises ; médiane de {REPEATS} requêtes après une première, client de "
            "test de Django. Base : la même page sans le classement.\n"
        )
        print("| profil | page avec classement (ms) | sans classement (ms) | ratio |")
        print("|---|---:|---:|---:|")
        for name, ranked, bare in rows:
            print(f"| {name} | {ranked * 1000:.0f} | {bare * 1000:.0f} | {ranked / bare:.1f}× |")
        _participation(wave, who)


def _participation(wave: Any, who: dict[str, Any]) -> None:
    """The participation page with its representativeness section, and without it."""
    from barometre.participation import progress  # noqa: PLC0415
    from barometre.participation.live import Live  # noqa: PLC0415

    url = f"/equipe/vagues/{wave.pk}/participation/"
    print("\n### Page de participation, avec la représentativité\n")
    print("| profil | page entière (ms) | sans la représentativité (ms) | ratio |")
    print("|---|---:|---:|---:|")
    for name, client in who.items():
        full = _median(client, url)
        original = progress.live
        progress.live = lambda *_: Live("")  # type: ignore[assignment]
        try:
            bare = _median(client, url)
        finally:
            progress.live = original
        print(f"| {name} | {full * 1000:.0f} | {bare * 1000:.0f} | {full / bare:.1f}× |")


if __name__ == "__main__":
    main()
