"""The evolution since the authority's previous answer, beside its peer group's, as read on the
page and in the JSON: first participation, a significant change, one that is not, a model
that changed, a group the previous wave did not show."""

from __future__ import annotations

import pytest
from django.test import Client

from barometre.collection.links import issue_link
from barometre.referentiel import Frame
from barometre.reports.build import build_report
from tests.reports.factory import (
    REMODELLED,
    answers_for,
    communes,
    published_wave,
    respondent_of,
)
from tests.support.pages import seen

pytestmark = pytest.mark.django_db
PEERS = 5
READER = 8  # a commune of the Haute-Loire, its group the département's 8 communes


@pytest.fixture(autouse=True)
def small_groups(settings: object) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = PEERS  # type: ignore[attr-defined]


def weaker(index: int) -> dict[str, object]:
    """A year before: no backups, no visio, a site for every other commune."""
    return {"sauvegardes": "jamais", "site": "oui" if index % 2 == 0 else "non", "visio": "non"}


def page(client: Client, wave_id: int, unit: str) -> str:
    client.post(f"/connexion/{issue_link(respondent_of(unit))}/")
    response = client.get(f"/repondre/{wave_id}/restitution/")
    assert response.status_code == 200
    return seen(response)


def evolution_of(wave_id: int, unit: str, frame: Frame) -> dict[str, object]:
    report = build_report(wave_id, unit, frame=frame, peers_minimum=PEERS).to_json()
    return report["themes"][0]["evolution"]  # type: ignore[no-any-return]


def test_a_first_answer_says_premiere_participation(client: Client, frame: Frame) -> None:
    units = communes(frame)
    wave = published_wave(frame, units)
    shown = page(client, wave.pk, units[READER])
    assert (
        "Première participation : votre collectivité n'avait pas répondu au questionnaire "
        "« Questionnaire d'essai de la maturité » lors d'une vague publiée précédente." in shown
    )
    assert "première participation" in shown  # in the table of every theme
    evolution = evolution_of(wave.pk, units[READER], frame)
    assert (evolution["statut"], evolution["ecart"], evolution["groupe"]) == (
        "premiere_participation",
        None,
        None,
    )


def test_a_significant_rise_of_the_group_is_told_with_its_interval(
    client: Client, frame: Frame
) -> None:
    units = communes(frame)
    before = published_wave(frame, units, weaker)
    after = published_wave(frame, units)
    shown = page(client, after.pk, units[READER])
    assert (
        f"Depuis votre réponse précédente ({before.label}), votre score est passé de 25,0 à "
        "75,0, soit +50,0 points." in shown
    )
    assert "Dans votre groupe (Communes de moins de 500 hab. du département Haute-Loire (43))" in (
        shown
    )
    assert "soit une hausse significative au seuil de 5 %" in shown
    evolution = evolution_of(after.pk, units[READER], frame)
    group = evolution["groupe"]
    assert group["moyenne_precedente"]["valeur"] == pytest.approx(12.5)  # 25 and 0, one in two
    change = group["ecart"]
    assert change["significatif"] is True
    assert change["ic95"][0] > 0  # the whole interval above zero
    assert change["ic95"][1] - change["ic95"][0] > 0
    assert change["valeur"] == pytest.approx(
        group["moyenne"]["valeur"] - group["moyenne_precedente"]["valeur"]
    )


def test_no_change_is_not_significant_and_the_page_says_why(client: Client, frame: Frame) -> None:
    units = communes(frame)
    published_wave(frame, units)
    after = published_wave(frame, units)
    shown = page(client, after.pk, units[READER])
    assert "votre score est passé de 75,0 à 75,0, soit 0,0 point." in shown
    assert "soit une évolution non significative au seuil de 5 %" in shown
    assert "l'intervalle contient 0" in shown
    change = evolution_of(after.pk, units[READER], frame)["groupe"]["ecart"]  # type: ignore[index]
    assert change["significatif"] is False
    assert change["ic95"][0] < 0 < change["ic95"][1]


def test_another_model_gives_words_instead_of_a_number(client: Client, frame: Frame) -> None:
    units = communes(frame)
    published_wave(frame, units, source=REMODELLED)
    after = published_wave(frame, units)
    shown = page(client, after.pk, units[READER])
    assert "a été notée selon un autre modèle de maturité" in shown
    assert "les deux scores ne se comparent pas, l'évolution n'est pas calculée" in shown
    assert "modèle différent, pas de comparaison" in shown
    evolution = evolution_of(after.pk, units[READER], frame)
    assert evolution["statut"] == "modele_different"
    assert (evolution["score_precedent"], evolution["ecart"], evolution["groupe"]) == (
        None,
        None,
        None,
    )


def test_a_group_the_previous_wave_did_not_show_has_no_earlier_mean(frame: Frame) -> None:
    units = communes(frame)
    # A year before, only 4 communes of the Haute-Loire answered: no group of the département.
    published_wave(frame, units[:12] + units[16:])
    after = published_wave(frame, units)
    group = evolution_of(after.pk, units[READER], frame)["groupe"]
    assert group["moyenne_precedente"] is None  # type: ignore[index]
    assert group["ecart"] is None  # type: ignore[index]
    assert group["sans_ecart"].startswith("Ce groupe n'était pas publié à la vague précédente")  # type: ignore[index]


def test_an_authority_that_skipped_a_year_compares_with_its_last_answer(frame: Frame) -> None:
    units = communes(frame)
    first = published_wave(frame, units, weaker)
    published_wave(frame, [u for u in units if u != units[READER]], answers_for)
    last = published_wave(frame, units)
    evolution = evolution_of(last.pk, units[READER], frame)
    assert evolution["reference"]["vague"]["id"] == first.pk  # type: ignore[index]
    assert evolution["ecart"] == 50.0
