"""Two operators publish the same wave at the same instant: one wins, the other reads why.

PostgreSQL only: each operator's request runs in its own thread and connection, and the wave's
row lock (SELECT … FOR UPDATE) decides who comes first."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.campaigns.models import WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import Kind
from tests.results.factory import make_wave
from tests.support.pages import seen

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def operator(name: str) -> Client:
    user = User.objects.create_user(f"{name}@equipe.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    client = Client()
    client.force_login(user)
    return client


def test_two_operators_publishing_at_once_one_wins_the_other_reads_why(frame: Frame) -> None:
    assert connection.vendor == "postgresql"
    wave = make_wave(frame)
    build_result_set(wave, Kind.FINAL)
    clients = {"alice": operator("alice"), "bruno": operator("bruno")}
    barrier = threading.Barrier(len(clients))
    answers: dict[str, tuple[int, str]] = {}

    def publish(name: str) -> None:
        try:
            barrier.wait(timeout=30)
            response = clients[name].post(f"/equipe/vagues/{wave.pk}/publier/", {"revision": "1"})
            answers[name] = (response.status_code, seen(response))
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(status for status, _ in answers.values()) == [302, 409]
    winner = next(name for name, (status, _) in answers.items() if status == 302)
    loser_text = next(text for status, text in answers.values() if status == 409)
    assert f"Cette vague a déjà été publiée par {winner}@equipe.fr le" in loser_text
    assert "rien n'a été fait" in loser_text
    wave.refresh_from_db()
    assert wave.status == WaveStatus.PUBLISHED
    assert wave.transitions.filter(to_status=WaveStatus.PUBLISHED).count() == 1
