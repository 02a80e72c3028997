"""/api/v1/vagues/<id>/evolutions: weighted changes since an earlier edition, nothing for a
suppressed cell, clear errors, and the OpenAPI contract on real comparisons."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings

from barometre.campaigns.models import Wave
from barometre.referentiel import Frame
from barometre.results.models import ResultEstimate
from barometre.stats import change
from tests.results.factory import published_edition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def editions(frame: Frame) -> tuple[Wave, Wave]:
    return published_edition(frame, 2025), published_edition(frame, 2026)


def get(path: str) -> tuple[int, dict[str, object]]:
    reply = Client().get(path)
    return reply.status_code, reply.json()


def weighted(wave: Wave, domain: str = "ensemble", level: str = "") -> ResultEstimate:
    return ResultEstimate.objects.get(
        result_set__wave=wave,
        indicator_id="essai.site",
        domain=domain,
        level=level,
        weighting="pondere",
    )


def test_the_change_since_last_year_matches_the_statistics_engine(
    editions: tuple[Wave, Wave],
) -> None:
    before, after = editions
    status, body = get(f"/api/v1/vagues/{after.pk}/evolutions?indicateur=essai.site")
    assert status == 200
    assert body["vague_reference"] == before.pk
    (row,) = body["resultats"]  # type: ignore[misc]
    old, new = weighted(before), weighted(after)
    expected = change(old.value, old.se, new.value, new.se)
    assert row["valeur_reference"] == old.value
    assert row["valeur"] == new.value
    assert row["ecart"] == pytest.approx(expected.difference)
    assert row["erreur_type_ecart"] == pytest.approx(expected.se)
    assert row["p_valeur"] == pytest.approx(expected.p_value)
    assert row["significatif"] == expected.significant()


def test_a_suppressed_cell_on_either_side_has_no_number_and_no_change(
    editions: tuple[Wave, Wave],
) -> None:
    after = editions[1]
    hidden = ResultEstimate.objects.filter(weighting="pondere").exclude(suppressed="")
    secret = {(e.result_set.wave_id, e.indicator_id, e.domain, e.level) for e in hidden}
    assert secret
    checked = 0
    for domain in sorted({cell[2] for cell in secret}):
        status, body = get(f"/api/v1/vagues/{after.pk}/evolutions?domaine={domain}")
        assert status == 200
        checked += _check_rows(body["resultats"], secret, editions)  # type: ignore[arg-type]
    assert checked


def _check_rows(
    rows: list[dict[str, object]],
    secret: set[tuple[int, str, str, str]],
    editions: tuple[Wave, Wave],
) -> int:
    checked = 0
    for row in rows:
        for wave, suffix in ((editions[0], "_reference"), (editions[1], "")):
            if (wave.pk, row["indicateur"], row["domaine"], row["modalite"]) in secret:
                checked += 1
                assert row[f"valeur{suffix}"] is None
                assert row[f"base_n{suffix}"] is None
                assert row["ecart"] is None
                assert row["significatif"] is None
                assert row["secret"] is True
                assert row["cote_secret"] in {"reference" if suffix else "courante", "les_deux"}
    return checked


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("depuis=999999", 404, "Vague de référence impossible"),
        ("depuis=abc", 400, "identifiant d'une vague"),
        ("depuis=%C2%B2", 400, "identifiant d'une vague"),
        ("domaine=canton", 400, "Domaine inconnu"),
        ("format=xml", 400, "format"),
    ],
)
def test_bad_queries_are_explained_in_french(
    editions: tuple[Wave, Wave], query: str, status: int, message: str
) -> None:
    code, body = get(f"/api/v1/vagues/{editions[1].pk}/evolutions?{query}")
    assert code == status
    assert message in str(body["erreur"])


def test_the_first_edition_has_nothing_to_compare_with(editions: tuple[Wave, Wave]) -> None:
    code, body = get(f"/api/v1/vagues/{editions[0].pk}/evolutions")
    assert code == 404
    assert "antérieure" in str(body["erreur"])


def test_changes_export_as_csv(editions: tuple[Wave, Wave]) -> None:
    reply = Client().get(f"/api/v1/vagues/{editions[1].pk}/evolutions?format=csv&domaine=region")
    assert reply.status_code == 200
    lines = reply.content.decode().splitlines()
    assert lines[0].startswith("questionnaire,indicateur,libelle,domaine,modalite,")
    assert all(",region," in line for line in lines[1:])


@pytest.mark.usefixtures("keep_test_connection")
@override_settings(API_REQUESTS_PER_MINUTE=100_000)
def test_the_changes_endpoint_keeps_the_openapi_contract(editions: tuple[Wave, Wave]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operation = schema["/v1/vagues/{wave_id}/evolutions"]["GET"]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def conforms(case: schemathesis.Case) -> None:
        case.path_parameters["wave_id"] = editions[1].pk
        if case.query and "depuis" in case.query and case.query["depuis"] % 2:
            case.query["depuis"] = editions[0].pk
        case.call_and_validate()

    conforms()


def test_an_unknown_indicator_is_a_404(editions: tuple[Wave, Wave]) -> None:
    code, body = get(f"/api/v1/vagues/{editions[1].pk}/evolutions?indicateur=essai.inexistant")
    assert code == 404
    assert "Indicateur inconnu" in str(body["erreur"])
