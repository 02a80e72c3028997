"""Staff pages in headless Chromium: zero axe-core violation, keyboard only, without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.campaigns.models import Wave
from barometre.jobs.models import Job, JobState
from barometre.participation.optout import opt_out_token
from tests.participation.data import scene
from tests.support.browser import axe_violations, describe
from tests.support.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "phrase-de-test-42"  # a throwaway test account's


def staff_member(role: str, territories: str = "") -> User:
    user = User.objects.create_user(f"{role}@equipe.fr", password=PHRASE)
    StaffProfile.objects.create(user=user, role=role, territories=territories)
    return user


def log_in(page: Any, live_server: Any, user: User) -> None:
    page.goto(live_server.url + "/equipe/connexion/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PHRASE)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/equipe/")


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_every_staff_page_has_no_wcag_aa_violation(
    page: Any, live_server: Any, open_wave: Wave
) -> None:
    people = scene(open_wave)
    page.goto(live_server.url + "/equipe/connexion/")
    assert_accessible(page)
    log_in(page, live_server, staff_member(StaffRole.RELAY, "departement:42"))
    base = f"{live_server.url}/equipe/vagues/{open_wave.pk}/"
    for path in (
        "",
        "participation/",
        "sans-reponse/",
        "sans-reponse/?status=started&type=commune",
        "collectivites/commune:42095/",
        "relances/",
    ):
        page.goto(base + path if path else live_server.url + "/equipe/")
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.select_option("#id_status", "invited")
    page.click("button[value=apercu]")
    assert "recevrai" in page.locator("[role=status]").first.inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/equipe/desinscription/{opt_out_token(people['roanne'].user)}/")
    assert_accessible(page)


def test_the_forbidden_page_has_no_violation(page: Any, live_server: Any, open_wave: Wave) -> None:
    analyst = staff_member(StaffRole.ANALYST)
    log_in(page, live_server, analyst)
    response = page.goto(f"{live_server.url}/equipe/vagues/{open_wave.pk}/relances/")
    assert response.status == 403
    assert_accessible(page)


def test_the_non_respondent_filters_work_with_the_keyboard_alone(
    page: Any, live_server: Any, open_wave: Wave
) -> None:
    scene(open_wave)
    log_in(page, live_server, staff_member(StaffRole.OPERATOR))
    page.goto(f"{live_server.url}/equipe/vagues/{open_wave.pk}/sans-reponse/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_status":
            break
    assert page.evaluate("document.activeElement.id") == "id_status"
    for _ in range(3):  # Tous → non invitée → invitée → commencé
        page.keyboard.press("ArrowDown")
    assert page.input_value("#id_status") == "started"
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "status=started" in page.url
    assert "Firminy" in page.locator("table tbody").inner_text()


def test_reminders_preview_works_without_javascript(
    browser: Any, live_server: Any, open_wave: Wave
) -> None:
    scene(open_wave)
    operator = staff_member(StaffRole.OPERATOR)
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        log_in(page, live_server, operator)
        page.goto(f"{live_server.url}/equipe/vagues/{open_wave.pk}/relances/")
        page.click("button[value=apercu]")
        assert "4 personnes" in page.locator("#apercu + p").inner_text()
        assert page.locator("button[value=envoyer]").count() == 1
    finally:
        context.close()


def test_error_and_confirmation_states_have_no_violation(
    page: Any, live_server: Any, open_wave: Wave
) -> None:
    people = scene(open_wave)
    page.goto(live_server.url + "/equipe/connexion/")
    page.fill("#id_username", "personne")
    page.fill("#id_password", "faux")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/equipe/desinscription/{opt_out_token(people['lyon'].user)}/")
    page.click("button[type=submit]")
    assert "C'est fait" in page.locator("[role=status]").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/equipe/desinscription/faux/")
    assert_accessible(page)


def test_the_national_table_has_no_violation(page: Any, live_server: Any, open_wave: Wave) -> None:
    scene(open_wave)
    log_in(page, live_server, staff_member(StaffRole.OPERATOR))
    page.goto(f"{live_server.url}/equipe/vagues/{open_wave.pk}/participation/")
    assert page.locator("tbody tr").count() > 100
    assert_accessible(page)


def test_a_reminder_job_is_followed_by_reloading_the_page(
    page: Any, browser: Any, live_server: Any, open_wave: Wave, settings: Any
) -> None:
    """Send, land on the job's page, reload it until done; a failed job offers to start again.
    Each state has no WCAG AA violation, and the page reads the same without JavaScript."""
    settings.REMINDERS_PER_MINUTE = 60_000
    scene(open_wave)
    operator = staff_member(StaffRole.OPERATOR)
    log_in(page, live_server, operator)
    page.goto(f"{live_server.url}/equipe/vagues/{open_wave.pk}/relances/")
    page.select_option("#id_status", "invited")
    page.click("button[value=apercu]")
    page.click("button[value=envoyer]")
    assert "/equipe/taches/" in page.url
    assert "en attente" in page.locator("#etat-tache").inner_text()
    assert page.locator("progress").get_attribute("value") == "0"
    assert_accessible(page)
    run_worker()
    page.click("text=Actualiser l'avancement")
    assert "terminée" in page.locator("#etat-tache").inner_text()
    assert page.locator("progress").get_attribute("value") == "3"
    assert "3 relance(s) envoyée(s)" in page.locator(".fr-alert--success").inner_text()
    assert_accessible(page)
    Job.objects.update(state=JobState.FAILED, error="le serveur de messagerie refuse")
    page.reload()
    assert "Échec : le serveur de messagerie refuse" in page.locator(".fr-alert").inner_text()
    assert page.locator("button", has_text="Relancer la tâche").count() == 1
    assert_accessible(page)
    job_url = page.url
    page.goto(f"{live_server.url}/equipe/taches/")
    assert page.locator("h1").inner_text() == "Tâches de fond"
    assert_accessible(page)
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        plain = context.new_page()
        log_in(plain, live_server, operator)
        plain.goto(job_url)
        assert "échouée" in plain.locator("#etat-tache").inner_text()
        plain.click("button:has-text('Relancer la tâche')")
        assert "Tâche relancée" in plain.locator(".fr-alert--success").first.inner_text()
        assert "en attente" in plain.locator("#etat-tache").inner_text()
    finally:
        context.close()
