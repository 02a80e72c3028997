"""The recoding pages in headless Chromium: no axe-core violation, the map confirmed with the
keyboard, and without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.accounts.models import StaffRole
from barometre.campaigns.models import RecodeMap
from tests.www.recoding_data import version_pair
from tests.www.test_staff_browser import assert_accessible, log_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_recoding_pages_have_no_violation_and_the_form_is_sent_by_keyboard(
    page: Any, live_server: Any
) -> None:
    previous, current = version_pair()
    log_in(page, live_server, staff_member(StaffRole.OPERATOR))
    page.goto(f"{live_server.url}/equipe/recodage/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/equipe/recodage/{previous.pk}/{current.pk}/")
    assert_accessible(page)
    page.locator("button[type=submit]", has_text="Confirmer la table").focus()
    page.keyboard.press("Enter")  # opsn and epci still unmapped: refused, said at the top
    page.wait_for_selector("#erreurs")
    assert "2 erreurs à corriger" in page.locator("#erreurs").inner_text()
    assert_accessible(page)
    for choice in ("opsn", "epci"):
        page.locator(f"#recodage-gestion-{choice}").focus()
        page.select_option(f"#recodage-gestion-{choice}", "mutualise")
    page.locator("button[type=submit]", has_text="Confirmer la table").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-recode=confirmee]")
    assert RecodeMap.objects.get().mapping["gestion"]["epci"] == ["mutualise"]
    assert_accessible(page)


def test_the_map_is_confirmed_without_javascript(browser: Any, live_server: Any) -> None:
    previous, current = version_pair()
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        log_in(page, live_server, staff_member(StaffRole.OPERATOR))
        page.goto(f"{live_server.url}/equipe/recodage/{previous.pk}/{current.pk}/")
        page.select_option("#recodage-gestion-opsn", "mutualise")
        page.select_option("#recodage-gestion-epci", "mutualise")
        with page.expect_navigation():
            page.click("button[type=submit] >> text=Confirmer la table de recodage")
        assert page.locator("[data-recode=confirmee]").count() == 1
        assert RecodeMap.objects.count() == 1
    finally:
        context.close()
