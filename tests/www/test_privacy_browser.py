"""The privacy notice passes axe-core and reads without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_privacy_notice_has_no_wcag_aa_violation(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Données personnelles").click()
    page.wait_for_load_state()
    assert page.url.endswith("/donnees-personnelles/")
    assert page.get_by_role("heading", level=1).inner_text() == "Données personnelles"
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_privacy_notice_reads_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/donnees-personnelles/")
        table = page.locator("[data-table=conservation] table")
        assert table.is_visible()
        assert "3 ans" in table.locator("[data-period=respondents]").inner_text()
    finally:
        context.close()
