"""Load the synthetic editions into the database, deterministically (same seed, same rows).

Two campaigns, as two years of the barometer. The previous edition (2025) is over: its three
waves are closed and published, drawn a little less digital (``synthesize(shift=…)``) so that
the dashboard has changes to show. The current edition (2026): waves 1 and 2 are closed with
every synthetic response submitted, then published with their final weighted result sets;
wave 3 is open, with about two thirds of its responses submitted and the rest stopped after
their first pages. Colleagues of one authority share one response, as in the real platform.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

import polars as pl
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, Wave, WaveQuestionnaire, WaveStatus
from barometre.collection.flows import ImportedResponse, import_responses
from barometre.collection.models import Respondent
from barometre.questionnaire.library import WAVES, wave_questionnaires
from barometre.results.build import build_result_set
from barometre.results.errors import ResultsError
from barometre.results.models import Kind
from barometre.synth import synthesize

SLUG: Final = "barometre-2026-demonstration"
NAME: Final = "Baromètre 2026 (démonstration)"
SEED: Final = 2026
EMAIL_DOMAIN: Final = "demo.barometre.invalid"
OPEN_WAVE: Final = 3
IDENTITY: Final = frozenset(
    {
        "respondent_id",
        "wave",
        "questionnaire",
        "unit_id",
        "unit_type",
        "population",
        "stratum",
        "region",
        "departement",
    }
)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Edition:
    """One year of the demo barometer."""

    slug: str
    name: str
    year: int
    seed: int
    shift: float  # how much less digital than the calibrated plans (synth.plans.advanced)
    open_wave: int | None  # the wave still collecting answers, if any


PREVIOUS: Final = Edition(
    "barometre-2025-demonstration", "Baromètre 2025 (démonstration)", 2025, 2025, -0.3, None
)
CURRENT: Final = Edition(SLUG, NAME, 2026, SEED, 0.0, OPEN_WAVE)
EDITIONS: Final = (PREVIOUS, CURRENT)


def demo_campaign() -> Campaign | None:
    return Campaign.objects.filter(slug=SLUG).first()


def wave_dates(number: int, year: int = CURRENT.year) -> tuple[dt.date, dt.date]:
    opens = dt.date(year, 1, 12) + dt.timedelta(weeks=(number - 1) * 10)
    return opens, opens + dt.timedelta(weeks=8)


def load_demo(progress: Progress = print, sizes: dict[int, int] | None = None) -> Campaign:
    """Create both demo editions and their synthetic responses; return the current campaign.

    Call once (see demo_campaign). ``sizes`` overrides the number of respondents per wave
    (the tests use small waves).
    """
    campaigns = [_load_edition(edition, progress, sizes or {}) for edition in EDITIONS]
    for campaign in campaigns:
        for wave in campaign.waves.filter(status=WaveStatus.CLOSED).order_by("number"):
            _publish(wave, progress)
    return campaigns[-1]


def _load_edition(edition: Edition, progress: Progress, sizes: dict[int, int]) -> Campaign:
    with transaction.atomic():
        plan = [(n, *wave_dates(n, edition.year), wave_questionnaires(n)) for n in WAVES]
        campaign = campaign_flows.create_campaign_from_library(
            edition.name, edition.slug, edition.year, plan
        )
        for wave in campaign.waves.order_by("number"):
            campaign_flows.transition(wave, WaveStatus.OPEN)
            table = synthetic(edition, wave.number, sizes.get(wave.number))
            progress(
                f"{edition.year}, vague {wave.number} : "
                f"{table.height} jeux de réponses synthétiques…"
            )
            _load_wave(wave, table, edition)
            if wave.number != edition.open_wave:
                campaign_flows.transition(wave, WaveStatus.CLOSED)
    return campaign


def synthetic(edition: Edition, wave: int, size: int | None) -> pl.DataFrame:
    """The edition's answers; respondent ids carry the year so editions never share a login."""
    table = synthesize(wave=wave, n=size, seed=edition.seed, shift=edition.shift)
    if edition == CURRENT:
        return table
    year_id = pl.format("{}-{}", pl.lit(edition.year), "respondent_id")
    return table.with_columns(year_id.alias("respondent_id"))


def _publish(wave: Wave, progress: Progress) -> None:
    """Build the final result set of a closed wave and publish it (kept closed if it fails)."""
    label = f"{wave.campaign.year}, vague {wave.number}"
    progress(f"{label} : résultats pondérés…")
    try:
        build_result_set(wave, Kind.FINAL)
    except ResultsError as error:
        progress(f"{label} non publiée : {error}")
        return
    campaign_flows.transition(wave, WaveStatus.PUBLISHED)


