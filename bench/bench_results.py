"""Building a result set for a synthetic wave of ~3,000 and ~35,000 submitted responses.

A throwaway SQLite database is migrated, the synthetic wave 1 is written into it (one
response per authority and questionnaire, all submitted, as the demo does), the wave is
closed, then ``build_result_set`` runs: extraction from the database, estimation by
``barometre.stats`` (raw and weighted, every domain), storage of the frozen set. The time of
each phase is printed as a Markdown table.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Synthetic respondents per questionnaire; three questionnaires per wave.
SIZES = (1_050, 12_500)
SEED = 2026
PHASES = ("extraction", "estimation", "storage", "total")


def setup_django(directory: Path) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django  # noqa: PLC0415 - configured for this throwaway database only

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)


IDENTITY = frozenset(
    {"respondent_id", "wave", "questionnaire", "unit_id", "unit_type", "population", "stratum",
     "region", "departement"}
)  # fmt: skip


def load_wave(size: int) -> Any:
    """A closed wave holding the synthetic wave 1 (``size`` respondents), all submitted."""
    from barometre.campaigns import flows  # noqa: PLC0415
    from barometre.campaigns.models import Campaign, WaveStatus  # noqa: PLC0415
    from barometre.questionnaire.library import wave_questionnaires  # noqa: PLC0415
    from barometre.synth import synthesize  # noqa: PLC0415

    campaign = Campaign.objects.create(name=f"Banc {size}", slug=f"banc-{size}", year=2026)
    wave = flows.create_wave(campaign, 1, "Vague 1", dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    for questionnaire in wave_questionnaires(1):
        flows.set_questionnaire(wave, flows.register_compiled(questionnaire))
    wave = flows.transition(wave, WaveStatus.OPEN)
    table = synthesize(wave=1, n=size, seed=SEED)
    respondents = _respondents(table, size)
    for link in wave.questionnaires.select_related("version"):
        _responses(wave, link, table, respondents)
    return flows.transition(wave, WaveStatus.CLOSED)


def _respondents(table: Any, size: int) -> dict[str, Any]:
    """One user and respondent per authority."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from barometre.collection.models import Respondent  # noqa: PLC0415

    people = table.unique("unit_id", keep="first", maintain_order=True)
    user = get_user_model()
    users = user.objects.bulk_create(
        [user(username=f"banc-{size}-{i}") for i in range(people.height)], batch_size=2000
    )
    respondents = Respondent.objects.bulk_create(
        [
            Respondent(user=u, authority_id=a, role="agent")
            for u, a in zip(users, people["unit_id"], strict=True)
        ],
        batch_size=2000,
    )
    return {r.authority_id: r for r in respondents}


def _responses(wave: Any, link: Any, table: Any, respondents: dict[str, Any]) -> None:
    """The submitted responses to one questionnaire, one per authority, and their answers."""
    import polars as pl  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from barometre.collection.models import Answer, Response  # noqa: PLC0415

    rows = table.filter(pl.col("questionnaire") == link.questionnaire_key)
    rows = rows.unique("unit_id", keep="first", maintain_order=True)
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(wave=wave, questionnaire_key=link.questionnaire_key, version=link.version,
                     authority_id=a, status="submitted", submitted_at=now,
                     submitted_by=respondents[a])
            for a in rows["unit_id"]
        ],
        batch_size=2000,
    )  # fmt: skip
    Answer.objects.bulk_create(
        (
            Answer(response=response, question_id=k, value=v, answered_by=response.submitted_by,
                   role="agent")
            for response, row in zip(responses, rows.iter_rows(named=True), strict=True)
            for k, v in row.items()
            if k not in IDENTITY and v is not None
        ),
        batch_size=5000,
    )  # fmt: skip


def build(wave: Any) -> tuple[dict[str, float], Any]:
    from barometre.referentiel import load_frame  # noqa: PLC0415
    from barometre.results.build import build_result_set  # noqa: PLC0415

    frame = load_frame()
    marks: list[tuple[float, str]] = []

    def progress(_done: int, _total: int, label: str) -> None:
        marks.append((time.perf_counter(), label))

    started = time.perf_counter()
    result_set = build_result_set(wave, "final", frame=frame, progress=progress)
    ended = time.perf_counter()
    extracted = next(t for t, label in marks if label == "réponses extraites")
    estimated = [t for t, label in marks if label.endswith("estimé")][-1]
    phases = {
        "extraction": extracted - started,
        "estimation": estimated - extracted,
        "storage": ended - estimated,
        "total": ended - started,
    }
    return phases, result_set


def main() -> None:
    print("## Résultats\n")
    print(
        "`python bench/run.py results` — vague 1 synthétique (graine 2026, trois questionnaires, "
        "une réponse par collectivité et questionnaire, toutes soumises) écrite dans une base "
        'SQLite jetable, vague close, puis `build_result_set(vague, "final")` : extraction '
        "des réponses, estimation brute et pondérée de chaque indicateur pour l'ensemble et par "
        "région, département, type, strate et rôle (`barometre.stats`), enregistrement du jeu "
        f"figé. Mesuré le {dt.date.today().isoformat()} :\n"  # noqa: DTZ011 - a report date
    )
    print("| réponses | collectivités | estimations | extraction (s) | estimation (s) | "
          "enregistrement (s) | total (s) |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as directory:
        setup_django(Path(directory))
        from barometre.collection.models import Response  # noqa: PLC0415

        for size in SIZES:
            wave = load_wave(size)
            responses = Response.objects.filter(wave=wave).count()
            authorities = Response.objects.filter(wave=wave).values("authority_id").distinct()
            phases, result_set = build(wave)
            counts = (responses, authorities.count(), result_set.estimates.count())
            cells = [f"{c:,}".replace(",", "\u202f") for c in counts]
            cells += [f"{phases[p]:.1f}".replace(".", ",") for p in PHASES]
            print(f"| {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
