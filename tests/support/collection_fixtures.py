"""An open wave with a small three-page questionnaire, and two colleagues of one commune."""

from __future__ import annotations

import datetime as dt

import pytest

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, Wave, WaveStatus
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