def _load_wave(wave: Wave, table: pl.DataFrame, edition: Edition) -> None:
    respondents = _respondents(table)
    links = {link.questionnaire_key: link for link in wave.questionnaires.select_related("version")}
    for key, link in links.items():
        rows = table.filter(pl.col("questionnaire") == key)
        _load_questionnaire(wave, link, rows, respondents, edition)


def _respondents(table: pl.DataFrame) -> dict[str, Respondent]:
    """One user and respondent per synthetic respondent (unusable password: links only)."""
    people = table.unique("respondent_id", keep="first", maintain_order=True)
    user_model = get_user_model()
    password = make_password(None)
    users = [
        user_model(username=_email(rid), email=_email(rid), password=password)
        for rid in people["respondent_id"]
    ]
    user_model.objects.bulk_create(users, batch_size=500, ignore_conflicts=True)
    by_name = {u.username: u for u in user_model.objects.filter(username__endswith=EMAIL_DOMAIN)}
    records = [
        Respondent(
            user=by_name[_email(row["respondent_id"])],
            authority_id=row["unit_id"],
            role=row.get("role") or "agent",
            function=_function(row),
        )
        for row in people.iter_rows(named=True)
    ]
    Respondent.objects.bulk_create(records, batch_size=500, ignore_conflicts=True)
    names = [_email(rid) for rid in people["respondent_id"]]
    found = Respondent.objects.filter(user__username__in=names).select_related("user")
    return {r.user.username.split("@")[0]: r for r in found}


def _email(respondent_id: str) -> str:
    return f"{respondent_id}@{EMAIL_DOMAIN}"


def _function(row: dict[str, Any]) -> str:
    """The respondent's function as a person reads it (« Secrétaire de mairie »), not its code."""
    for question in ("fonction_agent", "fonction_elu"):
        if row.get(question):
            return _function_labels()[question].get(row[question], str(row[question]))
    return ""


@functools.cache
def _function_labels() -> dict[str, dict[str, str]]:
    """Labels of the profile's function choices, as every library questionnaire declares them."""
    questionnaire = wave_questionnaires(1)[0]
    return {
        key: {option.value: option.label.get() for option in questionnaire.questions[key].options}
        for key in ("fonction_agent", "fonction_elu")
    }


def _load_questionnaire(
    wave: Wave,
    link: WaveQuestionnaire,
    rows: pl.DataFrame,
    respondents: dict[str, Respondent],
    edition: Edition,
) -> None:
    first_per_authority = rows.unique("unit_id", keep="first", maintain_order=True)
    questionnaire = link.version.questionnaire
    first_section = set(questionnaire.sections[0].question_ids)
    items = []
    for index, row in enumerate(first_per_authority.iter_rows(named=True)):
        complete = is_submitted(edition, wave.number, index)
        kept = row if complete else {k: v for k, v in row.items() if k in first_section}
        items.append(
            ImportedResponse(
                authority_id=row["unit_id"],
                respondent=respondents[row["respondent_id"]],
                values=dict(_answers(kept)),
                submitted_at=_submitted_at(wave, index) if complete else None,
                receipt_number=_receipt(wave, link.questionnaire_key, row["unit_id"]),
            )
        )
    import_responses(link, items, source="démonstration")


def is_submitted(edition: Edition, wave: int, index: int) -> bool:
    """Every response of a closed wave; two in three of the open wave's (in their order)."""
    return wave != edition.open_wave or index % 3 != 0


def _answers(row: dict[str, Any]) -> Iterator[tuple[str, object]]:
    for key, value in row.items():
        if key in IDENTITY or value is None:
            continue
        yield key, list(value) if isinstance(value, list | tuple) else value


def _submitted_at(wave: Wave, index: int) -> dt.datetime:
    day = wave.opens_on + dt.timedelta(days=index % max((wave.closes_on - wave.opens_on).days, 1))
    moment = dt.datetime.combine(day, dt.time(9 + index % 8, index % 60))
    return timezone.make_aware(moment)


def _receipt(wave: Wave, key: str, authority_id: str) -> str:
    year = wave.campaign.year
    digest = hashlib.sha256(f"demo:{year}:{wave.number}:{key}:{authority_id}".encode()).hexdigest()
    return f"BN-{year}-{wave.number}-{digest[:8].upper()}"
