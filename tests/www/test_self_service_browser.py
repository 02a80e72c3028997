"""« Je réponds pour ma collectivité » and its staff pages in headless Chromium.

No axe-core violation; the whole request made with the keyboard alone through the combobox;
the same request made without JavaScript through the search button and radio buttons.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.collection.access import ask_access
from barometre.collection.models import AccessRequest, Respondent
from tests.support.browser import axe_violations, describe, refusals

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NEUTRAL = "Demande enregistrée"


def assert_no_violation(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("path", ["/je-reponds/", "/je-reponds/?q=st+etienne", "/je-reponds/?q=zz"])
def test_the_page_has_no_wcag_aa_violation(page: Any, live_server: Any, path: str) -> None:
    page.goto(live_server.url + path)
    assert_no_violation(page)


def test_the_error_and_sent_pages_have_no_violation(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/je-reponds/?q=st+etienne")
    with page.expect_navigation():  # the next page, fully loaded
        page.click("#demande button[type=submit]")
    assert page.locator("#erreurs").is_visible()
    assert_no_violation(page)
    page.click("label[for=collectivite-1]")
    page.click("label[for=id_role_0]")
    page.fill("#id_email", "x@gmail.com")
    with page.expect_navigation():  # the next page, fully loaded
        page.click("#demande button[type=submit]")
    assert NEUTRAL in page.content()
    assert_no_violation(page)


def test_the_combobox_works_with_the_keyboard_alone(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/je-reponds/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("st etienne")
    page.wait_for_selector("#q-options [role=option]")
    assert page.get_attribute("#q", "aria-expanded") == "true"
    assert_no_violation(page)
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == "q-option-0"
    page.keyboard.press("Enter")
    assert page.is_checked("#collectivite-choisie")
    assert page.input_value("#collectivite-choisie") == "commune:42218"
    assert "choisie" in page.inner_text("#q-etat")
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the chosen authority
    assert page.evaluate("document.activeElement.id") == "collectivite-choisie"
    page.keyboard.press("Tab")  # the first role
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_function"
    page.keyboard.type("secrétaire de mairie")
    page.keyboard.press("Tab")
    page.keyboard.type("secretariat@saint-etienne.fr")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=" + NEUTRAL)
    respondent = Respondent.objects.get(user__username="secretariat@saint-etienne.fr")
    assert (respondent.authority_id, respondent.role) == ("commune:42218", "agent")


def test_escape_closes_the_list(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/je-reponds/")
    page.click("#q")
    page.keyboard.type("lyon")
    page.wait_for_selector("#q-options [role=option]")
    page.keyboard.press("Escape")
    assert page.get_attribute("#q", "aria-expanded") == "false"
    assert page.locator("#q-options").is_hidden()


def test_the_request_works_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/je-reponds/")
        page.fill("#q", "42000")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("#recherche-collectivite button[type=submit]")
        page.click("label[for=collectivite-1]")
        page.click("label[for=id_role_1]")
        page.fill("#id_email", "quelqu.un@gmail.com")
        with page.expect_navigation():  # the next page, fully loaded
            page.click("#demande button[type=submit]")
        assert NEUTRAL in page.content()
    finally:
        context.close()
    request = AccessRequest.objects.get()
    assert (request.authority_id, request.role) == ("commune:42218", "elu")


@pytest.fixture
def staff_page(browser: Any, live_server: Any) -> Iterator[Any]:
    user = get_user_model().objects.create_user("operateur", "op@barometre.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    host = live_server.url.split("//")[1].split(":")[0]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}]
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_staff_pages_have_no_violation(staff_page: Any, live_server: Any) -> None:
    ask_access("42218", "x@gmail.com", "agent", "adjoint", client="1")
    staff_page.goto(live_server.url + "/equipe/demandes/")
    assert "x@gmail.com" in staff_page.content()
    assert_no_violation(staff_page)
    staff_page.goto(live_server.url + "/equipe/contacts/")
    assert_no_violation(staff_page)
    staff_page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "contacts.csv",
                "mimeType": "text/csv",
                "buffer": b"code;email;role\n99999;a@b.fr;agent\n42218;a@saint-etienne.fr;elu\n",
            }
        ],
    )
    staff_page.click("button[value=check]")
    assert "1 ligne en erreur" in staff_page.content()
    assert_no_violation(staff_page)


def test_the_combobox_runs_under_the_content_security_policy(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        refused = refusals(page)
        page.goto(live_server.url + "/je-reponds/")
        page.click("#q")
        page.keyboard.type("lyon")
        page.wait_for_selector("#q-options [role=option]")
    finally:
        context.close()
    assert not refused, refused
