"""The dsfr-chart bar charts and the participation map in headless Chromium: they render under
the strict CSP, add no axe-core violation, and the tables remain without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from tests.support.browser import axe_violations, describe, refusals
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
    try:
        page = context.new_page()
        refused = refusals(page)
        for path in chart_pages(wave):
            page.goto(live_server.url + path)
            page.wait_for_selector(drawn(wave, path), timeout=10_000)
    finally:
        context.close()
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


def test_the_components_render_in_the_page_styled_by_the_dsfr(
    page: Any, live_server: Any, wave: Wave
) -> None:
    """Not in an unstyled shadow root: the map's side panel sits beside the map, its legend
    is drawn, and the chart keeps a size."""
    page.goto(f"{live_server.url}/resultats/{wave.pk}/")
    page.wait_for_selector("map-chart svg", timeout=10_000)
    assert page.evaluate("document.querySelector('map-chart').shadowRoot") is None
    panel = page.locator("map-chart .map_info").bounding_box()
    drawing = page.locator("map-chart svg").first.bounding_box()
    assert panel is not None
    assert drawing is not None
    assert panel["x"] + panel["width"] <= drawing["x"] + 1  # beside the map, not above it
    page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/")
    page.wait_for_selector("bar-chart canvas", timeout=10_000)
    assert page.evaluate("document.querySelector('bar-chart').shadowRoot") is None
    box = page.locator("bar-chart canvas").first.bounding_box()
    assert box is not None
    assert box["height"] > 100


def test_an_area_without_a_published_figure_is_grey_on_the_map(
    page: Any, live_server: Any, wave: Wave
) -> None:
    """The test wave has answers in two régions only: every other département is grey."""
    page.goto(f"{live_server.url}/resultats/{wave.pk}/{THEME}/carte/?ventilation=departement")
    page.wait_for_selector("map-chart svg path", timeout=10_000)
    fills = page.evaluate(
        "[...document.querySelectorAll('map-chart svg path')]"
        ".map(p => [p.hasAttribute('fill'), getComputedStyle(p).fill])"
    )
    empty = {fill for has_value, fill in fills if not has_value}
    valued = {fill for has_value, fill in fills if has_value}
    assert empty == {"rgb(229, 229, 229)"}
    assert valued
    assert "rgb(229, 229, 229)" not in valued
