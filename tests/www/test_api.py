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
    assert lines[0].startswith("questionnaire,indicateur,libelle,domaine,modalite,")
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


@pytest.mark.parametrize(
    "path", ["/api/v1/vagues", "/api/collectivites?q=saint", "/api/", "/api/openapi.json"]
)
def test_only_get_is_accepted_and_a_refusal_is_json(published: Wave, path: str) -> None:
    """Never Django's HTML CSRF page: a POST without a token is told the API is read-only."""
    reply = Client(enforce_csrf_checks=True).post(path)
    assert reply.status_code == 405
    assert reply["Allow"] == "GET, HEAD"
    assert reply.json() == {"erreur": "Méthode non autorisée : l'API est en lecture seule (GET)."}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v2/vagues", "Adresse inconnue : /api/v2/vagues."),
        ("/api/v1/vagues/", "sans barre oblique finale : /api/v1/vagues"),
        ("/api/v1/vagues/abc", "Adresse inconnue"),
        ("/api/v1/vagues/99999999999999999999", "Adresse inconnue"),
        ("/api/collectivites/", "sans barre oblique finale : /api/collectivites"),
    ],
)
def test_every_unknown_api_address_is_a_json_404_in_french(path: str, message: str) -> None:
    reply = Client().get(path)
    assert reply.status_code == 404
    assert reply["Content-Type"].startswith("application/json")
    assert message in reply.json()["erreur"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=abc", "Paramètre inconnu : limit"),
        ("limite=abc", "limite est un nombre entier de 1 à 10000"),
        ("limite=0", "limite est un nombre entier"),
        ("decalage=-1", "decalage est un nombre entier"),
        ("limite=%C2%B2", "limite est un nombre entier"),
    ],
)
def test_pagination_parameters_are_checked(published: Wave, query: str, message: str) -> None:
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats?{query}")
    assert status == 400
    assert message in body["erreur"]  # type: ignore[index]


def test_a_bad_page_is_a_400_before_anything_is_looked_up(published: Wave) -> None:
    """This wave has no earlier edition (a 404 once the request is read), but its bad
    ``limite`` is told first."""
    status, _ = get(f"/api/v1/vagues/{published.pk}/evolutions")
    assert status == 404
    status, body = get(f"/api/v1/vagues/{published.pk}/evolutions?limite=abc")
    assert status == 400
    assert body == {"erreur": "Le paramètre limite est un nombre entier de 1 à 10000."}


def test_a_list_comes_in_pages_that_add_up_to_the_whole(published: Wave) -> None:
    _, whole = get(f"/api/v1/vagues/{published.pk}/resultats")
    total = whole["total"]  # type: ignore[index]
    assert total == len(whole["resultats"]) > 10  # type: ignore[index]
    pages = []
    for offset in range(0, total, 7):
        _, page = get(f"/api/v1/vagues/{published.pk}/resultats?limite=7&decalage={offset}")
        assert (page["total"], page["limite"], page["decalage"]) == (total, 7, offset)  # type: ignore[index]
        pages += page["resultats"]  # type: ignore[index]
    assert pages == whole["resultats"]  # type: ignore[index]


def test_one_wave_is_one_object_not_a_list(published: Wave) -> None:
    status, body = get(f"/api/v1/vagues/{published.pk}")
    assert status == 200
    assert body["id"] == published.pk  # type: ignore[index]
    assert "resultats" not in body  # type: ignore[operator]
    _, text = get(f"/api/v1/vagues/{published.pk}?format=csv")
    header, row = str(text).splitlines()
    assert header.startswith("id,campagne,annee,numero")
    assert row.startswith(f"{published.pk},")


def test_the_documentation_page_describes_every_operation(published: Wave) -> None:
    reply = Client().get("/api/")
    page = reply.content.decode()
    assert reply.status_code == 200
    for path in ("/v1/vagues", "/v1/vagues/{wave_id}/resultats", "/collectivites"):
        assert f"<code>GET {path}</code>" in page
    assert "<code>limite</code>" in page
    assert "<code>ic_bas</code>" in page
    assert "<code>modalite_libelle</code>" in page
    assert "Adresse de base : <code>http://testserver/api</code>" in page
    assert "http://testserver/api/collectivites?q=saint-etienne" in page


def test_the_documentation_page_lists_the_renamed_fields(published: Wave) -> None:
    page = Client().get("/api/").content.decode()
    changes = page.split('id="changements"')[1]
    assert "<code>/api/v1/…/participation</code></th><td>paramètre ?niveau=</td><td>?domaine=" in (
        changes
    )
    assert "<td>departement_nom</td><td>departement_libelle</td>" in changes


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
    assert checked == 8  # the seven of /api/v1 and the authority search


def test_an_unknown_indicator_is_a_404_not_an_empty_list(published: Wave) -> None:
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats?indicateur=essai.inexistant")
    assert status == 404
    assert "Indicateur inconnu" in body["erreur"]  # type: ignore[index]
    status, body = get(f"/api/v1/vagues/{published.pk}/resultats?indicateur=essai.site")
    assert status == 200
    assert body["resultats"]  # type: ignore[index]
