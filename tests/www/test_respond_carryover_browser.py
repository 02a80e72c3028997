"""Last edition's answers in Chromium: confirmed with the keyboard alone and without
JavaScript, and axe-core clean before and after."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.collection.links import issue_link
from barometre.collection.models import Respondent
from tests.support.browser import axe_violations, describe, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_site_page(page: Any, live_server: Any, wave: Wave, agent: Respondent) -> None:
    page.goto(f"{live_server.url}/connexion/{issue_link(agent)}/")
    page.click("button[type=submit]")
    page.wait_for_url("**/repondre/")
    page.click("text=Commencer")
    page.goto(f"{live_server.url}/repondre/{wave.pk}/essai/site/")


def check_accessibility(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_a_section_is_confirmed_by_keyboard_without_javascript(
    browser: Any, live_server: Any, open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        open_site_page(page, live_server, open_wave, agent)
        assert not page.get_by_label("Oui").is_checked()  # nothing prefilled silently
        assert "donnée par ancienne.dgs@saint-etienne.fr" in page.content()
        tab_to(page, "reprise-confirmer")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_label("Oui").is_checked()
        assert "sont reprises pour cette section" in page.content()
        page.get_by_label("Non", exact=True).check(force=True)  # still editable
        with page.expect_navigation():
            page.get_by_role("button", name="Enregistrer et continuer").click()
        assert page.url.endswith("/outils/")
    finally:
        context.close()


def test_the_offer_the_confirmed_section_and_the_summary_are_axe_clean(
    page: Any, live_server: Any, open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    open_site_page(page, live_server, open_wave, agent)
    check_accessibility(page)
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Confirmer les réponses de l'an dernier pour cette section"
        ).click()
    assert page.get_by_label("Oui").is_checked()
    check_accessibility(page)
    page.goto(f"{live_server.url}/repondre/{open_wave.pk}/essai/recapitulatif/")
    assert "reprise de l'édition 2025 et confirmée" in page.content()
    assert "laissée sans réponse" in page.content()
    check_accessibility(page)
