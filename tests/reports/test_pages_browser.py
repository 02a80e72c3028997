"""« Votre restitution » and « Comment les scores sont calculés » in Chromium: no axe-core
violation, and the report reads the same without JavaScript."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from barometre.collection.links import issue_link
from barometre.referentiel import Frame
from tests.reports.factory import (
    RECOMMENDED,
    answers_for,
    communes,
    published_wave,
    respondent_of,
)
from tests.support.browser import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
#: Where screenshots go when BAROMETRE_SCREENSHOTS names a folder (to look at the page).
SCREENSHOTS = os.environ.get("BAROMETRE_SCREENSHOTS")


@pytest.fixture(autouse=True)
def small_groups(settings: object) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = 5  # type: ignore[attr-defined]


def open_report(page: Any, live_server: Any, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    page.goto(f"{live_server.url}/connexion/{issue_link(respondent_of(units[8]))}/")
    page.click("button[type=submit]")
    page.wait_for_url("**/repondre/")
    page.get_by_role("link", name="Votre restitution — Essai restitution 0, vague 1").click()
    page.wait_for_url(f"**/repondre/{wave.pk}/restitution/")


def shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def test_the_report_page_has_no_axe_violation(page: Any, live_server: Any, frame: Frame) -> None:
    open_report(page, live_server, frame)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Votre restitution")
    assert page.locator("svg[role=img]").count() == 1
    shot(page, "restitution.png")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_chart_stays_readable_on_a_narrow_screen_without_moving_the_page(
    page: Any, live_server: Any, frame: Frame
) -> None:
    open_report(page, live_server, frame)
    chart = page.locator("svg[role=img]")
    assert chart.bounding_box()["width"] <= 42 * 16  # max-width: 42rem
    page.set_viewport_size({"width": 320, "height": 800})
    assert chart.bounding_box()["width"] >= 30 * 16  # still readable: its frame scrolls
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # WCAG 1.4.10
    page.locator(".restitution-graphique__cadre").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # the keyboard scrolls the frame (smoothly: wait)
    page.wait_for_function(
        "document.querySelector('.restitution-graphique__cadre').scrollLeft > 0", timeout=3000
    )
    shot(page, "restitution-320.png")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_report_reads_the_same_without_javascript(
    browser: Any, live_server: Any, frame: Frame
) -> None:
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        open_report(page, live_server, frame)
        body = page.locator("main").inner_text()
        assert "Votre score : 75,0 sur 100" in body
        assert page.locator("svg[role=img] rect").count() >= 2
    finally:
        context.close()


def test_the_scoring_page_has_no_axe_violation(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/comment-les-scores-sont-calcules/")
    assert page.get_by_role("heading", level=1).inner_text() == "Comment les scores sont calculés"
    shot(page, "scores.png")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # WCAG 1.4.10
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_evolution_and_recommendations_have_no_axe_violation(
    page: Any, live_server: Any, frame: Frame
) -> None:
    units = communes(frame)
    published_wave(frame, units, lambda i: answers_for(i + 1))
    wave = published_wave(frame, units, source=RECOMMENDED)
    page.goto(f"{live_server.url}/connexion/{issue_link(respondent_of(units[6]))}/")
    page.click("button[type=submit]")
    page.wait_for_url("**/repondre/")
    page.goto(f"{live_server.url}/repondre/{wave.pk}/restitution/")
    assert page.locator("svg[role=img]").count() == 2  # scores, then their evolution
    assert page.get_by_role("heading", name="Évolution depuis votre réponse précédente", level=2)
    assert page.get_by_role("heading", name="Vos 6 recommandations prioritaires").is_visible()
    assert page.locator(".restitution-conseils > li h4").count() == 8
    shot(page, "restitution-evolution.png")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # WCAG 1.4.10
    violations = axe_violations(page)
    assert not violations, describe(violations)
