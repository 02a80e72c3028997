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
            for screen in questionnaire.pages(section):
                page.goto(f"{live_server.url}/repondre/{wave.pk}/{questionnaire.id}/{screen.id}/")
                check_accessibility(page)


def test_answers_are_autosaved_while_typing(
    page: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    log_in(page, invite(live_server, agent))
    page.get_by_role("button", name=re.compile("Commencer")).click()
    page.goto(f"{live_server.url}/repondre/{open_wave.pk}/essai/outils/")
    page.get_by_label("Un commentaire ?").fill("Écrit puis fenêtre fermée")
    status = page.locator("#autosave-status")
    status.filter(has_text="Réponses enregistrées automatiquement").wait_for(timeout=15000)
    response = Response.objects.get()
    assert response.answers.get(question_id="commentaire").value == "Écrit puis fenêtre fermée"


def library_wave() -> tuple[Wave, Respondent]:
    campaign = campaign_flows.create_campaign_from_library(
        "Essai",
        "essai-bib",
        2026,
        [(1, dt.date(2026, 1, 1), dt.date(2026, 3, 1), wave_questionnaires(3))],
    )
    wave = campaign_flows.transition(campaign.waves.get(), WaveStatus.OPEN)
    return wave, enrol("42218", "maire@saint-etienne.fr", "elu")


def open_profile(page: Any, live_server: Any, wave: Wave, respondent: Respondent) -> None:
    log_in(page, f"{live_server.url}/connexion/{issue_link(respondent)}/", audit=False)
    page.locator("form[action$='/strategie_numerique/commencer/']").get_by_role("button").click()
    page.wait_for_url("**/strategie_numerique/profil/")


def test_the_profile_hides_what_does_not_apply_as_the_respondent_answers(
    page: Any, live_server: Any
) -> None:
    wave, maire = library_wave()
    open_profile(page, live_server, wave, maire)
    page.locator("form[data-skip-logic-ready]").wait_for(state="attached")
    mandat = page.get_by_role("group", name=re.compile("Votre mandat"))
    fonction = page.get_by_role("group", name=re.compile("Votre fonction"))
    assert (mandat.count(), fonction.count()) == (0, 0)  # nothing chosen: neither applies
    page.get_by_label("Élu ou élue").check(force=True)
    assert (mandat.is_visible(), fonction.count()) == (True, 0)
    assert "peut ne pas vous concerner" not in page.inner_text("main")
    check_accessibility(page)
    page.get_by_label("Agent de la collectivité").check(force=True)
    assert (mandat.count(), fonction.is_visible()) == (0, True)
    page.get_by_label("Élu ou élue").check(force=True)
    page.get_by_label("Oui, elles sont exactes").check(force=True)
    page.get_by_label("Maire ou président·e").check(force=True)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    assert "/profil" not in page.url  # the whole section was answered on one screen
    values = Response.objects.get(questionnaire_key="strategie_numerique").answers
    stored = dict(values.values_list("question_id", "value"))
    assert (stored["role"], stored["fonction_elu"]) == ("elu", "maire")
    assert not values.filter(question_id="fonction_agent").exists()


def test_without_javascript_the_function_waits_for_the_next_screen(
    browser: Any, live_server: Any
) -> None:
    wave, maire = library_wave()
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        open_profile(page, live_server, wave, maire)
        text = page.inner_text("main")
        assert "Vous répondez en tant que" in text
        assert ("Votre mandat" in text, "Votre fonction" in text) == (False, False)
        page.get_by_label("Oui, elles sont exactes").check(force=True)
        page.get_by_label("Élu ou élue").check(force=True)
        page.get_by_role("button", name="Enregistrer et continuer").click()
        page.wait_for_url("**/profil-2/")
        text = page.inner_text("main")
        assert ("Votre mandat" in text, "Votre fonction" in text) == (True, False)
        assert "(suite)" in text
    finally:
        context.close()


def test_an_optional_radio_question_can_be_cleared(page: Any, live_server: Any) -> None:
    wave, maire = library_wave()
    open_profile(page, live_server, wave, maire)
    required = page.get_by_role("group", name=re.compile("Vous répondez en tant que"))
    assert required.get_by_label("Pas de réponse").count() == 0  # a required answer stays
    url = f"{live_server.url}/repondre/{wave.pk}/strategie_numerique/moyens/"
    page.goto(url)
    budget = page.get_by_role("group", name=re.compile("budget numérique annuel"))
    assert budget.get_by_label("Pas de réponse").is_checked()
    budget.get_by_label("Moins de 5 000 €").check(force=True)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    answers = Response.objects.get(questionnaire_key="strategie_numerique").answers
    assert answers.filter(question_id="str_budget").exists()
    page.goto(url)
    assert budget.get_by_label("Moins de 5 000 €").is_checked()
    budget.get_by_label("Pas de réponse").check(force=True)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    assert not answers.filter(question_id="str_budget").exists()
    page.goto(url)
    assert not budget.get_by_label("Moins de 5 000 €").is_checked()


def test_an_invalid_autosave_says_it_kept_a_draft_and_the_draft_comes_back(
    page: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    log_in(page, invite(live_server, agent), audit=False)
    page.get_by_role("button", name=re.compile("Commencer")).click()
    page.goto(f"{live_server.url}/repondre/{open_wave.pk}/essai/site/")
    page.get_by_label("Oui").check(force=True)
    page.get_by_label("Combien de pages ?").fill("beaucoup")
    status = page.locator("#autosave-status")
    status.filter(has_text="brouillon").wait_for(timeout=15000)
    said = status.inner_text()
    assert "« Combien de pages ? »" in said
    assert "pas enregistrée" in said
    response = Response.objects.get()
    assert dict(response.answers.values_list("question_id", "value")) == {"a_site": "oui"}
    assert dict(response.drafts.values_list("question_id", "value")) == {"pages": "beaucoup"}
    page.reload()
    assert page.get_by_label(re.compile("Combien de pages")).input_value() == "beaucoup"
    assert "Brouillon à enregistrer" in page.inner_text("main")
    assert "un nombre entier attendu" in page.inner_text("main")
    check_accessibility(page)


def test_an_autosave_whose_reply_was_lost_is_no_conflict_with_oneself(
    page: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    log_in(page, invite(live_server, agent), audit=False)
    page.get_by_role("button", name=re.compile("Commencer")).click()
    page.goto(f"{live_server.url}/repondre/{open_wave.pk}/essai/outils/")
    lost = []

    def drop_reply(route: Any) -> None:
        if route.request.method == "POST" and route.request.headers.get("x-autosave"):
            route.fetch()  # the server stores it...
            lost.append(route.request.url)
            route.abort()  # ...and the reply never arrives
        else:
            route.continue_()

    page.route("**/outils/", drop_reply)
    page.get_by_label("Un commentaire ?").fill("Première version")
    page.locator("#autosave-status").filter(has_text="indisponible").wait_for(timeout=15000)
    assert lost
    page.unroute("**/outils/")
    page.get_by_label("Un commentaire ?").fill("Version finale")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/recapitulatif/")
    assert "Cette page a été modifiée par" not in page.content()
    response = Response.objects.get()
    assert response.answers.get(question_id="commentaire").value == "Version finale"


def test_logging_out_keeps_what_was_typed_and_resume_opens_the_first_unsaved_page(
    page: Any, live_server: Any, open_wave: Wave, agent: Respondent
) -> None:
    log_in(page, invite(live_server, agent), audit=False)
    page.get_by_role("button", name=re.compile("Commencer")).click()
    page.get_by_label("Agent").check(force=True)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/site/")
    page.get_by_label("Oui").check(force=True)
    page.get_by_label("Combien de pages ?").fill("douze")
    page.get_by_role("button", name="Enregistrer et me déconnecter").click()
    page.get_by_role("heading", name="Vous êtes déconnecté").wait_for()
    check_accessibility(page)
    assert "1 saisie à corriger gardée en brouillon" in page.inner_text("main")
    page.goto(f"{live_server.url}/repondre/")
    assert "Votre session a expiré" in page.content()

    log_in(page, invite(live_server, agent), audit=False)
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("Reprendre")).click()
    page.wait_for_url("**/essai/site-2/")  # the first screen not saved or holding a draft
    assert page.get_by_label(re.compile("Combien de pages")).input_value() == "douze"
    assert "Brouillon à enregistrer" in page.inner_text("main")
