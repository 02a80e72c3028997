"""Ids beyond a database integer answer 404, never 500, on every kind of page."""

from __future__ import annotations

import pytest
from django.test import Client

from barometre.campaigns.models import Wave
from barometre.collection.links import issue_link
from barometre.collection.models import Respondent

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
PATHS = [
    f"/repondre/{HUGE}/essai/commencer/",
    f"/repondre/{HUGE}/essai/site/",
    "/repondre/2147483648/essai/site/",
    f"/resultats/{HUGE}/",
    f"/api/v1/vagues/{HUGE}",
    f"/donnees/{HUGE}/",
    f"/equipe/vagues/{HUGE}/participation/",
    f"/collectivites/commune:{HUGE}/",
    f"/collectivites/{HUGE}/",
    f"/collectivites/commune:42218/?vague={HUGE}",
]


@pytest.mark.parametrize("path", PATHS)
def test_an_id_too_large_for_the_database_is_a_404(
    open_wave: Wave, agent: Respondent, path: str
) -> None:
    client = Client(raise_request_exception=False)
    client.post(f"/connexion/{issue_link(agent)}/")
    reply = client.post(path) if path.endswith("commencer/") else client.get(path)
    assert reply.status_code == 404
