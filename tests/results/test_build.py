"""Result sets: built by the engine, frozen, revised (never overwritten), refused when absurd."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from barometre.audit.models import AuditEvent
from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, Wave, WaveStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.errors import ResultsError
from barometre.results.models import ResultEstimate, ResultSet
from tests.results.factory import add_response, make_wave

pytestmark = pytest.mark.django_db


def test_every_indicator_is_estimated_raw_and_weighted_in_every_domain(closed_wave: Wave) -> None:
    result_set = build_result_set(closed_wave, "final")
    cells = set(result_set.estimates.values_list("indicator_id", "domain", "weighting"))
    domains = {"ensemble", "region", "departement", "type", "stratum", "role"}
    indicators = {"essai.site", "essai.part_en_ligne", "essai.victime"}
    assert cells == {(i, d, w) for i in indicators for d in domains for w in ("brut", "pondere")}


def test_raw_and_weighted_cells_share_their_disclosure_decision(closed_wave: Wave) -> None:
    result_set = build_result_set(closed_wave, "final")
    decisions: dict[tuple[str, str, str], set[str]] = {}
    for e in result_set.estimates.all():
        decisions.setdefault((e.indicator_id, e.domain, e.level), set()).add(e.suppressed)
    assert all(len(d) == 1 for d in decisions.values())
    assert any(d == {"primary"} for d in decisions.values())


def test_small_bases_are_suppressed(closed_wave: Wave) -> None:
    result_set = build_result_set(closed_wave, "final")
    small = result_set.estimates.filter(n__lt=5)
    assert small.exists()
    assert not small.filter(suppressed="").exists()


def test_weighted_intervals_contain_their_estimate(closed_wave: Wave) -> None:
    result_set = build_result_set(closed_wave, "final")
    overall = result_set.estimates.get(
        indicator_id="essai.site", domain="ensemble", weighting="pondere"
    )
    assert overall.ci_low < overall.value < overall.ci_high
    assert overall.n == 30


def test_provenance_names_wave_versions_frame_code_and_parameters(closed_wave: Wave) -> None:
    provenance = build_result_set(closed_wave, "final").provenance
    (version,) = provenance["questionnaires"]["essai_resultats"]
    assert version["reponses"] == 30
    assert len(version["empreinte"]) == 64
    assert provenance["vague"]["id"] == closed_wave.pk
    assert provenance["referentiel"]["vintage"] == 2026
    assert provenance["code"]["version"]
    secret = provenance["ponderation"]["secret"]
    assert secret == {
        "base_minimale": 5,
        "secondaire": True,
        "tableaux_lies": "jumeaux, sommes et bornes sur tous les tableaux du jeu",
        "bases_fixees_par_les_motifs": secret["bases_fixees_par_les_motifs"],
    }
    assert isinstance(secret["bases_fixees_par_les_motifs"], int)
    assert provenance["extraction"]


def test_the_weighting_report_gives_targets_margins_and_effective_size(closed_wave: Wave) -> None:
    report = build_result_set(closed_wave, "final").weighting["essai_resultats"]
    covered = [c for c in report["cells"] if c["responses"]]
    assert all(c["achieved"] == pytest.approx(c["target"]) for c in covered)
    assert 0 < report["effective_n"] <= report["n"] == 30
    assert report["kish_deff"] >= 1


def test_a_rebuild_is_a_new_logged_revision(closed_wave: Wave) -> None:
    first = build_result_set(closed_wave, "provisional")
    second = build_result_set(closed_wave, "provisional")
    assert (first.revision, second.revision, second.supersedes) == (1, 2, first)
    assert ResultEstimate.objects.filter(result_set=first).count() > 0
    events = AuditEvent.objects.filter(action="results.built").order_by("id")
    assert [e.detail["revision"] for e in events] == [1, 2]


def test_a_result_set_is_frozen(closed_wave: Wave) -> None:
    result_set = build_result_set(closed_wave, "final")
    result_set.kind = "provisional"
    with pytest.raises(ValueError, match="figé"):
        result_set.save()
    estimate = result_set.estimates.first()
    with pytest.raises(ValueError, match="figé"):
        estimate.save()


def test_a_final_set_of_an_open_wave_is_refused(frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.OPEN)
    with pytest.raises(ResultsError, match="encore ouverte"):
        build_result_set(wave, "final")
    assert build_result_set(wave, "provisional").kind == "provisional"


def test_a_wave_without_submitted_responses_is_refused(frame: Frame) -> None:
    wave = make_wave(frame, submitted=False)
    with pytest.raises(ResultsError, match="Aucune réponse soumise"):
        build_result_set(wave, "final")
    assert not ResultSet.objects.exists()


def test_a_draft_wave_is_refused() -> None:
    campaign = Campaign.objects.create(name="Brouillon", slug="brouillon", year=2026)
    wave = campaign_flows.create_wave(campaign, 1, "V1", dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    with pytest.raises(ResultsError, match="brouillon"):
        build_result_set(wave, "provisional")


def test_the_command_builds_and_shows_progress(
    closed_wave: Wave, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("build_results", "--wave", str(closed_wave.pk), "--final")
    out, err = capsys.readouterr()
    assert "révision 1 enregistrée" in err
    assert "█" in err
    assert "30 réponses" in out
    assert ResultSet.objects.get().kind == "final"


def test_the_command_refuses_in_french(frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.OPEN)
    with pytest.raises(CommandError, match="encore ouverte"):
        call_command("build_results", "--wave", str(wave.pk), "--final")
    with pytest.raises(CommandError, match="Aucune vague"):
        call_command("build_results", "--wave", "999999")


def test_a_response_from_an_authority_unknown_to_the_frame_is_refused(frame: Frame) -> None:
    wave = make_wave(frame, status=WaveStatus.OPEN)
    version = wave.questionnaires.get().version
    add_response(wave, version, "commune:99999", 99, submitted=True)
    with pytest.raises(ResultsError, match="absente du référentiel"):
        build_result_set(wave, "provisional")
