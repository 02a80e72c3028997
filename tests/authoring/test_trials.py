"""Test answers of a draft: the skip logic of the respondent pages, and never counted anywhere."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.authoring import flows, trials
from barometre.authoring.models import QuestionnaireDraft, TrialOrigin, TrialResponse
from barometre.campaigns.models import Wave
from barometre.collection.models import Answer, Response
from barometre.participation.progress import wave_statuses
from barometre.referentiel import Frame
from barometre.results.extraction import extract_wave
from tests.authoring.files import yaml_bytes
from tests.participation.data import scene

pytestmark = pytest.mark.django_db


def draft_of(text: bytes, name: str = "bon.yaml") -> QuestionnaireDraft:
    return flows.create_draft(name, text, None)


def test_an_answer_that_makes_a_question_irrelevant_sets_its_answer_aside() -> None:
    draft = draft_of(yaml_bytes("bon.yaml"))
    questionnaire = draft.questionnaire
    assert questionnaire is not None
    trial = trials.start_trial(draft, None)
    site, pages = questionnaire.page("site"), questionnaire.page("site-2")
    assert site is not None
    assert pages is not None
    trials.save_trial_page(trial, site, {"a_site": "oui"})
    trials.save_trial_page(trial, pages, {"pages": "12"})
    trial.refresh_from_db()
    assert trial.values == {"a_site": "oui", "pages": 12}
    trials.save_trial_page(trial, site, {"a_site": "non"})
    trial.refresh_from_db()
    assert trial.values == {"a_site": "non"}
    assert trial.pages == ["site", "site-2"]


def test_synthetic_respondents_follow_the_skip_logic() -> None:
    draft = draft_of(yaml_bytes("bon.yaml"))
    trials.generate(draft, 200, 7, None)
    rows = list(TrialResponse.objects.filter(origin=TrialOrigin.SYNTHETIC))
    assert len(rows) == 200
    assert all(
        row.authority_id.partition(":")[0] in {"commune", "epci", "departement", "region"}
        for row in rows
    )
    with_site = [row for row in rows if row.values.get("a_site") == "oui"]
    without = [row for row in rows if row.values.get("a_site") != "oui"]
    assert with_site
    assert without
    assert all("pages" not in row.values for row in without)
    assert all(1 <= row.values.get("pages", 1) <= 10000 for row in with_site)


def test_the_same_seed_draws_the_same_answers() -> None:
    first, second = draft_of(yaml_bytes("bon.yaml")), draft_of(yaml_bytes("bon.yaml"))
    trials.generate(first, 30, 11, None)
    trials.generate(second, 30, 11, None)
    drawn = [
        list(
            TrialResponse.objects.filter(draft=d)
            .order_by("pk")
            .values_list("authority_id", "values")
        )
        for d in (first, second)
    ]
    assert drawn[0] == drawn[1]


def test_test_answers_never_reach_participation_statistics_or_exports(
    open_wave: Wave, frame: Frame, client: Client
) -> None:
    """A draft of the very questionnaire the wave serves, answered by 150 synthetic authorities
    and one preview: the wave's participation, its extraction for statistics and the staff CSV
    are exactly what they were."""
    scene(open_wave)
    user = User.objects.create_user("operatrice@equipe.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    client.force_login(user)
    csv_url = f"/equipe/vagues/{open_wave.pk}/participation.csv"
    before = (
        wave_statuses(open_wave),
        [table.table.height for table in extract_wave(open_wave, frame).tables],
        client.get(csv_url).content,
        Response.objects.count(),
        Answer.objects.count(),
    )
    draft = flows.draft_from_version(open_wave.questionnaires.get().version, user)
    trials.generate(draft, 150, 5, user)
    trial = trials.start_trial(draft, user)
    questionnaire = draft.questionnaire
    assert questionnaire is not None
    profil = questionnaire.page("profil")
    assert profil is not None
    trials.save_trial_page(trial, profil, {"role": "agent"})
    after = (
        wave_statuses(open_wave),
        [table.table.height for table in extract_wave(open_wave, frame).tables],
        client.get(csv_url).content,
        Response.objects.count(),
        Answer.objects.count(),
    )
    assert TrialResponse.objects.count() == 151
    assert after == before
    assert before[1] == [1]  # Saint-Étienne's submitted response, and nothing else


def test_reset_removes_every_test_answer_and_says_how_many() -> None:
    draft = draft_of(yaml_bytes("bon.yaml"))
    trials.generate(draft, 12, 1, None)
    trials.start_trial(draft, None)
    assert trials.reset(draft, None) == 13
    assert trials.counts(draft).total == 0
    assert trials.reset(draft, None) == 0


def test_a_draft_that_does_not_compile_has_no_preview() -> None:
    draft = draft_of(yaml_bytes("mauvais.yaml"), "mauvais.yaml")
    with pytest.raises(flows.DraftError, match="pas d'aperçu"):
        trials.start_trial(draft, None)
    with pytest.raises(flows.DraftError, match="pas d'aperçu"):
        trials.generate(draft, 5, 1, None)
