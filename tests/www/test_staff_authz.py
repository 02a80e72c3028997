"""Every staff URL × method × role: deny by default, analysts read only, relays in their territory.

The matrix is built from the URL conf itself, so a new staff page without an entry here fails.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, get_resolver

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.authoring.flows import create_draft
from barometre.authoring.models import QuestionnaireDraft, TrialResponse
from barometre.authoring.trials import start_trial
from barometre.campaigns.models import Wave
from barometre.collection.models import Respondent
from barometre.jobs.models import Job
from barometre.participation.nonrespondents import Filters
from barometre.participation.optout import opt_out_token
from barometre.participation.tasks import start_reminders
from barometre.results.models import Kind, ResultSet
from tests.authoring.files import yaml_bytes
from tests.participation.data import scene
from tests.www.recoding_data import version_pair

pytestmark = pytest.mark.django_db


def without_nonce(html: bytes) -> bytes:
    """The page without its per-request Content Security Policy nonces."""
    return re.sub(rb'nonce="[^"]*"', b"", html)


ROLES = ("anonymous", "respondent", "analyst", "relay", "operator")
METHODS = ("get", "post", "put", "delete")
READ = {"get": 200, "post": 405, "put": 405, "delete": 405}
#: A confirmed step: the form (or its confirmation page), then a POST without its fields → 400.
FORM = {"get": 200, "post": 400, "put": 405, "delete": 405}
DENIED = {"anonymous": 302, "respondent": 403}

# url name → expected status per method for a staff member allowed to use the page
PAGES: dict[str, dict[str, int]] = {
    "home": READ,
    "dashboard": READ,
    "dashboard_csv": READ,
    "non_respondents": READ,
    "authority": READ,
    "reminders": {"get": 200, "post": 200, "put": 405, "delete": 405},
    "jobs": READ,
    "job": READ,
    "job_restart": {"get": 405, "post": 302, "put": 405, "delete": 405},
    # the matrix's wave is open: the levels of a wave are read once it is published (409)
    "levels": {"get": 409, "post": 405, "put": 405, "delete": 405},
    "editions": READ,
    "edition": READ,
    "edition_new": FORM,
    "wave_new": FORM,
    "wave": READ,
    "wave_step": FORM,
    "wave_build": FORM,
    "wave_review": READ,
    "wave_publish": {**FORM, "get": 409},  # the wave is open: the page says why not
    "wave_invitations": FORM,
    "exports": READ,
    "recodings": READ,
    # a form left empty: every previous choice unmapped, refused (400), nothing stored
    "recoding_pair": {"get": 200, "post": 400, "put": 405, "delete": 405},
    # Questionnaire drafts (operators only); the matrix posts no file, no revision, no count.
    "drafts": {"get": 200, "post": 400, "put": 405, "delete": 405},
    "draft_from_version": {"get": 405, "post": 400, "put": 405, "delete": 405},
    "draft": READ,
    "draft_replace": {"get": 405, "post": 400, "put": 405, "delete": 405},
    "draft_publish": {"get": 405, "post": 400, "put": 405, "delete": 405},
    "draft_received": READ,
    "draft_yaml": READ,
    "draft_xlsform": READ,
    "draft_specification": READ,
    "draft_specification_pdf": READ,
    "draft_preview_start": {"get": 405, "post": 302, "put": 405, "delete": 405},
    "draft_preview_page": {"get": 200, "post": 422, "put": 405, "delete": 405},
    "draft_preview_summary": {"get": 200, "post": 422, "put": 405, "delete": 405},
    "draft_generate": {"get": 405, "post": 400, "put": 405, "delete": 405},
    "draft_reset": {"get": 405, "post": 302, "put": 405, "delete": 405},
    "draft_delete": {"get": 405, "post": 302, "put": 405, "delete": 405},  # last: it deletes
}
DRAFT_PAGES = {name for name in PAGES if name.startswith("draft")}
OPERATORS = ("operator",)
WRITERS = {
    "edition_new": OPERATORS,
    "wave_new": OPERATORS,
    "wave_step": OPERATORS,
    "wave_build": OPERATORS,
    "wave_publish": OPERATORS,
    "wave_invitations": OPERATORS,
    "wave_review": ("analyst", "operator"),
    "reminders": ("relay", "operator"),
    "jobs": ("relay", "operator"),
    "job": ("relay", "operator"),
    "job_restart": ("relay", "operator"),
    **dict.fromkeys(DRAFT_PAGES, ("operator",)),
    "recodings": ("operator",),
    "recoding_pair": ("operator",),
}
#: A relay sees only the jobs it started: another's job is not found (with its allowed method).
NOT_THEIRS = {("relay", "job", "get"), ("relay", "job_restart", "post")}
PUBLIC = {"login", "logout", "unsubscribe", "link_login", "link_login_confirm"}


def staff_url_names() -> set[str]:
    _, staff = get_resolver().namespace_dict["staff"]
    return {p.name for p in staff.url_patterns if isinstance(p, URLPattern) and p.name}


def test_every_staff_url_is_in_the_matrix() -> None:
    assert staff_url_names() == set(PAGES) | PUBLIC


def client_as(role: str, people: dict[str, Respondent]) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    if role == "respondent":
        client.force_login(people["lyon"].user)
        return client
    user = User.objects.create_user(f"{role}@equipe.fr")
    territories = "departement:42" if role == StaffRole.RELAY else ""
    StaffProfile.objects.create(user=user, role=role, territories=territories)
    client.force_login(user)
    return client


def url(name: str, wave: Wave, authority: str = "commune:42095") -> str:
    base = "/equipe/"
    paths = {
        "home": base,
        "dashboard": f"{base}vagues/{wave.pk}/participation/",
        "dashboard_csv": f"{base}vagues/{wave.pk}/participation.csv",
        "non_respondents": f"{base}vagues/{wave.pk}/sans-reponse/",
        "authority": f"{base}vagues/{wave.pk}/collectivites/{authority}/",
        "reminders": f"{base}vagues/{wave.pk}/relances/",
        "jobs": f"{base}taches/",
        "recodings": f"{base}recodage/",
        "levels": f"{base}vagues/{wave.pk}/niveaux/",
        "editions": f"{base}editions/",
        "edition": f"{base}editions/{wave.campaign_id}/",
        "edition_new": f"{base}editions/nouvelle/",
        "wave_new": f"{base}editions/{wave.campaign_id}/vague/",
        "wave": f"{base}vagues/{wave.pk}/",
        "wave_step": f"{base}vagues/{wave.pk}/etat/clore/",
        "wave_build": f"{base}vagues/{wave.pk}/resultats/calcul/",
        "wave_review": f"{base}vagues/{wave.pk}/resultats/1/",
        "wave_publish": f"{base}vagues/{wave.pk}/publier/",
        "wave_invitations": f"{base}vagues/{wave.pk}/invitations/",
        "exports": f"{base}exports/",
    }
    if name in DRAFT_PAGES:
        return draft_url(name)
    if name == "recoding_pair":
        previous, current = version_pair()
        return f"{base}recodage/{previous.pk}/{current.pk}/"
    if name == "wave_review" and not wave.result_sets.exists():
        ResultSet.objects.create(wave=wave, kind=Kind.PROVISIONAL, revision=1, responses=0)
    if name in {"job", "job_restart"}:
        job = Job.objects.filter(wave=wave).first() or start_reminders(
            wave, Filters(), None, None, 1
        )
        return f"{base}taches/{job.pk}/" + ("relancer/" if name == "job_restart" else "")
    return paths[name]


def draft_url(name: str) -> str:
    """The page of a draft (created again after the matrix deletes it), or of one of its trials."""
    draft = QuestionnaireDraft.objects.first() or create_draft(
        "bon.yaml", yaml_bytes("bon.yaml"), None
    )
    trial = TrialResponse.objects.filter(draft=draft).first() or start_trial(draft, None)
    paths = {
        "drafts": "",
        "draft_from_version": "depuis-une-version/",
        "draft": f"{draft.pk}/",
        "draft_replace": f"{draft.pk}/fichier/",
        "draft_publish": f"{draft.pk}/publier/",
        "draft_delete": f"{draft.pk}/supprimer/",
        "draft_received": f"{draft.pk}/fichier-recu/",
        "draft_yaml": f"{draft.pk}/questionnaire.yaml",
        "draft_xlsform": f"{draft.pk}/questionnaire.xlsx",
        "draft_specification": f"{draft.pk}/specification/",
        "draft_specification_pdf": f"{draft.pk}/specification.pdf",
        "draft_preview_start": f"{draft.pk}/apercu/",
        "draft_preview_page": f"{draft.pk}/apercu/{trial.pk}/site/",
        "draft_preview_summary": f"{draft.pk}/apercu/{trial.pk}/recapitulatif/",
        "draft_generate": f"{draft.pk}/essais/generer/",
        "draft_reset": f"{draft.pk}/essais/effacer/",
    }
    return "/equipe/brouillons/" + paths[name]


def expected(role: str, name: str, method: str) -> int:
    if role in DENIED:
        return DENIED[role]
    if role not in WRITERS.get(name, ROLES):
        return 403
    if (role, name, method) in NOT_THEIRS:
        return 404
    return PAGES[name][method]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_method_answers_as_the_role_allows(open_wave: Wave, role: str) -> None:
    people = scene(open_wave)
    client = client_as(role, people)
    seen: dict[tuple[str, str], int] = {}
    for name in PAGES:
        for method in METHODS:
            response = getattr(client, method)(url(name, open_wave), {"action": "apercu"})
            seen[name, method] = response.status_code
            if response.status_code < 300:
                assert "no-store" in response["Cache-Control"], (name, method)
    assert seen == {(n, m): expected(role, n, m) for n in PAGES for m in METHODS}


@pytest.mark.parametrize("role", ["analyst", "operator"])
def test_national_roles_see_every_authority(open_wave: Wave, role: str) -> None:
    client = client_as(role, scene(open_wave))
    assert client.get(url("authority", open_wave, "commune:69123")).status_code == 200


def test_a_relay_never_sees_another_territory(open_wave: Wave) -> None:
    client = client_as("relay", scene(open_wave))
    outside = client.get(url("authority", open_wave, "commune:69123"))
    missing = client.get(url("authority", open_wave, "commune:99999"))
    assert outside.status_code == missing.status_code == 404
    assert without_nonce(outside.content) == without_nonce(missing.content)
    listing = client.get(url("non_respondents", open_wave), {"status": "invited"}).content
    assert "Roanne" in listing.decode()
    assert "commune:69123" not in listing.decode()
    table = client.get(url("dashboard", open_wave)).content.decode()
    assert "Île-de-France" not in table
    preview = client.post(url("reminders", open_wave), {"action": "apercu"}).content.decode()
    assert "commune:69123" not in preview
    assert "commune:42187" in preview


def test_an_unknown_wave_is_404_for_every_staff_role(open_wave: Wave) -> None:
    people = scene(open_wave)
    for role in ("analyst", "relay", "operator"):
        client = client_as(role, people)
        for name in ("dashboard", "dashboard_csv", "non_respondents", "authority", "wave"):
            assert client.get(url(name, Wave(pk=999))).status_code == 404, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_the_opt_out_page_needs_no_login_and_only_a_signed_token(
    open_wave: Wave, role: str
) -> None:
    people = scene(open_wave)
    client = client_as(role, people)
    token = opt_out_token(people["roanne"].user)
    assert client.get(f"/equipe/desinscription/{token}/").status_code == 200
    assert client.get(f"/equipe/desinscription/{token}x/").status_code == 400
    assert client.put(f"/equipe/desinscription/{token}/").status_code == 405


def test_the_login_page_is_open_to_all(client: Client) -> None:
    assert client.get("/equipe/connexion/").status_code == 200
