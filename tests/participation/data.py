"""Small participation scenes: who was invited, who started, who submitted."""

from __future__ import annotations

from barometre.campaigns.models import Wave
from barometre.collection import flows
from barometre.collection.links import enrol
from barometre.collection.models import Respondent


def submitted(wave: Wave, respondent: Respondent) -> None:
    response = flows.open_response(wave, "essai", respondent)
    flows.save_page(response, "profil", {"role": "agent"}, respondent, key="k1", base_revision=0)
    flows.save_page(response, "site", {"a_site": "non"}, respondent, key="k2", base_revision=0)
    flows.save_page(
        response, "outils", {"outils": ["aucun"]}, respondent, key="k3", base_revision=0
    )
    assert not flows.submit(response, respondent)


def started(wave: Wave, respondent: Respondent) -> None:
    flows.open_response(wave, "essai", respondent)


def scene(wave: Wave) -> dict[str, Respondent]:
    """Loire: Saint-Étienne submitted, Firminy started, Roanne invited; Lyon (Rhône) invited."""
    people = {
        "saint_etienne": enrol("42218", "mairie@saint-etienne.fr", "agent"),
        "firminy": enrol("42095", "dgs@firminy.fr", "agent"),
        "roanne": enrol("42187", "dsi@roanne.fr", "agent"),
        "roanne_maire": enrol("42187", "maire@roanne.fr", "elu"),
        "lyon": enrol("69123", "dsi@lyon.fr", "agent"),
    }
    submitted(wave, people["saint_etienne"])
    started(wave, people["firminy"])
    return people
