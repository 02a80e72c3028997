"""The dashboard in headless Chromium: no axe-core violation on any page or filter state,
filters usable with the keyboard alone and without JavaScript, no CSP refusal."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from barometre.www.dashboard.figures import DIMENSIONS
from tests.support.browser import axe_violations, describe, refusals
from tests.www.test_dashboard_helpers import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
THEME = "essai_resultats"


@pytest.fixture
def wave() -> Wave:
    return publish(load_frame())[0]


def states(wave: Wave) -> list[str]:
    theme = f"/resultats/{wave.pk}/{THEME}/"
    return [
        "/resultats/",
        f"/resultats/{wave.pk}/",
        f"/resultats/{wave.pk}/methodologie/",
        theme,
        *(f"{theme}?ventilation={d}" for d in DIMENSIONS),
        f"{theme}?region=84&type=commune&stratum=%3C500&role=elu",
        f"{theme}?role=maire",  # the error state (400)
    ]


def test_the_empty_results_page_has_no_wcag_aa_violation(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/resultats/")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_every_page_and_filter_state_has_no_wcag_aa_violation(
    page: Any, live_server: Any, wave: Wave
) -> None:
    for path in states(wave):
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe(violations)}"


def test_filters_work_with_the_keyboard_alone(page: Any, live_server: Any, wave: Wave) -> None:
    page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_role":
            break
    assert page.evaluate("document.activeElement.id") == "id_role"
    page.keyboard.press("ArrowDown")  # « Sans filtre » → « Agents »
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "role=agent" in page.url
    assert page.locator('tr[data-cell="essai.site|role|agent"]').count() == 1


def test_filters_work_without_javascript(browser: Any, live_server: Any, wave: Wave) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/")
        page.select_option("#id_ventilation", "stratum")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("#filtres button[type=submit]")
        assert "ventilation=stratum" in page.url
        assert page.locator('tr[data-cell="essai.site|stratum|<500"]').count() == 1
        assert page.locator('tr[data-cell="essai.site|region|84"]').count() == 0
    finally:
        context.close()


def test_dashboard_pages_break_no_content_security_policy_rule(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        refused = refusals(page)
        for path in states(wave):
            page.goto(live_server.url + path)
    finally:
        context.close()
    assert not refused, refused
