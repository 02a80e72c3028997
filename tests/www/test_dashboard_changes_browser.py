"""The changes page in headless Chromium: no axe-core violation, keyboard and no-JS use."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from tests.results.factory import published_edition
from tests.support.browser import axe_violations, describe, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def current() -> Wave:
    frame = load_frame()
    published_edition(frame, 2025)
    return published_edition(frame, 2026)


def test_every_state_of_the_changes_page_has_no_wcag_aa_violation(
    page: Any, live_server: Any, current: Wave
) -> None:
    base = f"/resultats/{current.pk}/evolution/"
    for path in [
        base,
        f"{base}?ventilation=region",
        f"{base}?ventilation=stratum",
        f"{base}?ventilation=inconnue",  # the error state (400)
        f"/resultats/{current.pk}/",  # key figures with their change
    ]:
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe(violations)}"


def test_the_breakdown_is_chosen_with_the_keyboard_alone(
    page: Any, live_server: Any, current: Wave
) -> None:
    page.goto(f"{live_server.url}/resultats/{current.pk}/evolution/")
    tab_to(page, "id_ventilation")  # from the top of the page
    page.keyboard.press("ArrowDown")  # « Ensemble seulement » → « Région »
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ventilation=region" in page.url
    assert page.locator('td[data-cell="essai.site|region|84"]').count() == 2


def test_the_page_works_without_javascript(browser: Any, live_server: Any, current: Wave) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/resultats/{current.pk}/evolution/")
        page.select_option("#id_ventilation", "stratum")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("#comparaison button[type=submit]")
        assert "ventilation=stratum" in page.url
        assert page.locator('td[data-cell="essai.site|stratum|<500"]').count() == 2
        assert page.get_by_text("Évolution", exact=True).count() >= 1
    finally:
        context.close()
