"""The public JSON API: published waves only, disclosure respected, clear errors, valid schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultEstimate
from tests.results.factory import make_wave

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def published(frame: Frame) -> Wave:
    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(wave, "final")
    return wave


def get(path: str) -> tuple[int, object]:
    reply = Client().get(path)
    return reply.status_code, reply.json() if reply["Content-Type"].startswith(
        "application/json"
    ) else reply.content.decode()


def test_published_waves_are_listed(published: Wave) -> None:
    status, body = get("/api/v1/vagues")
    assert status == 200
    assert [w["id"] for w in body["resultats"]] == [published.pk]  # type: ignore[index]


def test_an_unpublished_wave_is_a_404_in_french(frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.CLOSED)
    status, body = get(f"/api/v1/vagues/{wave.pk}/resultats")
    assert status == 404
    assert "Aucune vague publiée" in body["erreur"]  # type: ignore[index]


def test_suppressed_cells_carry_no_number(published: Wave) -> None:
    hidden = ResultEstimate.objects.filter(result_set__wave=published).exclude(suppressed="")
    assert hidden.exists()
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats")
    assert status == 200
    secret = [row for row in body["resultats"] if row["secret"]]  # type: ignore[index]
    assert len(secret) == hidden.count()
    for row in secret:
        assert (
            row["valeur"],
            row["erreur_type"],
            row["ic_bas"],
            row["ic_haut"],
            row["base_n"],
        ) == (None, None, None, None, None)


def test_results_filter_by_domain_and_export_csv(published: Wave) -> None:
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats?domaine=region&format=csv")
    assert status == 200
    lines = str(body).splitlines()
    assert lines[0].startswith("indicateur,questionnaire,domaine,niveau,ponderation,valeur")
    assert all(",region," in line for line in lines[1:])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("domaine=canton", "Domaine inconnu"),
        ("ponderation=x", "pondération"),
        ("format=xml", "format"),
    ],
)
def test_bad_filters_are_400_in_french(published: Wave, query: str, message: str) -> None:
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats?{query}")
    assert status == 400
    assert message in body["erreur"]  # type: ignore[index]


def test_participation_is_measured_against_the_frame(published: Wave) -> None:
    status, body = get(f"/api/v1/vagues/{published.pk}/participation")
    rows = {row["region"]: row for row in body["resultats"]}  # type: ignore[index]
    assert status == 200
    assert len(rows) == 18
    assert rows["84"]["collectivites"] > 4000
    assert sum(row["repondantes"] for row in rows.values()) > 0


@override_settings(API_REQUESTS_PER_MINUTE=3)
def test_the_api_is_rate_limited(published: Wave) -> None:
    codes = [Client().get("/api/v1/vagues").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_only_get_is_accepted(published: Wave) -> None:
    assert Client().post("/api/v1/vagues").status_code == 405


@pytest.mark.usefixtures("keep_test_connection")
@override_settings(API_REQUESTS_PER_MINUTE=100_000)
def test_the_api_keeps_its_openapi_contract(published: Wave) -> None:
    """schemathesis generates requests for every operation; none may break the document."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        @given(case=operation.as_strategy())
        def conforms(case: schemathesis.Case) -> None:
            if "wave_id" in (case.path_parameters or {}) and case.path_parameters["wave_id"] == 0:
                case.path_parameters["wave_id"] = published.pk
            case.call_and_validate()

        conforms()
        checked += 1
    assert checked == 7


def test_an_unknown_indicator_is_a_404_not_an_empty_list(published: Wave) -> None:
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats?indicateur=essai.inexistant")
    assert status == 404
    assert "Indicateur inconnu" in body["erreur"]  # type: ignore[index]
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats?indicateur=essai.site")
    assert status == 200
    assert body["resultats"]  # type: ignore[index]
