"""The reminder ranking and the representativeness section in Chromium: zero axe-core
violation with every table open, and the ranking used without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.accounts.models import StaffRole
from barometre.campaigns.models import Wave
from tests.support.browser import axe_violations, describe
from tests.www.test_staff_browser import log_in, staff_member
from tests.www.test_staff_reminder_ranking import ANSWERED, INVITED, collect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_everything(page: Any) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_ranking_and_representativeness_have_no_violation(
    page: Any, live_server: Any, open_wave: Wave
) -> None:
    collect(open_wave, ANSWERED, INVITED)
    log_in(page, live_server, staff_member(StaffRole.RELAY, "departement:42"))
    base = f"{live_server.url}/equipe/vagues/{open_wave.pk}/"
    page.goto(base + "participation/")
    assert "R-indicateur" in page.locator("main").inner_text()
    open_everything(page)
    assert_accessible(page)
    page.goto(base + "relances/")
    assert page.locator("text=Groupes à relancer en priorité").count() == 1
    open_everything(page)
    assert_accessible(page)
    response = page.goto(base + "relances/?attrition=hier")
    assert response.status == 400
    assert_accessible(page)


def test_a_ranked_group_is_chosen_and_previewed_without_javascript(
    browser: Any, live_server: Any, open_wave: Wave
) -> None:
    collect(open_wave, ANSWERED, INVITED)
    relay = staff_member(StaffRole.RELAY, "departement:42")
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        log_in(page, live_server, relay)
        page.goto(f"{live_server.url}/equipe/vagues/{open_wave.pk}/relances/")
        first = page.locator("table tbody tr").first
        group = first.locator("th").inner_text()
        first.locator("a", has_text="Relancer ce groupe").click()
        assert "stratum=" in page.url
        page.click("button[value=apercu]")
        preview = page.locator("#apercu + p").inner_text()
        assert "recevrai" in preview
        assert page.locator("text=" + group).count() >= 1
    finally:
        context.close()
