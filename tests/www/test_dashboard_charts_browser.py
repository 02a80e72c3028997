"""The dsfr-chart bar charts and the participation map in headless Chromium: they render under
the strict CSP, add no axe-core violation, and the tables remain without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from tests.support.browser import axe_violations, describe
from tests.www.test_dashboard_helpers import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
THEME = "essai_resultats"


@pytest.fixture
def wave() -> Wave:
    return publish(load_frame())[0]


def chart_pages(wave: Wave) -> list[str]:
    theme = f"/resultats/{wave.pk}/{THEME}/"
    return [
        f"/resultats/{wave.pk}/",
        theme,
        f"{theme}?ventilation=type",
        f"{theme}?ventilation=stratum",
    ]


def drawn(wave: Wave, path: str) -> str:
    """What the component draws once its script has run: the map's SVG, the chart's canvas."""
    return "map-chart svg" if path == f"/resultats/{wave.pk}/" else "bar-chart canvas"


def test_charts_and_map_render_without_wcag_aa_violation(
    page: Any, live_server: Any, wave: Wave
) -> None:
    for path in chart_pages(wave):
        page.goto(live_server.url + path)
        page.wait_for_selector(drawn(wave, path), timeout=10_000)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe(violations)}"


def test_charts_and_map_break_no_content_security_policy_rule(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(locale="fr-FR")
    messages: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
        for path in chart_pages(wave):
            page.goto(live_server.url + path)
            page.wait_for_selector(drawn(wave, path), timeout=10_000)
    finally:
        context.close()
    refused = [m for m in messages if "Content Security Policy" in m or m.startswith("pageerror")]
    assert not refused, refused


def test_without_javascript_the_tables_are_there_and_no_chart_draws(
    browser: Any, live_server: Any, wave: Wave
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/resultats/{wave.pk}/")
        assert page.locator('[data-table="participation"] tbody tr').count() >= 18
        assert page.locator("map-chart svg").count() == 0
        page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/")
        assert page.locator("[data-indicator] table").count() >= 1
        assert page.locator("bar-chart canvas").count() == 0
    finally:
        context.close()
