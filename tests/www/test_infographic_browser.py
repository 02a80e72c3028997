"""The infographic page in headless Chromium: no axe-core violation, no CSP refusal."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from tests.support.browser import axe_violations, describe, refusals
from tests.www.test_dashboard_helpers import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wave() -> Wave:
    return publish(load_frame())[0]


def test_the_infographic_has_no_wcag_aa_violation(page: Any, live_server: Any, wave: Wave) -> None:
    page.goto(f"{live_server.url}/resultats/{wave.pk}/infographie/")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.emulate_media(media="print")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_infographic_breaks_no_content_security_policy_rule(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        refused = refusals(page)
        page.goto(f"{live_server.url}/resultats/{wave.pk}/infographie/")
        assert page.locator(".infographie-chiffre").count() >= 3
    finally:
        context.close()
    assert not refused, refused


def test_the_printed_page_fits_one_a4_sheet(browser: Any, live_server: Any, wave: Wave) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/resultats/{wave.pk}/infographie/")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page/") + pdf.count(b"/Type/Page/") <= 1
