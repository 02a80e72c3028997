"""What ``make demo`` prints once the editions are published: the wave-1 figures of 2026 as the
real barometer published them (raw), as the platform publishes them (weighted, with their
interval), and their change since the 2025 edition."""

from __future__ import annotations

from dataclasses import dataclass

from barometre.campaigns.models import Campaign, Wave
from barometre.demo.load import PREVIOUS, demo_campaign
from barometre.questionnaire.library import wave_questionnaires
from barometre.results.comparison import cell_change
from barometre.results.models import ResultEstimate, ResultSet, Weighting
from barometre.results.queries import latest_final
from barometre.stats import Change


@dataclass(frozen=True)
class Headline:
    label: str
    published: float  # the real barometer's wave-1 raw figure
    raw: ResultEstimate | None
    weighted: ResultEstimate | None
    change: Change | None  # since the previous edition, when both cells are published


def _overall(result_set: ResultSet | None, weighting: str) -> dict[str, ResultEstimate]:
    if result_set is None:
        return {}
    rows = ResultEstimate.objects.filter(
        result_set=result_set, domain="ensemble", level="", weighting=weighting
    )
    return {e.indicator_id: e for e in rows}


def _first_wave(campaign: Campaign | None) -> Wave | None:
    return campaign.waves.filter(number=1).first() if campaign else None


def headlines() -> tuple[Wave | None, list[Headline]]:
    """Every wave-1 indicator with a published real figure; empty before ``load_demo``."""
    wave = _first_wave(demo_campaign())
    current = latest_final(wave) if wave else None
    if wave is None or current is None:
        return wave, []
    earlier = _first_wave(Campaign.objects.filter(slug=PREVIOUS.slug).first())
    raw, weighted = _overall(current, Weighting.RAW), _overall(current, Weighting.WEIGHTED)
    before = _overall(latest_final(earlier) if earlier else None, Weighting.WEIGHTED)
    rows = []
    for questionnaire in wave_questionnaires(1):
        for indicator in questionnaire.indicators:
            if indicator.published_value is None or indicator.kind != "share":
                continue
            now = weighted.get(indicator.id)
            rows.append(
                Headline(
                    indicator.label.fr,
                    indicator.published_value,
                    raw.get(indicator.id),
                    now,
                    cell_change(before.get(indicator.id), now).change,
                )
            )
    return wave, rows
