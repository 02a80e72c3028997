"""An open wave with a small three-page questionnaire, and two colleagues of one commune."""

from __future__ import annotations

import datetime as dt

import pytest

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, Wave, WaveStatus
from barometre.collection.flows import ImportedResponse, import_responses
from barometre.collection.links import enrol
from barometre.collection.models import Respondent

SOURCE = """
id: essai
title: Questionnaire d'essai
version: "1"
wave: 1
sections:
  - id: profil
    title: Vous
    questions:
      - id: role
        type: single_choice
        label: Vous répondez en tant que
        required: true
        options: [{value: agent, label: Agent}, {value: elu, label: Élu}]
  - id: site
    title: Site internet
    questions:
      - {id: a_site, type: yes_no, label: 'Avez-vous un site internet ?', required: true}
      - id: pages
        type: integer
        label: Combien de pages ?
        min: 1
        max: 10000
        relevance: "${a_site} = 'oui'"
  - id: outils
    title: Outils
    questions:
      - id: outils
        type: multiple_choice
        label: Quels outils ?
        options:
          - {value: messagerie, label: Messagerie}
          - {value: agenda, label: Agenda partagé}
          - {value: aucun, label: Aucun, exclusive: true}
      - {id: commentaire, type: long_text, label: 'Un commentaire ?'}
"""


@pytest.fixture
def open_wave(db: None) -> Wave:
    campaign = Campaign.objects.create(name="Essai", slug="essai", year=2026)
    wave = campaign_flows.create_wave(
        campaign, 1, "Vague 1", dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    )
    campaign_flows.set_questionnaire(wave, campaign_flows.register_version(SOURCE))
    return campaign_flows.transition(wave, WaveStatus.OPEN)


@pytest.fixture
def agent(db: None) -> Respondent:
    return enrol("42218", "secretariat@saint-etienne.fr", "agent", "secrétaire de mairie")


@pytest.fixture
def elu(db: None) -> Respondent:
    return enrol("commune:42218", "maire@saint-etienne.fr", "elu", "maire")


@pytest.fixture
def stranger(db: None) -> Respondent:
    return enrol("69123", "dsi@lyon.fr", "agent", "DSI")


#: The same questionnaire in the previous edition, before « Télécopie » left its tools.
SOURCE_WITH_FAX = SOURCE.replace(
    "          - {value: aucun, label: Aucun, exclusive: true}",
    "          - {value: fax, label: Télécopie}\n"
    "          - {value: aucun, label: Aucun, exclusive: true}",
).replace('version: "1"', 'version: "0"')
#: What the commune answered in the previous edition (outils: with SOURCE_WITH_FAX only).
PREVIOUS_VALUES: dict[str, object] = {
    "role": "agent",
    "a_site": "oui",
    "pages": 40,
    "outils": ["messagerie", "agenda"],
    "commentaire": "Site refait en 2024",
}
PREVIOUS_SUBMITTED_AT = dt.datetime(2025, 2, 3, 10, 30, tzinfo=dt.UTC)


def previous_wave_with(source: str, values: dict[str, object]) -> Wave:
    """The 2025 edition of the test questionnaire, closed, with the commune's submitted answers
    given by a former colleague."""
    campaign = Campaign.objects.create(name="Essai 2025", slug="essai-2025", year=2025)
    wave = campaign_flows.create_wave(
        campaign, 1, "Vague 1", dt.date(2025, 1, 1), dt.date(2025, 3, 1)
    )
    link = campaign_flows.set_questionnaire(wave, campaign_flows.register_version(source))
    former = enrol("42218", "ancienne.dgs@saint-etienne.fr", "agent", "directrice générale")
    item = ImportedResponse("commune:42218", former, values, PREVIOUS_SUBMITTED_AT, "BN-2025-1-X")
    import_responses(link, [item], source="test")
    campaign_flows.transition(wave, WaveStatus.OPEN)
    return campaign_flows.transition(wave, WaveStatus.CLOSED)


@pytest.fixture
def previous_wave(open_wave: Wave) -> Wave:
    """The previous edition on the same version as ``open_wave``."""
    return previous_wave_with(SOURCE, PREVIOUS_VALUES)
