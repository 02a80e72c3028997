"""Participation by région or département in headless Chromium: the map draws under the strict
CSP, no axe-core violation (both levels and the rejected choice), the form works with the
keyboard alone, and without JavaScript the table is there."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from tests.support.browser import axe_violations, describe, refusals, tab_to
from tests.www.test_dashboard_helpers import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = '[data-table="participation"] tbody tr'


@pytest.fixture
def wave() -> Wave:
    return publish(load_frame())[0]


def pages(wave: Wave) -> list[str]:
    base = f"/resultats/{wave.pk}/participation/"
    return [base, f"{base}?niveau=departement"]


def test_both_levels_draw_and_render_without_wcag_aa_violation(
    page: Any, live_server: Any, wave: Wave
) -> None:
    for path in pages(wave):
        page.goto(live_server.url + path)
        page.wait_for_selector("map-chart svg", timeout=10_000)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe(violations)}"


def test_a_rejected_level_renders_without_wcag_aa_violation(
    page: Any, live_server: Any, wave: Wave
) -> None:
    response = page.goto(f"{live_server.url}/resultats/{wave.pk}/participation/?niveau=canton")
    assert response.status == 400
    assert page.locator("#erreurs").is_visible()
    assert page.locator("map-chart").count() == 0
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_map_breaks_no_content_security_policy_rule(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        refused = refusals(page)
        page.goto(f"{live_server.url}{pages(wave)[1]}")
        page.wait_for_selector("map-chart svg", timeout=10_000)
    finally:
        context.close()
    assert not refused, refused


def test_the_form_works_with_the_keyboard_alone(page: Any, live_server: Any, wave: Wave) -> None:
    page.goto(f"{live_server.url}/resultats/{wave.pk}/participation/")
    tab_to(page, "id_ventilation")  # from the top of the page
    page.keyboard.press("ArrowDown")  # par département
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Afficher la participation"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ventilation=departement" in page.url
    assert page.locator(ROWS).count() == 101


def test_without_javascript_the_table_is_there_and_no_map_draws(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/resultats/{wave.pk}/")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("text=Participation par département")
        assert page.locator(ROWS).count() == 101
        assert page.locator("map-chart svg").count() == 0
        page.select_option("#id_ventilation", "region")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("button[type=submit]")
        assert page.locator(ROWS).count() == 18
        assert "France entière" in page.locator('[data-table="participation"] tfoot').inner_text()
    finally:
        context.close()
