"""Participation in the API: by région (the default) or by département (``?domaine=``), one
record for both (``PARTICIPATION``), in JSON and CSV, with a French 400 for an unknown domain;
the OpenAPI document describes the parameter and the record."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from barometre.campaigns.models import Wave, WaveStatus
from barometre.publication.records_api import PARTICIPATION
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.www.api.queries import participation
from tests.results.factory import make_wave

pytestmark = pytest.mark.django_db
KEYS = ["domaine", "modalite", "modalite_libelle", "region", "collectivites", "repondantes",
        "taux"]  # fmt: skip


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


@pytest.mark.parametrize("query", ["", "?domaine=region"])
def test_the_region_level_is_the_default(frame: Frame, published: Wave, query: str) -> None:
    reply = Client().get(url(published, query))
    assert reply.status_code == 200
    body = reply.json()
    assert list(body) == ["resultats", "total", "decalage", "limite"]
    assert (body["total"], body["decalage"], body["limite"]) == (18, 0, None)
    assert body["resultats"] == participation(published, "region")
    assert len(body["resultats"]) == 18
    assert all(list(row) == KEYS for row in body["resultats"])
    occitanie = next(r for r in body["resultats"] if r["modalite"] == "76")
    assert (occitanie["domaine"], occitanie["modalite_libelle"]) == ("region", "Occitanie")
    assert occitanie["region"] == "76"


def test_the_departement_level_has_every_departement_against_the_frame(
    frame: Frame, published: Wave
) -> None:
    reply = Client().get(url(published, "?domaine=departement"))
    assert reply.status_code == 200
    rows = reply.json()["resultats"]
    assert rows == participation(published, "departement")
    assert [r["modalite"] for r in rows] == [u.code for u in frame.of_type("departement")]
    assert [r["modalite_libelle"] for r in rows] == [u.name for u in frame.of_type("departement")]
    assert all(list(row) == KEYS and row["domaine"] == "departement" for row in rows)
    assert sum(r["repondantes"] for r in rows) == 30
    assert sum(r["collectivites"] for r in rows) == len(frame.units) - 18  # no région
    for row in rows:
        assert row["taux"] == round(row["repondantes"] / row["collectivites"], 6)
        assert row["region"] == frame.get(f"departement:{row['modalite']}").region


def test_the_departement_level_exports_csv(published: Wave) -> None:
    reply = Client().get(url(published, "?domaine=departement&format=csv"))
    assert reply.status_code == 200
    lines = reply.content.decode().splitlines()
    assert lines[0] == ",".join(KEYS)
    assert len(lines) == 102
    assert lines[1].startswith("departement,01,Ain,84,")


@pytest.mark.parametrize("value", ["commune", "dep", "REGION", "x" * 500, ""])
def test_an_unknown_domain_is_a_400_in_french(published: Wave, value: str) -> None:
    reply = Client().get(url(published, f"?domaine={value}"))
    assert reply.status_code == 400
    assert reply["Content-Type"].startswith("application/json")
    assert "Domaine inconnu : choisissez region ou departement." in reply.json()["erreur"]


def test_the_former_parameter_is_refused_and_names_the_new_one(published: Wave) -> None:
    reply = Client().get(url(published, "?niveau=departement"))
    assert reply.status_code == 400
    assert "Paramètre inconnu : niveau" in reply.json()["erreur"]
    assert "domaine" in reply.json()["erreur"]


def test_an_unpublished_wave_is_a_404_at_either_level(frame: Frame) -> None:
    wave = make_wave(frame, [u.id for u in frame.of_type("commune")[:3]], WaveStatus.CLOSED)
    for query in ("", "?domaine=departement"):
        reply = Client().get(url(wave, query))
        assert reply.status_code == 404
        assert "Aucune vague publiée" in reply.json()["erreur"]


def test_the_openapi_document_describes_the_domain() -> None:
    document = Client().get("/api/openapi.json").json()
    operation = document["paths"]["/v1/vagues/{wave_id}/participation"]["get"]
    (domain,) = [p for p in operation["parameters"] if p["name"] == "domaine"]
    assert domain["in"] == "query"
    assert domain["required"] is False
    assert domain["schema"]["enum"] == ["region", "departement"]
    assert domain["schema"]["default"] == "region"
    items = operation["responses"]["200"]["content"]["application/json"]["schema"]
    rows = items["properties"]["resultats"]["items"]
    assert rows == {"$ref": "#/components/schemas/participation"}
    assert document["components"]["schemas"]["participation"]["required"] == KEYS
    assert PARTICIPATION.names == tuple(KEYS)
