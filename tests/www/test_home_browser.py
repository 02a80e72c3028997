"""The home page in headless Chromium: no axe-core violation, keyboard only, without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import axe_violations, describe, refusals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=st+etienne",
        "/?q=+",
        "/?q=zzzqqq",
        "/accessibilite/",
        "/connexion/nouveau-lien/",
        "/api/",
    ],
)
def test_home_page_has_no_wcag_aa_violation(page: Any, live_server: Any, path: str) -> None:
    page.goto(live_server.url + path)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_search_works_with_the_keyboard_alone(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("st etienne")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("#recherche table tbody tr").first.inner_text().startswith("Saint-Étienne")


def test_search_works_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.fill("#q", "42000")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("button[type=submit]")
        assert "Saint-Étienne" in page.locator("#recherche table tbody").inner_text()
    finally:
        context.close()


def test_the_accessibility_check_does_catch_violations(page: Any) -> None:
    page.set_content('<html lang="fr"><head><title>t</title></head><body><img src="x.png"></body>')
    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}


def test_pages_break_no_content_security_policy_rule(page: Any, live_server: Any) -> None:
    refused = refusals(page)
    page.goto(live_server.url + "/?q=lyon")
    page.goto(live_server.url + "/connexion/nouveau-lien/")
    assert not refused, refused
