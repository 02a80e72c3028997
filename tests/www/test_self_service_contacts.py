"""/equipe/contacts/: staff only; a dry run shows every bad row; an import is all or nothing."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.collection import contacts
from barometre.collection.contacts import MAX_BYTES
from barometre.collection.models import LoginLink, Respondent

pytestmark = pytest.mark.django_db

URL = "/equipe/contacts/"
GOOD = b"code;email;role\n42218;secretariat@saint-etienne.fr;agent\n69123;dsi@lyon.fr;elu\n"


@pytest.fixture
def operator(client: Client) -> Client:
    user = get_user_model().objects.create_user("operateur", "op@barometre.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    client.force_login(user)
    return client


def upload(content: bytes, name: str = "contacts.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/equipe/connexion/")


def test_a_respondent_who_is_not_staff_is_refused(client: Client, agent: Respondent) -> None:
    client.force_login(agent.user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(GOOD), "action": "import"}).status_code == 403
    assert Respondent.objects.count() == 1


def test_analysts_and_relays_may_not_import(client: Client) -> None:
    for role, territories in (("analyst", ""), ("relay", "departement:42")):
        user = get_user_model().objects.create_user(f"{role}@equipe.fr")
        StaffProfile.objects.create(user=user, role=role, territories=territories)
        client.force_login(user)
        assert client.post(URL, {"file": upload(GOOD), "action": "import"}).status_code == 403
    assert not Respondent.objects.exists()


def test_the_page_explains_the_expected_columns(operator: Client) -> None:
    response = operator.get(URL)
    assert response.status_code == 200
    assert "Cache-Control" in response
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "toutes les lignes ou\n  aucune" in response.content.decode()


def test_a_dry_run_checks_without_storing(operator: Client) -> None:
    response = operator.post(URL, {"file": upload(GOOD), "action": "check"})
    assert response.status_code == 200
    assert "2 contacts valides" in response.content.decode()
    assert not Respondent.objects.exists()


def test_bad_rows_are_listed_and_nothing_is_imported(operator: Client) -> None:
    data = GOOD + b"99999;x@y.fr;agent\n42218;=cmd|'/c calc'!A1;agent\n"
    response = operator.post(URL, {"file": upload(data), "action": "import"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "2 lignes en erreur" in page
    assert "Aucune commune" in page
    assert "formule" in page
    assert not Respondent.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "status", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00", "image.png", 400, "ni un CSV"),
        (b"x" * (MAX_BYTES + 10), "enorme.csv", 413, "5 Mo"),
    ],
)
def test_hostile_files_get_a_french_4xx_and_store_nothing(
    operator: Client, content: bytes, name: str, status: int, message: str
) -> None:
    response = operator.post(URL, {"file": upload(content, name), "action": "import"})
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Respondent.objects.exists()


def test_a_missing_file_is_a_form_error(operator: Client) -> None:
    response = operator.post(URL, {"action": "import"})
    assert response.status_code == 400
    assert "Choisissez un fichier." in response.content.decode()


def test_an_import_stores_every_row_and_can_invite_the_new_contacts(operator: Client) -> None:
    response = operator.post(URL, {"file": upload(GOOD), "action": "import", "invite": "on"})
    assert response.status_code == 200
    assert "2 répondants créés" in response.content.decode()
    assert Respondent.objects.count() == 2
    assert LoginLink.objects.filter(purpose="invitation").count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "dsi@lyon.fr",
        "secretariat@saint-etienne.fr",
    ]
    assert "/connexion/" in mail.outbox[0].body


def test_a_concurrent_write_during_the_import_is_a_409(
    operator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def taken(*_args: object) -> None:
        raise IntegrityError

    monkeypatch.setattr(contacts, "_store", taken)
    response = operator.post(URL, {"file": upload(GOOD), "action": "import"})
    assert response.status_code == 409
    assert "relancez-le" in response.content.decode()


def test_a_workbook_with_a_90_mb_cell_is_a_french_400_in_under_a_second(operator: Client) -> None:
    from tests.collection.test_contacts import single_cell_bomb  # noqa: PLC0415 - one helper

    bomb = upload(single_cell_bomb(90_000_000), "bombe.xlsx")
    operator.get(URL)  # a worker that has served pages before: templates and URLs loaded
    started = time.perf_counter()
    response = operator.post(URL, {"file": bomb, "action": "check"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    assert "Une cellule du classeur dépasse 300 caractères" in response.content.decode()
    assert elapsed < 1.0
    assert not Respondent.objects.exists()
