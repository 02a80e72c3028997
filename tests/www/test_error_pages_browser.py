"""The pages a refused request or a login link lead to, in headless Chromium: the words a
person reads, no axe-core violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from barometre.accounts.links import staff_link_parts
from barometre.accounts.models import StaffProfile
from tests.support.browser import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_query_reads_as_a_french_400_page(page: Any, live_server: Any) -> None:
    reply = page.goto(live_server.url + "/resultats/?q=%00")
    assert reply.status == 400
    assert page.inner_text("h1") == "Demande invalide"
    text = page.inner_text("main")
    assert "Un paramètre de l’adresse contient un caractère refusé" in text
    assert "Rien n’a été enregistré" in text
    assert reply.headers["x-request-id"] in text
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_staff_link_leads_to_a_button_page_without_token(page: Any, live_server: Any) -> None:
    user = User.objects.create_user("operateur@exemple.fr", "operateur@exemple.fr")
    StaffProfile.objects.create(user=user, role="operator")
    uidb64, token = staff_link_parts(user)
    page.goto(f"{live_server.url}/equipe/connexion/lien/{uidb64}/{token}/")
    assert page.url == f"{live_server.url}/equipe/connexion/lien/"
    assert token not in page.content()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.keyboard.press("Tab")
    for _ in range(30):
        if page.evaluate("document.activeElement.textContent.trim()") == "Me connecter":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/equipe/")
