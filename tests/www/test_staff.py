"""Staff pages: participation table against the frame, CSV export, non-respondents, reminders."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.audit.models import AuditEvent
from barometre.campaigns.models import Wave
from barometre.jobs.models import Job
from barometre.participation.nonrespondents import Filters
from barometre.participation.tasks import start_reminders
from barometre.referentiel import load_frame
from barometre.www.templatetags.french import date_fr
from tests.participation.data import scene
from tests.participation.smtp import Collector, running_smtp
from tests.support.pages import seen

pytestmark = pytest.mark.django_db


def without_nonce(html: bytes) -> bytes:
    """The page without its per-request Content Security Policy nonces."""
    return re.sub(rb'nonce="[^"]*"', b"", html)


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    settings.REMINDERS_PER_MINUTE = 60_000
    yield from running_smtp(settings)


def as_staff(client: Client, role: str, territories: str = "") -> Client:
    user = User.objects.create_user(f"{role}@equipe.fr")
    StaffProfile.objects.create(user=user, role=role, territories=territories)
    client.force_login(user)
    return client


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_dashboard_shows_counts_rates_and_base_n(client: Client, open_wave: Wave) -> None:
    scene(open_wave)
    html = as_staff(client, StaffRole.ANALYST).get(f"/equipe/vagues/{open_wave.pk}/participation/")
    text = html.content.decode()
    assert html.status_code == 200
    assert "Base n (référentiel)" in text
    assert "Auvergne-Rhône-Alpes" in text
    assert "no-store" in html["Cache-Control"]


def test_the_participation_page_puts_the_whole_first_then_each_breakdown_and_the_curve(
    client: Client, open_wave: Wave
) -> None:
    scene(open_wave)
    as_staff(client, StaffRole.OPERATOR)
    response = client.get(f"/equipe/vagues/{open_wave.pk}/participation/")
    text = seen(response)
    headings = [
        "Ensemble du périmètre",
        "Réponses complètes jour après jour",
        "Par région",
        "Par type de collectivité",
        "Par strate de population",
        "Toutes les cellules",
    ]
    places = [text.index(heading) for heading in headings]
    assert places == sorted(places)
    units = len(load_frame())
    assert f"1 soumise sur {units:,} collectivités".replace(",", " ") in text
    html = response.content.decode()
    assert re.search(r'<polyline points="[\d., ]+"', html)
    assert "Tableau de la courbe" in text
    today = timezone.localdate()
    assert f"{date_fr(today)} 1 1" in text  # the day Saint-Étienne submitted: one, one in all
    strata = folded_labels(html, "Par strate de population")
    assert strata[:2] == ["Communes de moins de 500 hab.", "Communes de 500 à 999 hab."]
    assert strata[5] == "Communes de 50 000 hab. et plus"  # by size, not alphabetically
    assert strata[-2:] == ["Départements", "Régions"]


def folded_labels(html: str, title: str) -> list[str]:
    table = html[html.index(title) :].split("</table>", 1)[0]
    return [seen(cell) for cell in re.findall(r'<th scope="row">(.*?)</th>', table)]


def test_participation_filters_narrow_the_page_and_the_csv(client: Client, open_wave: Wave) -> None:
    scene(open_wave)
    as_staff(client, StaffRole.OPERATOR)
    url = f"/equipe/vagues/{open_wave.pk}/participation/"
    text = seen(client.get(url, {"region": "84", "type": "commune"}))
    assert "sélection : Auvergne-Rhône-Alpes — Communes." in text
    assert "Ensemble de la sélection" in text
    assert "Île-de-France" not in text.split("Par région", 1)[1]
    rows = csv_rows(
        client.get(
            f"/equipe/vagues/{open_wave.pk}/participation.csv?region=84&type=commune"
        ).content
    )
    assert {(row["code_region"], row["type"]) for row in rows} == {("84", "commune")}
    assert sum(int(row["soumises"]) for row in rows) == 1
    wrong = client.get(url, {"region": "99"})
    assert wrong.status_code == 400
    assert "erreur" in seen(wrong)
    assert client.get(f"/equipe/vagues/{open_wave.pk}/participation.csv?type=x").status_code == 400


def test_a_relay_cannot_filter_on_a_region_outside_its_territory(
    client: Client, open_wave: Wave
) -> None:
    as_staff(client, StaffRole.RELAY, "departement:42")
    url = f"/equipe/vagues/{open_wave.pk}/participation/"
    assert client.get(url, {"region": "84"}).status_code == 200
    assert client.get(url, {"region": "11"}).status_code == 400


def test_the_csv_has_one_row_per_frame_cell_and_is_audited(client: Client, open_wave: Wave) -> None:
    scene(open_wave)
    response = as_staff(client, StaffRole.OPERATOR).get(
        f"/equipe/vagues/{open_wave.pk}/participation.csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response.content)
    assert sum(int(row["soumises"]) for row in rows) == 1
    assert sum(int(row["invitees"]) for row in rows) == 4
    cell = next(row for row in rows if int(row["soumises"]) == 1)
    assert cell["region"] == "Auvergne-Rhône-Alpes"
    assert float(cell["taux_soumises"]) == pytest.approx(1 / int(cell["collectivites_referentiel"]))
    event = AuditEvent.objects.get(action="export")
    assert event.detail == {"kind": "participation_csv", "rows": len(rows)}


def test_a_relay_csv_covers_only_its_territory(client: Client, open_wave: Wave) -> None:
    scene(open_wave)
    response = as_staff(client, StaffRole.RELAY, "departement:69").get(
        f"/equipe/vagues/{open_wave.pk}/participation.csv"
    )
    rows = csv_rows(response.content)
    assert {row["code_region"] for row in rows} == {"84"}
    assert sum(int(row["invitees"]) for row in rows) == 1
    assert sum(int(row["soumises"]) for row in rows) == 0


def test_the_non_respondent_list_filters_by_status(client: Client, open_wave: Wave) -> None:
    scene(open_wave)
    as_staff(client, StaffRole.OPERATOR)
    text = client.get(
        f"/equipe/vagues/{open_wave.pk}/sans-reponse/", {"status": "started"}
    ).content.decode()
    assert "Firminy" in text
    assert "Roanne" not in text
    assert "1 collectivité sans réponse" in text


def test_the_non_respondent_list_pages_through_the_frame(client: Client, open_wave: Wave) -> None:
    as_staff(client, StaffRole.RELAY, "departement:42")
    url = f"/equipe/vagues/{open_wave.pk}/sans-reponse/"
    first = client.get(url, {"type": "commune"}).content.decode()
    assert "Page suivante" in first
    second = client.get(url, {"type": "commune", "page": "2"})
    assert second.status_code == 200
    assert "page 2 sur" in second.content.decode()


def test_an_authority_page_shows_status_and_reminders(client: Client, open_wave: Wave) -> None:
    scene(open_wave)
    as_staff(client, StaffRole.RELAY, "departement:42")
    text = client.get(f"/equipe/vagues/{open_wave.pk}/collectivites/commune:42095/").content
    assert "commencé, pas soumis" in text.decode()


def test_a_relay_gets_404_for_another_territory_exactly_like_a_missing_authority(
    client: Client, open_wave: Wave
) -> None:
    scene(open_wave)
    as_staff(client, StaffRole.RELAY, "departement:42")
    base = f"/equipe/vagues/{open_wave.pk}/collectivites/"
    other = client.get(base + "commune:69123/")
    missing = client.get(base + "commune:99999/")
    garbage = client.get(base + "n'importe-quoi/")
    assert other.status_code == missing.status_code == garbage.status_code == 404
    assert without_nonce(other.content) == without_nonce(missing.content)


def test_the_reminder_form_refuses_bad_filters(client: Client, open_wave: Wave) -> None:
    as_staff(client, StaffRole.OPERATOR)
    url = f"/equipe/vagues/{open_wave.pk}/relances/"
    response = client.post(url, {"status": "submitted", "action": "envoyer"})
    assert response.status_code == 400
    assert "erreur" in response.content.decode()


def test_a_relay_cannot_target_another_region(client: Client, open_wave: Wave) -> None:
    as_staff(client, StaffRole.RELAY, "departement:42")
    url = f"/equipe/vagues/{open_wave.pk}/relances/"
    assert client.post(url, {"region": "11", "action": "apercu"}).status_code == 400


def test_nobody_to_remind_starts_no_job(client: Client, open_wave: Wave) -> None:
    scene(open_wave)
    as_staff(client, StaffRole.RELAY, "departement:42")
    url = f"/equipe/vagues/{open_wave.pk}/relances/"
    page = client.post(url, {"status": "started", "action": "envoyer", "type": "epci"}, follow=True)
    assert "Personne à relancer avec ces critères : rien n'a été lancé." in seen(page)
    assert not Job.objects.exists()


def test_jobs_are_seen_by_operators_and_by_the_relay_that_started_them(
    client: Client, open_wave: Wave
) -> None:
    scene(open_wave)
    relay = User.objects.create_user("autre-relais@equipe.fr")
    mine = start_reminders(open_wave, Filters(), None, relay, 3)
    as_staff(client, StaffRole.RELAY, "departement:42")
    assert client.get(f"/equipe/taches/{mine.pk}/").status_code == 404
    assert "Aucune tâche" in seen(client.get("/equipe/taches/"))
    client.logout()
    as_staff(client, StaffRole.OPERATOR)
    listed = seen(client.get("/equipe/taches/"))
    assert "Relances — Essai, vague 1" in listed
    assert "autre-relais@equipe.fr" in listed
    assert client.get(f"/equipe/taches/{mine.pk}/").status_code == 200
    assert client.get(f"/equipe/taches/{mine.pk}/relancer/").status_code == 405
    refused = seen(client.post(f"/equipe/taches/{mine.pk}/relancer/", follow=True))
    assert "on ne relance qu'une tâche échouée ou interrompue" in refused
    client.logout()
    as_staff(client, StaffRole.ANALYST)
    assert client.get("/equipe/taches/").status_code == 403


def test_an_unknown_filter_value_is_a_400_with_the_error_listed(
    client: Client, open_wave: Wave
) -> None:
    as_staff(client, StaffRole.RELAY, "departement:42")
    response = client.get(f"/equipe/vagues/{open_wave.pk}/sans-reponse/", {"region": "11"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "1 erreur à corriger" in text
    assert "0 collectivités sans réponse" in text
