"""Two draft waves a year apart serving two versions of one questionnaire (no answers)."""

from __future__ import annotations

import datetime as dt

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, QuestionnaireVersion
from tests.results.recode_factory import VERSION_1, VERSION_2


def version_pair() -> tuple[QuestionnaireVersion, QuestionnaireVersion]:
    """The (previous, new) versions, each served by the wave 1 of its campaign."""
    found = []
    for year, source in ((2024, VERSION_1), (2025, VERSION_2)):
        campaign, _ = Campaign.objects.get_or_create(
            slug=f"recodage-pages-{year}", defaults={"name": f"Recodage {year}", "year": year}
        )
        version = campaign_flows.register_version(source)
        if not campaign.waves.exists():
            wave = campaign_flows.create_wave(
                campaign, 1, "Vague 1", dt.date(year, 1, 1), dt.date(year, 3, 1)
            )
            campaign_flows.set_questionnaire(wave, version)
        found.append(version)
    previous, current = found
    return previous, current
