"""Participation in the API: by région (the default, unchanged) or by département, in JSON and
CSV, with a French 400 for an unknown level; the OpenAPI document describes the parameter."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.www.api.queries import participation_by_departement, participation_by_region
from tests.results.factory import make_wave

pytestmark = pytest.mark.django_db
REGION_KEYS = ["region", "nom", "collectivites", "repondantes", "taux"]
DEPARTEMENT_KEYS = ["departement", "nom", "region", "collectivites", "repondantes", "taux"]


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def published(frame: Frame) -> Wave:
    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(wave, "final")
    return wave


def url(wave: Wave, query: str = "") -> str:
    return f"/api/v1/vagues/{wave.pk}/participation{query}"


@pytest.mark.parametrize("query", ["", "?niveau=region"])
def test_the_region_level_is_the_default_and_unchanged(published: Wave, query: str) -> None:
    reply = Client().get(url(published, query))
    assert reply.status_code == 200
    body = reply.json()
    assert list(body) == ["resultats", "total", "decalage", "limite"]
    assert (body["total"], body["decalage"], body["limite"]) == (18, 0, None)
    assert body["resultats"] == participation_by_region(published)
    assert len(body["resultats"]) == 18
    assert all(list(row) == REGION_KEYS for row in body["resultats"])


def test_the_departement_level_has_every_departement_against_the_frame(
    frame: Frame, published: Wave
) -> None:
    reply = Client().get(url(published, "?niveau=departement"))
    assert reply.status_code == 200
    rows = reply.json()["resultats"]
    assert rows == participation_by_departement(published)
    assert [r["departement"] for r in rows] == [u.code for u in frame.of_type("departement")]
    assert all(list(row) == DEPARTEMENT_KEYS for row in rows)
    assert sum(r["repondantes"] for r in rows) == 30
    assert sum(r["collectivites"] for r in rows) == len(frame.units) - 18  # no région
    for row in rows:
        assert row["taux"] == round(row["repondantes"] / row["collectivites"], 6)
        assert row["region"] == frame.get(f"departement:{row['departement']}").region


def test_the_departement_level_exports_csv(published: Wave) -> None:
    reply = Client().get(url(published, "?niveau=departement&format=csv"))
    assert reply.status_code == 200
    lines = reply.content.decode().splitlines()
    assert lines[0] == ",".join(DEPARTEMENT_KEYS)
    assert len(lines) == 102
    assert lines[1].startswith("01,Ain,84,")


@pytest.mark.parametrize("value", ["commune", "dep", "REGION", "x" * 500, ""])
def test_an_unknown_level_is_a_400_in_french(published: Wave, value: str) -> None:
    reply = Client().get(url(published, f"?niveau={value}"))
    assert reply.status_code == 400
    assert reply["Content-Type"].startswith("application/json")
    assert "Niveau inconnu" in reply.json()["erreur"]


def test_an_unpublished_wave_is_a_404_at_either_level(frame: Frame) -> None:
    wave = make_wave(frame, [u.id for u in frame.of_type("commune")[:3]], WaveStatus.CLOSED)
    for query in ("", "?niveau=departement"):
        reply = Client().get(url(wave, query))
        assert reply.status_code == 404
        assert "Aucune vague publiée" in reply.json()["erreur"]


def test_the_openapi_document_describes_the_level() -> None:
    document = Client().get("/api/openapi.json").json()
    operation = document["paths"]["/vagues/{wave_id}/participation"]["get"]
    (niveau,) = [p for p in operation["parameters"] if p["name"] == "niveau"]
    assert niveau["in"] == "query"
    assert niveau["required"] is False
    assert niveau["schema"]["enum"] == ["region", "departement"]
    assert niveau["schema"]["default"] == "region"
    items = operation["responses"]["200"]["content"]["application/json"]["schema"]
    rows = items["properties"]["resultats"]["items"]
    shapes = [set(shape["required"]) for shape in rows["anyOf"]]
    assert set(REGION_KEYS) in shapes
    assert set(DEPARTEMENT_KEYS) in shapes
