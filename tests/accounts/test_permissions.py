"""Deny by default: staff roles on views, a relay's territory on querysets, the staff login."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import can_see, restrict, visible_authorities
from barometre.audit.models import AuditEvent
from barometre.collection.models import Respondent

pytestmark = pytest.mark.django_db

PHRASE = "mot-de-passe-1"  # only a test account's


def staff(role: str, territories: str = "", *, active: bool = True) -> StaffProfile:
    user = User.objects.create_user(f"{role}-{territories or 'tout'}", password=PHRASE)
    return StaffProfile.objects.create(user=user, role=role, territories=territories, active=active)


def test_anonymous_visitors_are_sent_to_the_staff_login() -> None:
    response = Client().get("/equipe/")
    assert response.status_code == 302
    assert response["Location"] == "/equipe/connexion/?next=/equipe/"


def test_a_respondent_without_staff_profile_is_refused(client: Client, agent: Respondent) -> None:
    client.force_login(agent.user)
    response = client.get("/equipe/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_an_inactive_profile_is_refused(client: Client) -> None:
    client.force_login(staff(StaffRole.OPERATOR, active=False).user)
    assert client.get("/equipe/").status_code == 403


@pytest.mark.parametrize("role", StaffRole.values)
def test_every_role_reaches_the_staff_home_without_cache(client: Client, role: str) -> None:
    client.force_login(staff(role, "42" if role == StaffRole.RELAY else "").user)
    response = client.get("/equipe/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_staff_log_in_with_a_password_and_the_login_is_audited(client: Client) -> None:
    profile = staff(StaffRole.ANALYST)
    page = client.get("/equipe/connexion/")
    assert "Mot de passe" in page.content.decode()
    response = client.post(
        "/equipe/connexion/", {"username": profile.user.username, "password": PHRASE}
    )
    assert response.status_code == 302
    assert response["Location"] == "/equipe/"
    assert AuditEvent.objects.filter(action="staff_login", actor=profile.user).exists()


def test_a_wrong_password_is_explained_in_french(client: Client) -> None:
    profile = staff(StaffRole.ANALYST)
    response = client.post(
        "/equipe/connexion/", {"username": profile.user.username, "password": "faux"}
    )
    assert response.status_code == 200
    assert "mot de passe" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client: Client) -> None:
    client.force_login(staff(StaffRole.OPERATOR).user)
    assert client.post("/equipe/deconnexion/").status_code == 302
    assert client.get("/equipe/").status_code == 302


def test_operators_and_analysts_see_everything_relays_their_territory() -> None:
    assert visible_authorities(staff(StaffRole.OPERATOR)) is None
    assert visible_authorities(staff(StaffRole.ANALYST)) is None
    relay = staff(StaffRole.RELAY, "departement:42")
    assert can_see(relay, "commune:42218")
    assert not can_see(relay, "commune:69123")


def test_restrict_filters_respondents_to_the_relays_territory(
    agent: Respondent, stranger: Respondent
) -> None:
    relay = staff(StaffRole.RELAY, "departement:42")
    assert list(restrict(Respondent.objects.all(), relay)) == [agent]
    assert set(restrict(Respondent.objects.all(), staff(StaffRole.OPERATOR))) == {agent, stranger}


def test_a_relay_needs_a_territory_and_territories_are_checked() -> None:
    user = User.objects.create_user("relais")
    with pytest.raises(ValidationError, match="au moins un territoire"):
        StaffProfile(user=user, role=StaffRole.RELAY).full_clean()
    with pytest.raises(ValidationError, match="commune"):
        StaffProfile(user=user, role=StaffRole.RELAY, territories="42218").full_clean()
    profile = StaffProfile(user=user, role=StaffRole.RELAY, territories="42, 244200770")
    profile.full_clean()
    assert profile.territories == "departement:42,epci:244200770"


def test_password_guessing_is_stopped_after_a_few_failures(client: Client) -> None:
    profile = staff(StaffRole.OPERATOR)
    for _ in range(5):
        client.post("/equipe/connexion/", {"username": profile.user.username, "password": "?"})
    right = client.post(
        "/equipe/connexion/", {"username": profile.user.username, "password": PHRASE}
    )
    assert right.status_code == 429
    assert "Trop de tentatives" in right.content.decode()
    assert "_auth_user_id" not in client.session
    failures = AuditEvent.objects.filter(action="staff_login_failed")
    assert failures.count() == 5
    assert profile.user.username not in str(failures.first().detail)


def test_other_accounts_are_not_locked_by_someone_elses_failures(client: Client) -> None:
    for _ in range(5):
        client.post("/equipe/connexion/", {"username": "quelquun", "password": "?"})
    profile = staff(StaffRole.ANALYST)
    response = client.post(
        "/equipe/connexion/", {"username": profile.user.username, "password": PHRASE}
    )
    assert response.status_code == 302


def test_the_admin_checks_a_relays_territories(admin_client: Client) -> None:
    user = User.objects.create_user("nouveau-relais")
    url = "/gestion/accounts/staffprofile/add/"
    assert admin_client.get(url).status_code == 200
    form = {"user": user.pk, "role": "relay", "territories": "42218", "active": "on"}
    refused = admin_client.post(url, form)
    assert refused.status_code == 200
    assert "est une commune" in refused.content.decode()
    accepted = admin_client.post(url, {**form, "territories": "region:84, 42"})
    assert accepted.status_code == 302
    assert StaffProfile.objects.get(user=user).territory_ids == ("region:84", "departement:42")
