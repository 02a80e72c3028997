"""Builds and invitations started from a wave's page run in the real worker (django-tasks' DB
queue): the page answers at once, the job page follows, nothing is done twice.

Transactional: a job is queued when the request's transaction commits."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.utils import timezone

from barometre.accounts.models import StaffRole
from barometre.campaigns.models import Wave, WaveStatus
from barometre.jobs.models import Job, JobState
from barometre.jobs.runner import start_again
from barometre.participation.models import Invitation, InvitationOutcome
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import Kind, ResultSet
from barometre.results.queries import latest_final
from tests.participation.data import scene
from tests.participation.smtp import Collector, body, free_port, running_smtp
from tests.results.factory import make_wave
from tests.support.pages import seen
from tests.support.worker import reloaded, run_worker
from tests.www.test_staff import as_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def operator(client: Client) -> Client:
    return as_staff(client, StaffRole.OPERATOR)


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    settings.REMINDERS_PER_MINUTE = 60_000
    yield from running_smtp(settings)


def test_a_final_set_is_built_by_the_worker_while_the_page_answers_at_once(
    operator: Client, frame: Frame
) -> None:
    wave = make_wave(frame)
    started = operator.post(f"/equipe/vagues/{wave.pk}/resultats/calcul/", {"kind": "final"})
    job = Job.objects.get()
    assert started["Location"] == f"/equipe/taches/{job.pk}/"
    assert not ResultSet.objects.exists()  # the request only queued the build
    waiting = seen(operator.get(started["Location"]))
    assert "Calcul lancé en arrière-plan" in waiting
    assert "État : en attente" in waiting
    assert "Retour à la vague" in waiting
    run_worker()
    done = seen(operator.get(started["Location"]))
    result_set = ResultSet.objects.get()
    hidden = result_set.estimates.exclude(suppressed="").count()
    assert "État : terminée" in done
    assert (
        f"Révision 1 (définitif) construite sur 30 réponse(s) soumise(s) ; {hidden} cellule(s) "
        "sous secret." in done
    )
    assert result_set.built_by is not None
    assert result_set.built_by.username == "operator@equipe.fr"
    page = seen(operator.get(f"/equipe/vagues/{wave.pk}/"))
    assert "Relire la révision 1 puis publier" in page
    assert "révision 1 définitif" in page
    timeline = page.split("Chronologie", 1)[1]
    assert "operator@equipe.fr : Tâche de fond lancée : Résultats définitifs" in timeline
    assert (
        "operator@equipe.fr : Jeu de résultats définitif, révision 1, construit sur 30 "
        "réponse(s) soumise(s)." in timeline
    )


def test_a_build_started_again_after_it_stored_its_set_builds_no_second_one(
    operator: Client, frame: Frame
) -> None:
    wave = make_wave(frame)
    operator.post(f"/equipe/vagues/{wave.pk}/resultats/calcul/", {"kind": "provisional"})
    job = Job.objects.get()
    run_worker()
    # the worker died after storing the set, before saying so: the job reads as interrupted
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, heartbeat_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert reloaded(job).interrupted
    start_again(reloaded(job), None)
    run_worker()
    assert reloaded(job).state == JobState.DONE
    assert reloaded(job).summary.startswith("Révision 1 (provisoire) construite")
    assert ResultSet.objects.count() == 1


def test_a_revision_of_published_results_says_its_reason_and_replaces_them(
    operator: Client, frame: Frame
) -> None:
    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(wave, Kind.FINAL)
    url = f"/equipe/vagues/{wave.pk}/resultats/calcul/"
    reason = "Roanne a corrigé sa réponse sur le site internet"
    started = operator.post(url, {"kind": "final", "reason": reason})
    run_worker()
    done = seen(operator.get(started["Location"]))
    assert (
        "Elle remplace la révision 1 sur le tableau de bord, l'API et les données ouvertes." in done
    )
    newest = latest_final(wave)
    assert newest is not None
    assert newest.revision == 2
    page = seen(operator.get(f"/equipe/vagues/{wave.pk}/"))
    assert f"remplace la révision 1 — motif de la révision : {reason}." in page
    review = seen(operator.get(f"/equipe/vagues/{wave.pk}/resultats/2/"))
    assert f"Motif de la révision : {reason}" in review
    assert "C'est la révision publiée" in review


def recipients(collector: Collector) -> Counter[str]:
    return Counter(str(message["To"]) for message in collector.messages)


def test_invitations_are_previewed_then_sent_once_by_the_worker(
    operator: Client, open_wave: Wave, smtp: Collector
) -> None:
    scene(open_wave)  # Saint-Étienne submitted, Firminy started: they answer already
    url = f"/equipe/vagues/{open_wave.pk}/invitations/"
    preview = seen(operator.get(url))
    assert "3 contacts recevraient une invitation." in preview
    assert "2 écartés : sa collectivité répond déjà à cette vague" in preview
    started = operator.post(url, {"action": "envoyer"})
    job = Job.objects.get()
    assert started["Location"] == f"/equipe/taches/{job.pk}/"
    assert not smtp.messages  # the request did not wait for the mail server
    run_worker()
    done = seen(operator.get(started["Location"]))
    assert "3 invitation(s) envoyée(s) pour cette vague en tout" in done
    assert recipients(smtp) == Counter({"dsi@roanne.fr": 1, "maire@roanne.fr": 1, "dsi@lyon.fr": 1})
    text = body(smtp.messages[0])
    assert "La vague « Essai, vague 1 » est ouverte jusqu'au 1er mars 2026." in text
    assert "/connexion/" in text
    after = operator.get(url)
    assert "Personne ne recevrait d'invitation." in seen(after)
    assert "3 écartés : déjà invité·e à cette vague" in seen(after)
    again = operator.post(url, {"action": "envoyer"})
    assert again.status_code == 409
    assert "Personne à inviter" in seen(again)
    run_worker()
    assert len(smtp.messages) == 3
    assert "3 envoyées" in seen(operator.get(f"/equipe/vagues/{open_wave.pk}/"))


def test_invitations_survive_a_mail_server_down_and_nobody_gets_two(
    operator: Client, open_wave: Wave, settings: Any
) -> None:
    settings.REMINDERS_PER_MINUTE = 60_000
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    scene(open_wave)
    operator.post(f"/equipe/vagues/{open_wave.pk}/invitations/", {"action": "envoyer"})
    job = Job.objects.get()
    run_worker()  # nothing listens: every delivery is refused
    waiting = reloaded(job)
    assert waiting.state == JobState.RETRY
    assert "le serveur de messagerie refuse ou ne répond pas" in waiting.error
    assert set(Invitation.objects.values_list("outcome", flat=True)) == {InvitationOutcome.FAILED}
    page = seen(operator.get(f"/equipe/vagues/{open_wave.pk}/"))
    assert "aucune envoyée, 3 en échec d'envoi" in page
    collector = Collector()
    server = Controller(collector, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    server.start()
    try:
        assert waiting.next_try_at is not None
        time.sleep(max(0.0, (waiting.next_try_at - timezone.now()).total_seconds()) + 0.1)
        run_worker()
    finally:
        server.stop()
    assert reloaded(job).state == JobState.DONE, reloaded(job).error
    assert recipients(collector) == Counter(
        {"dsi@roanne.fr": 1, "maire@roanne.fr": 1, "dsi@lyon.fr": 1}
    )
    assert set(Invitation.objects.values_list("outcome", flat=True)) == {InvitationOutcome.SENT}


def test_an_interrupted_invitation_is_never_sent_again(
    operator: Client, open_wave: Wave, smtp: Collector
) -> None:
    people = scene(open_wave)
    Invitation.objects.create(
        wave=open_wave, respondent=people["lyon"], outcome=InvitationOutcome.SENDING
    )
    preview = seen(operator.get(f"/equipe/vagues/{open_wave.pk}/invitations/"))
    assert "2 contacts recevraient une invitation." in preview
    operator.post(f"/equipe/vagues/{open_wave.pk}/invitations/", {"action": "envoyer"})
    run_worker()
    assert "dsi@lyon.fr" not in recipients(smtp)
    assert "1 interrompue (jamais renvoyée)" in seen(
        operator.get(f"/equipe/vagues/{open_wave.pk}/")
    )


def test_invitations_wait_for_an_open_wave(operator: Client, frame: Frame) -> None:
    wave = make_wave(frame)
    page = operator.get(f"/equipe/vagues/{wave.pk}/invitations/")
    assert page.status_code == 409
    assert "Cette vague est close : on n'invite qu'à une vague ouverte." in seen(page)
