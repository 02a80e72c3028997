"""Campaign and wave writes are guarded, atomic and logged; versions never change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from barometre.audit.models import AuditEvent
from barometre.campaigns import flows
from barometre.campaigns.models import (
    Campaign,
    QuestionnaireVersion,
    Wave,
    WaveQuestionnaire,
    WaveStatus,
    WaveTransition,
)

pytestmark = pytest.mark.django_db

SOURCE = """
id: demo
title: Démo
version: "1"
sections:
  - id: s1
    title: Page 1
    questions:
      - {id: site, type: yes_no, label: 'Un site internet ?', required: true}
"""
CORRECTED = SOURCE.replace("Un site internet ?", "Avez-vous un site internet ?")
JAN, MAR = dt.date(2026, 1, 15), dt.date(2026, 3, 1)


@pytest.fixture
def wave() -> Wave:
    campaign = Campaign.objects.create(name="Test", slug="test", year=2026)
    return flows.create_wave(campaign, 1, "Vague 1", JAN, MAR)


def test_the_same_source_registers_one_version() -> None:
    first = flows.register_version(SOURCE, "demo.yaml")
    second = flows.register_version(SOURCE, "demo.yaml")
    assert first.pk == second.pk
    assert first.questionnaire.id == "demo"


def test_a_corrected_source_is_a_new_version() -> None:
    first = flows.register_version(SOURCE)
    second = flows.register_version(CORRECTED)
    assert first.version_hash != second.version_hash
    assert QuestionnaireVersion.objects.count() == 2


def test_an_invalid_questionnaire_is_refused_with_its_coded_errors() -> None:
    broken = SOURCE.replace("required: true", "relevant: \"${nowhere} = 'oui'\"")
    with pytest.raises(flows.CampaignError, match="ne peut pas être enregistré"):
        flows.register_version(broken)
    assert not QuestionnaireVersion.objects.exists()


def test_a_version_cannot_be_modified() -> None:
    version = flows.register_version(SOURCE)
    version.title = "Autre"
    with pytest.raises(ValueError, match="ne se modifie pas"):
        version.save()


def test_lifecycle_draft_open_closed_published_is_logged(wave: Wave) -> None:
    flows.set_questionnaire(wave, flows.register_version(SOURCE))
    for status in (WaveStatus.OPEN, WaveStatus.CLOSED, WaveStatus.PUBLISHED):
        wave = flows.transition(wave, status)
    assert wave.status == WaveStatus.PUBLISHED
    steps = list(WaveTransition.objects.values_list("from_status", "to_status"))
    assert steps == [("draft", "open"), ("open", "closed"), ("closed", "published")]
    assert AuditEvent.objects.filter(action="wave.transition").count() == 3


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ((WaveStatus.CLOSED,), "brouillon ne peut pas devenir close"),
        ((WaveStatus.OPEN, WaveStatus.PUBLISHED), "ouverte ne peut pas devenir publiée"),
        ((WaveStatus.OPEN, WaveStatus.CLOSED, WaveStatus.PUBLISHED, WaveStatus.OPEN), "publiée"),
        (("archived",), "État inconnu"),
    ],
)
def test_forbidden_transitions_are_refused(wave: Wave, path: tuple[str, ...], message: str) -> None:
    flows.set_questionnaire(wave, flows.register_version(SOURCE))
    *allowed, refused = path
    for status in allowed:
        wave = flows.transition(wave, status)
    with pytest.raises(flows.CampaignError, match=message):
        flows.transition(wave, refused)


def test_a_wave_without_questionnaire_cannot_open(wave: Wave) -> None:
    with pytest.raises(flows.CampaignError, match="au moins un questionnaire"):
        flows.transition(wave, WaveStatus.OPEN)
    wave.refresh_from_db()
    assert wave.status == WaveStatus.DRAFT
    assert not WaveTransition.objects.exists()


def test_reopening_a_closed_wave_needs_a_reason(wave: Wave) -> None:
    flows.set_questionnaire(wave, flows.register_version(SOURCE))
    flows.transition(wave, WaveStatus.OPEN)
    flows.transition(wave, WaveStatus.CLOSED)
    with pytest.raises(flows.CampaignError, match="motif de la réouverture"):
        flows.transition(wave, WaveStatus.OPEN)
    assert flows.transition(wave, WaveStatus.OPEN, note="Relance tardive").status == "open"


def test_an_open_wave_takes_a_correction_and_keeps_the_old_version(wave: Wave) -> None:
    original = flows.register_version(SOURCE)
    flows.set_questionnaire(wave, original)
    flows.transition(wave, WaveStatus.OPEN)
    corrected = flows.register_version(CORRECTED)
    with pytest.raises(flows.CampaignError, match="motif de la correction"):
        flows.set_questionnaire(wave, corrected)
    flows.set_questionnaire(wave, corrected, note="Libellé plus clair")
    link = WaveQuestionnaire.objects.get(wave=wave)
    assert link.version == corrected
    assert QuestionnaireVersion.objects.filter(pk=original.pk).exists()
    event = AuditEvent.objects.get(action="questionnaire.corrected")
    assert event.detail["previous"] == original.version_hash


def test_an_open_wave_takes_no_new_questionnaire(wave: Wave) -> None:
    flows.set_questionnaire(wave, flows.register_version(SOURCE))
    flows.transition(wave, WaveStatus.OPEN)
    other = flows.register_version(SOURCE.replace("id: demo", "id: autre"))
    with pytest.raises(flows.CampaignError, match="on ne peut plus y ajouter"):
        flows.set_questionnaire(wave, other, note="ajout")


def test_wave_dates_are_checked_by_the_flow_and_the_database(wave: Wave) -> None:
    with pytest.raises(flows.CampaignError, match="postérieure"):
        flows.create_wave(wave.campaign, 2, "Vague 2", MAR, JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.create(
            campaign=wave.campaign, number=2, title="x", opens_on=MAR, closes_on=JAN
        )


def test_the_database_refuses_two_waves_with_one_number(wave: Wave) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.create(
            campaign=wave.campaign, number=1, title="x", opens_on=JAN, closes_on=MAR
        )


def test_create_campaign_writes_nothing_without_wet_run() -> None:
    call_command("create_campaign", name="Baromètre 2026", year=2026)
    assert not Campaign.objects.exists()


def test_create_campaign_builds_three_waves_of_three_questionnaires() -> None:
    call_command("create_campaign", name="Baromètre 2026", year=2026, wet_run=True)
    campaign = Campaign.objects.get(slug="barometre-2026")
    counts = [wave.questionnaires.count() for wave in campaign.waves.order_by("number")]
    assert counts == [3, 3, 3]
    assert QuestionnaireVersion.objects.count() == 9
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("create_campaign", name="Baromètre 2026", year=2026, wet_run=True)


def test_library_versions_compile_back_to_the_same_hash() -> None:
    call_command("create_campaign", name="Baromètre 2026", year=2026, wet_run=True)
    for version in QuestionnaireVersion.objects.all():
        assert version.questionnaire.version_hash == version.version_hash
