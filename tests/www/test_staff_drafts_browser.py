"""Draft pages in headless Chromium: zero axe-core violation from upload to publication, the
preview's skip logic live with JavaScript and on « Suivant » without it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from barometre.accounts.models import StaffRole
from barometre.authoring.models import DraftStatus, QuestionnaireDraft
from tests.authoring.files import DATA
from tests.www.test_staff_browser import assert_accessible, log_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def deposit(page: Any, name: str) -> None:
    page.set_input_files("#id_file", str(DATA / name))
    page.get_by_role("button", name=re.compile("Déposer et compiler|Remplacer et compiler")).click()
    page.wait_for_load_state()


def test_from_upload_to_publication_every_draft_page_has_no_violation(
    page: Any, live_server: Any
) -> None:
    log_in(page, live_server, staff_member(StaffRole.OPERATOR))
    page.get_by_role("link", name="Brouillons de questionnaires").click()
    assert page.locator("h1").inner_text() == "Brouillons de questionnaires"
    assert_accessible(page)
    deposit(page, "mauvais.yaml")
    report = page.locator("table", has_text="Erreurs de compilation")
    assert report.locator("tbody tr").count() == 3
    assert "ligne 20" in report.locator("tr[data-code=duplicate_id]").inner_text()
    assert_accessible(page)
    deposit(page, "bon.yaml")
    assert page.get_by_text("Le questionnaire se compile", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Essayer le questionnaire (aperçu)").click()
    page.locator("form[data-skip-logic-ready]").wait_for(state="attached")
    assert_accessible(page)
    page.get_by_role("button", name="Suivant").click()  # a required question left empty
    assert page.locator("#erreurs").is_visible()
    assert_accessible(page)
    page.get_by_label("Non", exact=True).check(force=True)
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/outils/")
    assert_accessible(page)
    page.get_by_role("link", name="Voir le récapitulatif de l'essai").click()
    assert_accessible(page)
    page.get_by_role("button", name="Terminer l'essai").click()
    page.wait_for_url(re.compile(r"/equipe/brouillons/\d+/$"))
    assert "1 réponse saisie dans l'aperçu (1 terminée)" in page.inner_text("#compte-essais")
    page.get_by_role("link", name="Lire la spécification").click()
    text = re.sub(r"\s+", " ", page.inner_text("main"))
    assert "Posée si la réponse à « Avez-vous un site internet ? » est « Oui »" in text
    assert_accessible(page)
    page.go_back()
    page.get_by_role("button", name="Publier la révision 2").click()
    page.wait_for_load_state()
    assert page.locator("#publie").is_visible()
    assert_accessible(page)
    assert QuestionnaireDraft.objects.get().status == DraftStatus.PUBLISHED


def test_the_preview_hides_a_question_as_soon_as_it_no_longer_applies(
    page: Any, live_server: Any
) -> None:
    log_in(page, live_server, staff_member(StaffRole.OPERATOR))
    page.goto(live_server.url + "/equipe/brouillons/")
    deposit(page, "bon.yaml")
    page.get_by_role("button", name="Essayer le questionnaire (aperçu)").click()
    page.locator("form[data-skip-logic-ready]").wait_for(state="attached")
    pages = page.get_by_label(re.compile("Combien de pages compte votre site"))
    assert not pages.is_visible()
    page.get_by_label("Oui", exact=True).check(force=True)
    assert pages.is_visible()
    assert_accessible(page)
    pages.fill("12")
    page.get_by_label("Non", exact=True).check(force=True)
    assert not pages.is_visible()
    page.get_by_label("Oui", exact=True).check(force=True)
    pages.fill("12")
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_url("**/outils/")  # the whole section was answered on one screen
    trial = QuestionnaireDraft.objects.get().test_responses.get()
    assert trial.values == {"a_site": "oui", "pages": 12}


def test_without_javascript_the_preview_applies_the_skip_logic_on_each_next(
    browser: Any, live_server: Any
) -> None:
    operator = staff_member(StaffRole.OPERATOR)
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        log_in(page, live_server, operator)
        page.goto(live_server.url + "/equipe/brouillons/")
        deposit(page, "bon.yaml")
        page.get_by_role("button", name="Essayer le questionnaire (aperçu)").click()
        assert "Combien de pages" not in page.inner_text("main")
        page.get_by_label("Non", exact=True).check(force=True)
        page.get_by_role("button", name="Suivant").click()
        page.wait_for_url("**/outils/")
        assert "Quels outils utilisez-vous ?" in page.inner_text("main")
        page.get_by_role("link", name=re.compile("Page précédente")).click()
        page.get_by_label("Oui", exact=True).check(force=True)
        page.get_by_role("button", name="Suivant").click()
        page.wait_for_url("**/site-2/")
        assert "Combien de pages compte votre site ?" in page.inner_text("main")
        assert "(suite)" in page.inner_text("h1")
    finally:
        context.close()
