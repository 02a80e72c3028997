"""« Que faire ensuite ? »: the recommendations of the weak answers, by priority then weakness,
the first six « prioritaires », on the page and in the JSON; the library's on a real report."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from barometre.campaigns import flows as campaign_flows
from barometre.questionnaire.library import load_library
from barometre.referentiel import Frame
from barometre.reports.advice import OPSN_UNKNOWN
from barometre.reports.build import build_report
from tests.reports.factory import RECOMMENDED, communes, published_wave
from tests.reports.test_evolution import page

pytestmark = pytest.mark.django_db
PEERS = 5
ALL_WEAK = 6  # answers_for(6): no backups, no site, no visio — a score of 0


@pytest.fixture(autouse=True)
def small_groups(settings: object) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = PEERS  # type: ignore[attr-defined]


def test_the_page_orders_by_priority_then_weakness_and_marks_six(
    client: Client, frame: Frame
) -> None:
    units = communes(frame)
    wave = published_wave(frame, units, source=RECOMMENDED)
    shown = page(client, wave.pk, units[ALL_WEAK])
    first, _, others = shown.partition("Autres recommandations")
    first = first.partition("Vos 6 recommandations prioritaires")[2]
    assert re.findall(r"Action [A-H]", first) == [f"Action {x}" for x in "CBGDEF"]
    assert first.count("prioritaire") == 6
    assert re.findall(r"Action [A-H]", others) == ["Action A", "Action H"]
    assert "prioritaire" not in others
    assert "Priorité essentielle — thème « Pratiques numériques » — 50,0 points" in first
    assert "« Vos données sont-elles sauvegardées hors ligne ? » — votre réponse : Jamais" in first


def test_the_json_gives_rank_priority_weakness_and_links(frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units, source=RECOMMENDED)
    data = build_report(wave.pk, units[ALL_WEAK], frame=frame, peers_minimum=PEERS).to_json()
    found = data["recommandations"]
    assert [(r["rang"], r["id"], r["prioritaire"]) for r in found] == [
        (1, "reco_c", True),
        (2, "reco_b", True),
        (3, "reco_g", True),
        (4, "reco_d", True),
        (5, "reco_e", True),
        (6, "reco_f", True),
        (7, "reco_a", False),
        (8, "reco_h", False),
    ]
    assert found[0]["priorite"] == {"niveau": 1, "nom": "essentielle"}
    assert found[0]["faiblesse_points"] == 50.0
    assert set(found[0]) == {
        "rang", "prioritaire", "id", "questionnaire", "theme", "priorite", "faiblesse_points",
        "titre", "pourquoi", "comment", "vos_reponses", "liens", "opsn",
    }  # fmt: skip
    assert found[0]["liens"] == [
        {"libelle": "MonAideCyber", "url": "https://monaide.cyber.gouv.fr/"}
    ]


def test_strong_answers_bring_no_recommendation_and_the_page_says_so(
    client: Client, frame: Frame
) -> None:
    units = communes(frame)
    strong = {"sauvegardes": "chaque_jour", "site": "oui", "visio": "oui"}
    wave = published_wave(frame, units, lambda _: strong, source=RECOMMENDED)
    assert build_report(wave.pk, units[0], frame=frame, peers_minimum=PEERS).recommendations == ()
    assert "Aucune de vos réponses notées n'appelle de recommandation" in page(
        client, wave.pk, units[0]
    )


def test_a_library_report_names_public_resources_and_says_it_knows_no_opsn(
    client: Client, frame: Frame
) -> None:
    units = communes(frame)
    source = load_library()["cybersecurite"]
    version = campaign_flows.register_compiled(source)
    weak = {
        "collectivite_confirmee": "oui", "role": "agent", "fonction_agent": "secretaire_mairie",
        "cyb_victime_3ans": "non", "cyb_plans": ["aucun"], "cyb_rssi": "aucun",
        "cyb_sauvegardes": "jamais", "cyb_antivirus": "non", "cyb_double_authentification": "non",
        "cyb_formation_elus": "non", "cyb_formation_agents": "non",
        "cyb_actions_sensibilisation": ["aucune"], "cyb_referent": "non",
    }  # fmt: skip
    wave = published_wave(frame, units, lambda _: weak, source=version.source, key="cybersecurite")
    report = build_report(wave.pk, units[0], frame=frame, peers_minimum=PEERS)
    # Every answer weak: the diagnostic (40 points under its threshold) comes first, then the
    # other essentials by the points they leave (backups, plans, officer: 16 each; updates: 8),
    # then the first « importante » (double authentication, 12 points).
    assert [item.recommendation.id for item in report.first] == [
        "diagnostic_cyber",
        "sauvegardes_hors_ligne",
        "plans_continuite_reprise",
        "responsable_securite",
        "postes_a_jour",
        "double_authentification",
    ]
    shown = page(client, wave.pk, units[0])
    assert "Guide d'hygiène informatique (ANSSI)" in shown
    assert "MonAideCyber : diagnostic gratuit avec un Aidant cyber (ANSSI)" in shown
    assert OPSN_UNKNOWN in shown
    assert "Le référentiel du baromètre ne dit pas quel OPSN couvre votre collectivité" in shown
