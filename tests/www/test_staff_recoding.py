"""The operator's recoding page: the classified diff, and a recode map confirmed or refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.audit.models import AuditEvent
from barometre.campaigns.models import RecodeMap
from tests.support.pages import seen
from tests.www.recoding_data import version_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> Client:
    user = User.objects.create_user("operatrice@equipe.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    client = Client()
    client.force_login(user)
    return client


def page_url() -> str:
    previous, current = version_pair()
    return f"/equipe/recodage/{previous.pk}/{current.pk}/"


def field(choice: str) -> str:
    return f"recodage:gestion:{choice}"


COMPLETE = {
    field("interne"): "interne",
    field("opsn"): "mutualise",
    field("epci"): "mutualise",
    field("prestataire"): "prestataire",
    "commentaire": "OPSN et intercommunalité réunis en 2025",
}


def test_the_list_says_which_pairs_need_a_recode_map(operator: Client) -> None:
    version_pair()
    text = seen(operator.get("/equipe/recodage/"))
    assert "Essai de recodage" in text
    assert "Recodage 2025, vague 1" in text
    assert "2 question(s) changée(s) : 1 à recoder, 1 en rupture de série" in text
    assert "Recodage à confirmer (1 question(s))." in text


def test_the_pair_page_shows_each_change_and_its_consequence(operator: Client) -> None:
    response = operator.get(page_url())
    text = seen(response)
    assert response.status_code == 200
    assert "Choix retiré ou fusionné : Choix retiré(s) ou fusionné(s) : « opsn », « epci »" in text
    assert "Type modifié : Type « integer » devenu « percentage »" in text
    assert "comparable après recodage" in text
    assert "Table de recodage non confirmée pour « gestion »." in text
    assert "« L'opérateur public de services numériques » (opsn, retiré) devient" in text
    html = response.content.decode()
    assert 'name="recodage:gestion:opsn"' in html
    assert '<option value="interne" selected>' in html  # kept choices come pre-filled


def test_a_choice_left_unmapped_is_refused_and_nothing_is_stored(operator: Client) -> None:
    incomplete = {k: v for k, v in COMPLETE.items() if k != field("epci")}
    response = operator.post(page_url(), incomplete)
    text = seen(response)
    assert response.status_code == 400
    assert "La table de recodage n'est pas enregistrée : 1 erreur à corriger" in text
    assert "le choix « epci » de l'ancienne version n'est rapporté à aucun choix" in text
    assert "recode_unmapped_choice" in text
    assert not RecodeMap.objects.exists()
    assert not AuditEvent.objects.filter(action="recode.confirmed").exists()


def test_a_choice_mapped_to_an_unknown_one_is_refused(operator: Client) -> None:
    response = operator.post(page_url(), {**COMPLETE, field("opsn"): "opsn"})
    assert response.status_code == 400
    assert "« opsn » est rapporté à « opsn », qui n'est pas un choix de la nouvelle" in seen(
        response
    )
    assert not RecodeMap.objects.exists()


def test_a_confirmed_map_is_stored_audited_and_shown(operator: Client) -> None:
    response = operator.post(page_url(), COMPLETE)
    assert response.status_code == 302
    stored = RecodeMap.objects.get()
    assert stored.mapping == {"gestion": {"interne": ["interne"], "opsn": ["mutualise"],
                                          "epci": ["mutualise"],
                                          "prestataire": ["prestataire"]}}  # fmt: skip
    assert AuditEvent.objects.get(action="recode.confirmed").actor is not None
    text = seen(operator.get(response["Location"]))
    assert "Table de recodage confirmée : les évolutions publiées la suivent" in text
    assert "« OPSN et intercommunalité réunis en 2025 »" in text
    assert "Réponses antérieures recodées par la table confirmée : « gestion »." in text


def test_two_versions_no_wave_compares_are_not_found(operator: Client) -> None:
    previous, current = version_pair()
    assert operator.get(f"/equipe/recodage/{current.pk}/{previous.pk}/").status_code == 404
