"""The authority page in headless Chromium, at 1280 and 320 px: no axe-core violation, no
horizontal scrolling of the page, headings in order, reached from the home search with the
keyboard alone and without JavaScript."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from barometre.campaigns.models import WaveStatus
from barometre.referentiel import load_frame, stratum_of
from barometre.results.build import build_result_set
from tests.results.factory import make_wave, sample_communes
from tests.support.browser import axe_violations, describe, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)


@pytest.fixture
def commune() -> str:
    """A commune of a published wave whose stratum (two respondents) is under secret."""
    frame = load_frame()
    small = sorted(
        (u for u in frame.of_type("commune") if u.region == "84" and stratum_of(u) == "500-999"),
        key=lambda u: u.code,
    )[:2]
    wave = make_wave(
        frame, [*sample_communes(frame), *(u.id for u in small)], status=WaveStatus.PUBLISHED
    )
    build_result_set(wave, "final", frame=frame)
    return small[0].id


def paths(commune: str) -> list[str]:
    return [
        f"/collectivites/{commune}/",
        "/collectivites/epci:244200770/",
        "/collectivites/region:84/",
        "/collectivites/commune:99999/",  # 404
        f"/collectivites/{commune}/?vague=x",  # 400
    ]


def heading_levels(page: Any) -> list[int]:
    return list(
        page.evaluate(
            "() => [...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
            ".map(h => Number(h.tagName[1]))"
        )
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_every_state_has_no_wcag_aa_violation(
    page: Any, live_server: Any, commune: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path in paths(commune):
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert not violations, f"{width} px {path}\n{describe(violations)}"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path}: the page scrolls sideways at {width} px"
        levels = heading_levels(page)
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)


def test_the_breadcrumb_shows_without_javascript_at_320_px(
    browser: Any, live_server: Any, commune: str
) -> None:
    context = browser.new_context(
        java_script_enabled=False, locale="fr-FR", viewport={"width": 320, "height": 800}
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/collectivites/{commune}/")
        crumbs = page.locator("nav.fr-breadcrumb li")
        assert crumbs.count() == 3
        assert crumbs.last.is_visible()
        assert page.locator("nav.fr-breadcrumb a[aria-current=page]").inner_text() != ""
    finally:
        context.close()


def test_a_search_result_opens_its_page_with_the_keyboard_alone(
    page: Any, live_server: Any
) -> None:
    page.goto(live_server.url + "/")
    tab_to(page, "q")
    page.keyboard.type("st etienne")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    link = page.locator("#recherche table tbody tr").first.locator("a")
    assert link.inner_text() == "Saint-Étienne"
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/collectivites/commune:42218/")
    assert page.locator("h1").inner_text() == "Saint-Étienne"


def test_a_search_result_opens_its_page_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.fill("#q", "244200770")
        with page.expect_navigation():
            page.click("#recherche button[type=submit]")
        with page.expect_navigation():
            page.click("#recherche table tbody a")
        assert page.url.endswith("/collectivites/epci:244200770/")
        assert page.locator("h1").inner_text() == "Saint-Étienne Métropole"
        with page.expect_navigation():
            page.click("text=Recevoir un lien pour Saint-Étienne Métropole")
        assert page.locator("input[name=authority][value='epci:244200770']").is_checked()
    finally:
        context.close()


def test_the_page_breaks_no_content_security_policy_rule(
    browser: Any, live_server: Any, commune: str
) -> None:
    context = browser.new_context(locale="fr-FR")  # the real policy, no bypass
    refused: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{live_server.url}/collectivites/{commune}/")
        page.goto(f"{live_server.url}/collectivites/commune:99999/")
    finally:
        context.close()
    assert not refused, refused
