"""One authority's report: its scores, its named peer group, the peers' weighted figures."""

from __future__ import annotations

import numpy as np
import pytest

from barometre.campaigns.models import WaveStatus
from barometre.referentiel import Frame
from barometre.reports.build import build_report
from barometre.reports.errors import ReportError, ReportNotFoundError, ReportNotReadyError
from barometre.reports.peers import score_column
from barometre.reports.wave import cached_wave_scores
from barometre.results.queries import latest_final
from tests.reports.factory import KEY, PLAIN, communes, published_wave

pytestmark = pytest.mark.django_db
PEERS = 5  # others needed besides the authority (the rule's minimum base is 5)


@pytest.fixture
def units(frame: Frame) -> list[str]:
    return communes(frame)


def test_the_report_gives_the_score_and_level_of_each_theme(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    # answers_for(1): backups « parfois » (1 × 2), a site (3), visio (3): 8 of 12.
    theme = build_report(wave.pk, units[1], frame=frame, peers_minimum=PEERS).themes[0]
    assert (theme.label, theme.value, theme.level.name if theme.level else None) == (
        "Pratiques numériques", 66.7, "Maîtrise"
    )  # fmt: skip


def test_the_report_names_its_group_and_its_size(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    haute_loire = build_report(wave.pk, units[8], frame=frame, peers_minimum=PEERS).to_json()
    group = haute_loire["themes"][0]["groupe"]
    assert group["libelle"] == "Communes de moins de 500 hab. du département Haute-Loire (43)"
    assert (group["perimetre"], group["zone"], group["effectif"]) == ("departement", "43", 8)


def test_a_protected_departement_reads_the_region_group(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    loire = build_report(wave.pk, units[0], frame=frame, peers_minimum=PEERS).to_json()
    group = loire["themes"][0]["groupe"]
    assert group["libelle"] == "Communes de moins de 500 hab. de la région Auvergne-Rhône-Alpes"
    assert group["effectif"] == 18


def test_the_peer_mean_is_the_weighted_mean_of_the_group(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    report = build_report(wave.pk, units[8], frame=frame, peers_minimum=PEERS)
    peers = report.themes[0].peers
    assert peers is not None
    scores = cached_wave_scores(wave, latest_final(wave), frame, PEERS)  # type: ignore[arg-type]
    design = scores.design(KEY)
    table = scores.tables[KEY].frame
    mask = table["authority"].isin(list(peers.group.members)).to_numpy()
    y = table[score_column("pratiques")].to_numpy()[mask]
    w = design.weights[mask]
    assert peers.mean.value == pytest.approx(float(np.sum(w * y) / np.sum(w)))
    assert peers.mean.low is not None
    assert peers.mean.high is not None
    assert peers.mean.low < peers.mean.value < peers.mean.high


def test_level_shares_add_up_to_the_whole_group(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    peers = build_report(wave.pk, units[8], frame=frame, peers_minimum=PEERS).themes[0].peers
    assert peers is not None
    assert sum(figure.value or 0 for _, figure in peers.levels) == pytest.approx(1.0)


def test_the_position_is_a_band_never_a_rank(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    positions = {
        build_report(wave.pk, unit, frame=frame, peers_minimum=PEERS).themes[0].position
        for unit in units[8:16]
    }
    assert positions <= {
        "parmi le quart le plus avancé de votre groupe",
        "dans la moitié la plus avancée de votre groupe",
        "dans la moitié la moins avancée de votre groupe",
        "parmi le quart le moins avancé de votre groupe",
        "au niveau de la moitié centrale de votre groupe",
    }
    assert len(positions) > 1


def test_the_json_names_the_model_it_was_scored_under(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    data = build_report(wave.pk, units[8], frame=frame, peers_minimum=PEERS).to_json()
    assert len(data["themes"][0]["questionnaire"]["modele"]) == 16
    assert data["source"]["secret"] == {"base_minimale": 5}


def test_an_unknown_unit_is_refused_in_french(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    with pytest.raises(ReportNotFoundError, match="Collectivité inconnue"):
        build_report(wave.pk, "commune:99999", frame=frame)


def test_an_unknown_wave_is_refused(frame: Frame) -> None:
    with pytest.raises(ReportNotFoundError, match="Aucune vague n'a l'identifiant 987654"):
        build_report(987654, "commune:42218", frame=frame)


def test_a_wave_not_yet_published_has_no_report(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units, status=WaveStatus.CLOSED)
    with pytest.raises(ReportNotReadyError, match="n'est pas encore publiée"):
        build_report(wave.pk, units[0], frame=frame)


def test_an_authority_that_did_not_answer_has_no_report(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    with pytest.raises(ReportNotFoundError, match="Saint-Étienne n'a soumis aucun questionnaire"):
        build_report(wave.pk, "commune:42218", frame=frame)


def test_a_questionnaire_without_model_has_no_score(frame: Frame, units: list[str]) -> None:
    wave = published_wave(
        frame, units, lambda i: {"site": "oui" if i % 2 else "non"}, source=PLAIN, key="x"
    )
    with pytest.raises(ReportError, match="n'ont pas de modèle de maturité"):
        build_report(wave.pk, units[0], frame=frame)


def test_a_group_too_small_everywhere_gives_the_score_alone(frame: Frame, units: list[str]) -> None:
    wave = published_wave(frame, units)
    theme = build_report(wave.pk, units[0], frame=frame, peers_minimum=100).themes[0]
    assert theme.value is not None
    assert theme.peers is None
    assert theme.peers_reason.startswith("Moins de 100 autres collectivités")


def test_not_concerned_everywhere_gives_no_score_and_says_why(
    frame: Frame, units: list[str]
) -> None:
    def answers(index: int) -> dict[str, object]:
        if index == 0:
            return {"sauvegardes": "sans_donnees"}
        return {"sauvegardes": "parfois", "site": "oui", "visio": "non"}

    wave = published_wave(frame, units, answers)
    theme = build_report(wave.pk, units[0], frame=frame, peers_minimum=PEERS).themes[0]
    assert theme.value is None
    assert theme.peers is None
    assert "non concernée" in theme.score.reason
