"""The respondent journey in headless Chromium, with axe-core on every page of it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.links import enrol, issue_link
from barometre.collection.models import Respondent, Response
from barometre.collection.notify import send_login_link
from barometre.questionnaire.library import wave_questionnaires
from tests.support.browser import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_accessibility(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def invite(live_server: Any, respondent: Respondent) -> str:
    token = issue_link(respondent)
    send_login_link(respondent, f"{live_server.url}/connexion/{token}/", "invitation")
    found = re.search(r"(http://\S+/connexion/\S+/)", mail.outbox[-1].body)
    assert found
    return found.group(1)


def log_in(page: Any, url: str, *, audit: bool = True) -> None:
    page.goto(url)
    if audit:
        check_accessibility(page)
    page.click("button[type=submit]")
    page.wait_for_url("**/repondre/")


def test_invitation_three_pages_leave_come_back_submit_receipt(
    page: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    log_in(page, invite(live_server, agent))
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("Commencer")).click()
    check_accessibility(page)
    page.get_by_label("Agent").check(force=True)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    check_accessibility(page)
    page.get_by_label("Oui").check(force=True)
    page.get_by_label("Combien de pages ?").fill("12")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Messagerie").check(force=True)
    page.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    page.wait_for_url("**/repondre/")
    assert "En cours" in page.content()

    page.context.clear_cookies()  # leave; come back later in a new session
    log_in(page, invite(live_server, agent))
    page.get_by_role("button", name=re.compile("Reprendre")).click()
    page.goto(f"{live_server.url}/repondre/{open_wave.pk}/essai/recapitulatif/")
    check_accessibility(page)
    assert "Messagerie" in page.content()
    page.get_by_role("button", name=re.compile("Soumettre")).click()
    page.wait_for_url("**/accuse/")
    check_accessibility(page)
    receipt = Response.objects.get().receipt_number
    assert receipt in page.content()
    assert receipt in mail.outbox[-1].subject


def test_errors_are_announced_and_reachable_by_keyboard(
    page: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    log_in(page, invite(live_server, agent))
    page.get_by_role("button", name=re.compile("Commencer")).click()
    page.get_by_role("button", name="Enregistrer et continuer").click()  # role missing
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.goto(f"{live_server.url}/repondre/{open_wave.pk}/essai/site/")
    page.get_by_label("Oui").check(force=True)
    page.get_by_label("Combien de pages ?").fill("beaucoup")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    check_accessibility(page)
    alert = page.get_by_role("alert")
    assert "Combien de pages" in alert.inner_text()
    page.locator("#erreurs a").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#q-pages"


def test_the_questionnaire_works_without_javascript(
    browser: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        log_in(page, invite(live_server, agent), audit=False)
        page.get_by_role("button", name=re.compile("Commencer")).click()
        page.get_by_label("Élu").check(force=True)
        page.get_by_role("button", name="Enregistrer et continuer").click()
        assert "/site/" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("wave_number", [1, 2, 3])
def test_every_page_of_the_library_has_no_violation(
    page: Any, live_server: Any, wave_number: int
) -> None:
    campaign = campaign_flows.create_campaign_from_library(
        f"Essai {wave_number}",
        f"essai-{wave_number}",
        2026,
        [(1, dt.date(2026, 1, 1), dt.date(2026, 3, 1), wave_questionnaires(wave_number))],
    )
    wave = campaign_flows.transition(campaign.waves.get(), WaveStatus.OPEN)
    respondent = enrol("42218", "dgs@saint-etienne.fr", "agent")
    log_in(page, f"{live_server.url}/connexion/{issue_link(respondent)}/")
    for questionnaire in wave_questionnaires(wave_number):
        page.goto(f"{live_server.url}/repondre/")
        form = page.locator(f"form[action$='/{questionnaire.id}/commencer/']")
        form.get_by_role("button").click()
        for section in questionnaire.sections:
            page.goto(f"{live_server.url}/repondre/{wave.pk}/{questionnaire.id}/{section.id}/")
            check_accessibility(page)


def test_answers_are_autosaved_while_typing(
    page: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    log_in(page, invite(live_server, agent))
    page.get_by_role("button", name=re.compile("Commencer")).click()
    page.goto(f"{live_server.url}/repondre/{open_wave.pk}/essai/outils/")
    page.get_by_label("Un commentaire ?").fill("Écrit puis fenêtre fermée")
    status = page.locator("#autosave-status")
    status.filter(has_text="enregistré automatiquement").wait_for(timeout=15000)
    response = Response.objects.get()
    assert response.answers.get(question_id="commentaire").value == "Écrit puis fenêtre fermée"
