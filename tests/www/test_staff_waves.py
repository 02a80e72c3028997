"""An edition run from /equipe/ by an operator: each step through the pages, in the words the
operator reads, and each refusal (bad state, missing reason, stale review) with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from barometre.accounts.models import StaffRole
from barometre.audit.models import AuditEvent
from barometre.campaigns import flows
from barometre.campaigns.models import Campaign, QuestionnaireVersion, Wave, WaveStatus
from barometre.jobs.models import Job, JobKind
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import Kind, ResultSet
from tests.results.factory import SOURCE, make_wave
from tests.support.pages import seen
from tests.www.test_staff import as_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client: Client) -> Client:
    return as_staff(client, StaffRole.OPERATOR)


def wave_url(wave: Wave, tail: str = "") -> str:
    return f"/equipe/vagues/{wave.pk}/{tail}"


EDITION = {"name": "Baromètre 2027", "slug": "barometre-2027", "year": "2027", "description": ""}


def test_an_edition_is_created_only_once_confirmed(operator: Client) -> None:
    checked = operator.post("/equipe/editions/nouvelle/", {**EDITION, "action": "verifier"})
    assert checked.status_code == 200
    assert "Vous allez créer l'édition « Baromètre 2027 » (identifiant barometre-2027" in seen(
        checked
    )
    assert not Campaign.objects.exists()
    done = operator.post("/equipe/editions/nouvelle/", {**EDITION, "action": "confirmer"})
    campaign = Campaign.objects.get()
    assert done["Location"] == f"/equipe/editions/{campaign.pk}/"
    page = seen(operator.get(done["Location"]))
    assert "Édition « Baromètre 2027 » créée : ajoutez-lui ses vagues." in page
    assert "Aucune vague : ajoutez la première." in page
    assert AuditEvent.objects.filter(action="campaign.created").count() == 1
    again = operator.post("/equipe/editions/nouvelle/", {**EDITION, "action": "confirmer"})
    assert again.status_code == 409
    assert "Une édition a déjà l'identifiant « barometre-2027 »." in seen(again)
    assert Campaign.objects.count() == 1


def test_an_edition_form_with_bad_input_says_what_to_fix(operator: Client) -> None:
    refused = operator.post(
        "/equipe/editions/nouvelle/", {**EDITION, "slug": "Baromètre 2027", "year": "19"}
    )
    assert refused.status_code == 400
    text = seen(refused)
    assert "2 erreurs à corriger" in text
    assert "Lettres minuscules non accentuées, chiffres et tirets." in text
    assert not Campaign.objects.exists()


def wave_data(version: QuestionnaireVersion, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "number": "1",
        "title": "",
        "opens_on": "2027-01-10",
        "closes_on": "2027-03-31",
        "versions": [str(version.pk)],
    }
    return {**data, **changes}


def test_a_wave_is_created_with_its_dates_and_questionnaires(operator: Client) -> None:
    campaign = flows.create_campaign("Baromètre 2027", "barometre-2027", 2027)
    version = flows.register_version(SOURCE)
    form = seen(operator.get(f"/equipe/editions/{campaign.pk}/vague/"))
    assert "Questionnaire d'essai des résultats (essai_resultats, version 1, empreinte" in form
    url = f"/equipe/editions/{campaign.pk}/vague/"
    checked = operator.post(url, {**wave_data(version), "action": "verifier"})
    assert (
        "Vous allez créer en brouillon la vague 1 de Baromètre 2027, ouverture prévue le "
        "10 janvier 2027, clôture le 31 mars 2027, avec 1 questionnaire" in seen(checked)
    )
    assert not Wave.objects.exists()
    done = operator.post(url, {**wave_data(version), "action": "confirmer"})
    wave = Wave.objects.get()
    assert done["Location"] == wave_url(wave)
    assert (wave.title, wave.opens_on, wave.status) == ("Vague 1", dt.date(2027, 1, 10), "draft")
    page = seen(operator.get(done["Location"]))
    assert "Vague 1 créée en brouillon : ouvrez-la quand elle est prête." in page
    assert "État : brouillon" in page
    assert "Ouvrir la vague" in page
    assert "Vague n° 1 créée en brouillon, ouverture prévue le 2027-01-10" in page


def test_a_wave_form_refuses_bad_dates_no_questionnaire_and_a_number_taken(
    operator: Client,
) -> None:
    campaign = flows.create_campaign("Baromètre 2027", "barometre-2027", 2027)
    version = flows.register_version(SOURCE)
    url = f"/equipe/editions/{campaign.pk}/vague/"
    dates = operator.post(url, wave_data(version, closes_on="2027-01-01", action="confirmer"))
    assert dates.status_code == 400
    assert "La clôture doit venir après l'ouverture." in seen(dates)
    empty = operator.post(url, {**wave_data(version), "versions": [], "action": "confirmer"})
    assert "Choisissez au moins un questionnaire." in seen(empty)
    flows.add_wave(campaign, (1, "Vague 1", dt.date(2027, 1, 1), dt.date(2027, 2, 1)), [version])
    taken = operator.post(url, wave_data(version, action="confirmer"))
    assert "Cette édition a déjà une vague n° 1." in seen(taken)
    assert Wave.objects.count() == 1


def step(client: Client, wave: Wave, name: str, seen_as: str, reason: str = "") -> object:
    return client.post(wave_url(wave, f"etat/{name}/"), {"seen": seen_as, "reason": reason})


def test_open_close_and_reopen_with_a_reason_through_the_pages(operator: Client) -> None:
    campaign = flows.create_campaign("Baromètre 2027", "barometre-2027", 2027)
    wave = flows.add_wave(
        campaign,
        (1, "Vague 1", dt.date(2027, 1, 1), dt.date(2027, 2, 1)),
        [flows.register_version(SOURCE)],
    )
    confirm = seen(operator.get(wave_url(wave, "etat/ouvrir/")))
    assert "Les collectivités invitées pourront répondre dès maintenant." in confirm
    assert Wave.objects.get().status == WaveStatus.DRAFT  # the confirmation page wrote nothing
    opened = step(operator, wave, "ouvrir", "draft")
    assert opened["Location"] == wave_url(wave)
    page = seen(operator.get(wave_url(wave)))
    assert "C'est fait : la vague est ouverte." in page
    assert "État : ouverte — dernier changement par operator@equipe.fr le" in page
    step(operator, wave, "clore", "open")
    missing = step(operator, wave, "rouvrir", "closed")
    assert missing.status_code == 400
    assert "Motif (obligatoire, journalisé) : Indiquez le motif : il est journalisé." in seen(
        missing
    )
    assert Wave.objects.get().status == WaveStatus.CLOSED
    step(operator, wave, "rouvrir", "closed", "Saint-Étienne a soumis par erreur")
    page = seen(operator.get(wave_url(wave)))
    assert "C'est fait : la vague est rouverte." in page
    timeline = page.split("Chronologie", 1)[1]
    assert "operator@equipe.fr : Vague ouverte aux répondants." in timeline
    assert "operator@equipe.fr : Vague close." in timeline
    assert "Vague rouverte — motif : Saint-Étienne a soumis par erreur." in timeline
    assert (
        timeline.index("Vague ouverte")
        < timeline.index("Vague close")
        < timeline.index("Vague rouverte")
    )


def test_a_step_on_a_wave_in_another_state_is_refused_and_changes_nothing(
    operator: Client, frame: Frame
) -> None:
    wave = make_wave(frame, status=WaveStatus.CLOSED)
    page = operator.get(wave_url(wave, "etat/clore/"))
    assert page.status_code == 409
    assert "ne s'applique qu'à une vague ouverte. Rien n'a été fait." in seen(page)
    late = step(operator, wave, "clore", "open")  # read while open, sent after a colleague closed
    assert late.status_code == 409
    assert "La vague n'est plus ouverte : elle est devenue close le" in seen(
        late
    )  # make_wave closed it without an actor
    assert "Rien n'a été fait ; relisez son état avant de recommencer." in seen(late)
    assert operator.get(wave_url(wave, "etat/publier/")).status_code == 404
    assert wave.transitions.count() == 2


def test_publishing_an_open_wave_is_refused_in_french(operator: Client, frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.OPEN)
    build_result_set(wave, Kind.PROVISIONAL)
    page = operator.get(wave_url(wave, "publier/"))
    assert page.status_code == 409
    assert "Cette vague est ouverte : on ne publie qu'une vague close. Clôturez-la" in seen(page)
    forced = operator.post(wave_url(wave, "publier/"), {"revision": "1"})
    assert forced.status_code == 409
    assert "on ne publie qu'une vague close" in seen(forced)
    assert Wave.objects.get(pk=wave.pk).status == WaveStatus.OPEN


def test_a_closed_wave_without_a_final_set_cannot_be_published(
    operator: Client, frame: Frame
) -> None:
    wave = make_wave(frame)
    page = operator.get(wave_url(wave, "publier/"))
    assert "Cette vague n'a pas de jeu de résultats définitif" in seen(page)
    forced = operator.post(wave_url(wave, "publier/"), {"revision": "1"})
    assert forced.status_code == 409
    assert Wave.objects.get(pk=wave.pk).status == WaveStatus.CLOSED


def test_review_then_publish_the_final_set(operator: Client, frame: Frame) -> None:
    wave = make_wave(frame)
    final = build_result_set(wave, Kind.FINAL)
    review = seen(operator.get(wave_url(wave, "resultats/1/")))
    assert "C'est le jeu définitif le plus récent : c'est lui qui sera publié." in review
    assert "marge type × strate, cible du référentiel et total pondéré atteint" in review
    assert "marge région, cible du référentiel et total pondéré atteint" in review
    hidden = final.estimates.exclude(suppressed="").count()
    assert hidden > 0  # the secret indicator « victime » is never shown
    assert f"{hidden} cellules sous secret sur {final.estimates.count()}" in review
    assert "Victime d'une attaque" in review
    confirm = seen(operator.get(wave_url(wave, "publier/")))
    assert "Vous allez publier la vague avec son jeu de résultats définitif, révision 1" in confirm
    done = operator.post(wave_url(wave, "publier/"), {"revision": "1"})
    assert done["Location"] == wave_url(wave)
    page = seen(operator.get(done["Location"]))
    assert "Vague publiée : la révision 1 est celle du tableau de bord" in page
    assert "État : publiée" in page
    assert "Vague publiée — avec : jeu de résultats définitif, révision 1." in page
    again = operator.post(wave_url(wave, "publier/"), {"revision": "1"})
    assert again.status_code == 409
    assert "Cette vague a déjà été publiée par operator@equipe.fr le" in seen(again)


def test_a_review_made_stale_by_a_newer_final_set_is_not_published(
    operator: Client, frame: Frame
) -> None:
    wave = make_wave(frame)
    build_result_set(wave, Kind.FINAL)
    build_result_set(wave, Kind.FINAL)
    stale = operator.post(wave_url(wave, "publier/"), {"revision": "1"})
    assert stale.status_code == 409
    assert (
        "Le jeu définitif le plus récent est la révision 2, pas la révision 1 que vous avez "
        "relue : relisez-la avant de publier. Rien n'a été publié." in seen(stale)
    )
    assert Wave.objects.get(pk=wave.pk).status == WaveStatus.CLOSED
    assert "Une révision définitive plus récente le remplace." in seen(
        operator.get(wave_url(wave, "resultats/1/"))
    )


def test_building_refuses_bad_states_and_a_revision_without_reason(
    operator: Client, frame: Frame
) -> None:
    draft = flows.add_wave(
        flows.create_campaign("Baromètre 2027", "barometre-2027", 2027),
        (1, "Vague 1", dt.date(2027, 1, 1), dt.date(2027, 2, 1)),
        [flows.register_version(SOURCE)],
    )
    refused = operator.post(wave_url(draft, "resultats/calcul/"), {"kind": "provisional"})
    assert refused.status_code == 409
    assert "Cette vague est un brouillon : elle n'a encore aucune réponse." in seen(refused)
    wave = make_wave(frame, status=WaveStatus.OPEN)
    early = operator.post(wave_url(wave, "resultats/calcul/"), {"kind": "final"})
    assert "un jeu définitif ne se construit qu'après sa clôture" in seen(early)
    published = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(published, Kind.FINAL)
    form = seen(operator.get(wave_url(published, "resultats/calcul/")))
    assert "Il remplacera la révision 1 sur le tableau de bord, l'API et les données" in form
    silent = operator.post(wave_url(published, "resultats/calcul/"), {"kind": "final"})
    assert silent.status_code == 409
    assert "Indiquez le motif de la révision : elle remplacera la révision 1" in seen(silent)
    unknown = operator.post(wave_url(published, "resultats/calcul/"), {"kind": "brut"})
    assert unknown.status_code == 400
    assert not Job.objects.filter(kind=JobKind.RESULTS).exists()  # publishing queued the reports


def test_a_second_build_waits_for_the_first(operator: Client, frame: Frame) -> None:
    wave = make_wave(frame)
    first = operator.post(wave_url(wave, "resultats/calcul/"), {"kind": "final"})
    job = Job.objects.get()
    assert first["Location"] == f"/equipe/taches/{job.pk}/"
    second = operator.post(wave_url(wave, "resultats/calcul/"), {"kind": "provisional"})
    assert second.status_code == 409
    assert (
        f"Un calcul des résultats de cette vague est déjà en attente (tâche n° {job.pk})"
        in seen(second)
    )
    assert Job.objects.count() == 1
    assert not ResultSet.objects.exists()  # the request did not build anything itself


def test_the_wave_page_reads_the_same_for_analysts_without_any_step(
    client: Client, frame: Frame
) -> None:
    wave = make_wave(frame)
    build_result_set(wave, Kind.FINAL)
    as_staff(client, StaffRole.ANALYST)
    page = seen(client.get(wave_url(wave)))
    assert "Seuls les opérateurs et opératrices conduisent une vague" in page
    assert "Clore la vague" not in page
    assert "Rouvrir la vague" not in page
    assert "révision 1" in page
    assert "Publier cette révision" not in seen(client.get(wave_url(wave, "resultats/1/")))


def test_the_navigation_links_contacts_requests_and_exports(operator: Client, frame: Frame) -> None:
    wave = make_wave(frame)
    home = operator.get("/equipe/").content.decode()
    for href in ("/equipe/editions/", "/equipe/contacts/", "/equipe/demandes/", "/equipe/exports/"):
        assert f'href="{href}"' in home
    exports = seen(operator.get("/equipe/exports/"))
    assert f"{wave.label} close participation.csv" in exports
    assert "pas encore publiées" in exports
    assert 'href="/equipe/editions/"' in operator.get("/equipe/contacts/").content.decode()
