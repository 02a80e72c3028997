"""The weighting warnings and reports in headless Chromium: no axe-core violation on the pages
of an edition whose région margin was dropped, compared with one whose régions were met."""

from __future__ import annotations

from typing import Any

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import load_frame
from tests.support.browser import axe_violations, describe
from tests.www.test_dashboard_weighting import build_editions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editions() -> tuple[Wave, Wave]:
    return build_editions(load_frame())


def test_the_weighting_warnings_have_no_wcag_aa_violation(
    page: Any, live_server: Any, editions: tuple[Wave, Wave]
) -> None:
    before, after = editions
    for path in (
        f"/resultats/{after.pk}/",
        f"/resultats/{before.pk}/",
        f"/resultats/{after.pk}/evolution/",
        f"/resultats/{after.pk}/infographie/",
    ):
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe(violations)}"
    page.goto(f"{live_server.url}/resultats/{after.pk}/")
    warning = page.locator('[data-weighting="avertissement"]')
    assert "Marge région abandonnée" in warning.inner_text()
    page.keyboard.press("Tab")
    link = warning.get_by_role("link", name="Voir la pondération de la vague")
    link.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#ponderation")
