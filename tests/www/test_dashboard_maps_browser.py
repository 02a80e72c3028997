"""The indicator map in headless Chromium: it draws under the strict CSP, adds no axe-core
violation, its form works with the keyboard alone, and without JavaScript the table is there."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from tests.support.browser import axe_violations, describe, refusals, tab_to
from tests.www.test_dashboard_helpers import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
THEME = "essai_resultats"


@pytest.fixture
def wave() -> Wave:
    return publish(load_frame())[0]


def map_pages(wave: Wave) -> list[str]:
    base = f"/resultats/{wave.pk}/{THEME}/carte/"
    return [
        base,
        f"{base}?indicateur=essai.part_en_ligne&ventilation=departement",
        f"{base}?indicateur=essai.victime&ventilation=region",
    ]


def test_the_map_pages_render_without_wcag_aa_violation(
    page: Any, live_server: Any, wave: Wave
) -> None:
    for path in map_pages(wave):
        page.goto(live_server.url + path)
        if page.locator("map-chart").count():
            page.wait_for_selector("map-chart svg", timeout=10_000)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe(violations)}"


def test_a_rejected_choice_renders_without_wcag_aa_violation(
    page: Any, live_server: Any, wave: Wave
) -> None:
    response = page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/carte/?ventilation=canton")
    assert response.status == 400
    assert page.locator("#erreurs").is_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_map_breaks_no_content_security_policy_rule(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        refused = refusals(page)
        page.goto(f"{live_server.url}{map_pages(wave)[1]}")
        page.wait_for_selector("map-chart svg", timeout=10_000)
    finally:
        context.close()
    assert not refused, refused


def test_the_form_works_with_the_keyboard_alone(page: Any, live_server: Any, wave: Wave) -> None:
    page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/carte/")
    tab_to(page, "id_indicateur")  # from the top of the page
    page.keyboard.press("ArrowDown")  # the second indicator
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_ventilation"
    page.keyboard.press("ArrowDown")  # par département
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Afficher la carte"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ventilation=departement" in page.url
    assert "indicateur=essai.part_en_ligne" in page.url
    assert page.locator('[data-table="carte"] tbody tr').count() == 101


def test_without_javascript_the_table_is_there_and_no_map_draws(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/carte/")
        assert page.locator('[data-table="carte"] tbody tr').count() == 18
        assert page.locator("map-chart svg").count() == 0
        page.select_option("#id_ventilation", "departement")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("button[type=submit]")
        assert page.locator('[data-table="carte"] tbody tr').count() == 101
        assert "Départements :" in page.locator("[data-coverage]").inner_text()
    finally:
        context.close()
