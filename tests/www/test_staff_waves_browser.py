"""A whole wave lifecycle through the staff pages in Chromium, as an operator runs it: create an
edition and its wave, open, close, build the final result set (in the worker), review it,
publish — each page with zero axe-core violation (WCAG 2.1 AA)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from barometre.accounts.models import StaffRole
from barometre.campaigns import flows
from barometre.campaigns.models import QuestionnaireVersion, Wave, WaveStatus
from barometre.referentiel import Frame
from tests.results.factory import SOURCE, add_response, sample_communes
from tests.support.worker import run_worker
from tests.www.test_staff_browser import assert_accessible, log_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


#: Seconds spent in axe-core and in the worker, and pages checked: the rest is the pages' time.
SPENT = {"axe": 0.0, "worker": 0.0, "pages": 0}


def checked(page: Any) -> None:
    """One h1, and no WCAG 2.1 AA violation."""
    assert page.locator("h1").count() == 1, page.url
    before = time.monotonic()
    assert_accessible(page)
    SPENT["axe"] += time.monotonic() - before
    SPENT["pages"] += 1


def status_of(page: Any) -> str:
    return str(page.locator("#etat-vague").inner_text())


def said(page: Any) -> str:
    return str(page.locator("[role=status]").first.inner_text())


def create_edition(page: Any) -> None:
    page.click("nav >> text=Éditions")
    checked(page)
    page.click("text=Créer une édition")
    checked(page)
    page.fill("#id_name", "Baromètre 2027")
    page.fill("#id_slug", "barometre-2027")
    page.fill("#id_year", "2027")
    page.click("button:has-text('Vérifier')")
    assert "Vous allez créer l'édition « Baromètre 2027 »" in said(page)
    checked(page)
    page.click("button:has-text('Confirmer la création')")
    assert page.locator("h1").inner_text() == "Édition « Baromètre 2027 »"
    checked(page)


def create_wave(page: Any, version: QuestionnaireVersion) -> None:
    page.click("text=Ajouter une vague")
    assert page.input_value("#id_number") == "1"
    page.fill("#id_opens_on", "2027-01-10")
    page.fill("#id_closes_on", "2027-03-31")
    box = page.locator(f"input[name=versions][value='{version.pk}']")
    page.click(f"label[for={box.get_attribute('id')}]")  # the DSFR draws the box on the label
    assert box.is_checked()
    checked(page)
    page.click("button:has-text('Vérifier')")
    assert "avec 1 questionnaire" in said(page)
    checked(page)
    page.click("button:has-text('Confirmer la création')")
    assert "État : brouillon" in status_of(page)
    checked(page)


def take_step(page: Any, link: str, button: str, state: str) -> None:
    """The step's link, its confirmation page, the button: the wave page says the new state."""
    page.click(f"text={link}")
    checked(page)
    page.click(f'button:has-text("{button}")')
    assert f"État : {state}" in status_of(page)
    checked(page)


def build_final(page: Any) -> None:
    page.click("text=Calculer les résultats")
    assert page.is_checked("input[name=kind][value=final]")
    checked(page)
    page.click("button:has-text('Lancer le calcul')")
    assert "en attente" in page.locator("#etat-tache").inner_text()
    checked(page)
    before = time.monotonic()
    run_worker()
    SPENT["worker"] += time.monotonic() - before
    page.click("text=Actualiser l'avancement")
    assert "terminée" in page.locator("#etat-tache").inner_text()
    summary = page.locator(".fr-alert--success").last.inner_text()
    assert "Révision 1 (définitif) construite sur 30 réponse(s)" in summary
    checked(page)
    page.click("text=Retour à la vague")


def review_and_publish(page: Any) -> None:
    page.click("text=Relire la révision 1 puis publier")
    assert "c'est lui qui sera publié" in page.locator("#statut-jeu").inner_text()
    assert page.locator("[data-table^=marge-cellules] tbody tr").count() > 0
    assert page.locator("[data-table=secret] tbody tr").count() > 0
    checked(page)
    page.click("text=Publier cette révision")
    checked(page)
    page.click("button:has-text('Publier la révision 1')")
    assert "État : publiée" in status_of(page)
    checked(page)


def test_an_operator_runs_a_whole_wave_from_the_staff_pages(
    page: Any, live_server: Any, frame: Frame
) -> None:
    started = time.monotonic()
    version = flows.register_version(SOURCE)
    log_in(page, live_server, staff_member(StaffRole.OPERATOR))
    create_edition(page)
    create_wave(page, version)
    take_step(page, "Ouvrir la vague", "Confirmer l'ouverture", "ouverte")
    wave = Wave.objects.get()
    for index, authority in enumerate(sample_communes(frame)):  # the respondents answer
        add_response(wave, version, authority, index, submitted=True)
    take_step(page, "Clore la vague", "Confirmer la clôture", "close")
    build_final(page)
    review_and_publish(page)
    timeline = page.locator("[data-timeline=vague]").inner_text()
    for step in ("créée en brouillon", "Vague ouverte", "Vague close", "révision 1, construit",
                 "Vague publiée"):  # fmt: skip
        assert step in timeline, step
    assert Wave.objects.get().status == WaveStatus.PUBLISHED
    assert page.goto(f"{live_server.url}/resultats/{wave.pk}/").status == 200
    total = time.monotonic() - started
    print(  # the measure docs/benchmarks.md quotes
        f"\nCycle complet d'une vague par les pages : {total:.1f} s, {SPENT['pages']} pages "
        f"vérifiées ; axe-core {SPENT['axe']:.1f} s, calcul dans le worker "
        f"{SPENT['worker']:.1f} s, reste (pages, clics, saisie) "
        f"{total - SPENT['axe'] - SPENT['worker']:.1f} s"
    )
