"""Staff build result sets from the back office; nothing there edits or deletes one."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultSet
from tests.results.factory import make_wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    user = get_user_model().objects.create_superuser("chef", "chef@essai.invalid", "x")
    client.force_login(user)
    return client


def test_adding_a_result_set_builds_it(staff: Client, closed_wave: Wave) -> None:
    response = staff.post(
        "/gestion/results/resultset/add/", {"wave": closed_wave.pk, "kind": "final"}
    )
    assert response.status_code == 302
    built = ResultSet.objects.get()
    assert (built.revision, built.built_by.username) == (1, "chef")
    assert built.estimates.exists()


def test_the_form_refuses_a_final_set_of_an_open_wave(staff: Client, frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.OPEN)
    response = staff.post("/gestion/results/resultset/add/", {"wave": wave.pk, "kind": "final"})
    assert response.status_code == 200
    assert "encore ouverte" in response.content.decode()
    assert not ResultSet.objects.exists()


def test_the_rebuild_action_adds_a_revision(staff: Client, closed_wave: Wave) -> None:
    first = build_result_set(closed_wave, "provisional")
    staff.post(
        "/gestion/results/resultset/",
        {"action": "rebuild", "_selected_action": [first.pk]},
    )
    assert list(ResultSet.objects.values_list("revision", flat=True).order_by("revision")) == [1, 2]


def test_a_result_set_page_is_read_only(staff: Client, closed_wave: Wave) -> None:
    built = build_result_set(closed_wave, "final")
    page = staff.get(f"/gestion/results/resultset/{built.pk}/change/")
    assert page.status_code == 200
    assert 'name="kind"' not in page.content.decode()


def test_a_result_set_page_shows_the_answers_frozen_with_it(
    staff: Client, closed_wave: Wave
) -> None:
    built = build_result_set(closed_wave, "final")
    stored = built.answer_tables.get()
    page = staff.get(f"/gestion/results/resultset/{built.pk}/change/").content.decode()
    assert "Réponses figées avec le jeu" in page
    assert f"essai_resultats : 30 réponses (SHA-256 {stored.sha256})" in page
