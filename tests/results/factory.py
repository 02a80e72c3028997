"""A small wave written directly in the database: one inline questionnaire, real communes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.utils import timezone

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, Wave, WaveQuestionnaire, WaveStatus
from barometre.collection.models import Answer, Respondent, Response, ResponseStatus
from barometre.referentiel import Frame, stratum_of

SOURCE = """
id: essai_resultats
title: Questionnaire d'essai des résultats
version: "1"
wave: 1
sections:
  - id: site
    title: Site internet
    questions:
      - {id: a_site, type: yes_no, label: 'Avez-vous un site internet ?', required: true}
      - id: part_en_ligne
        type: percentage
        label: Part des démarches en ligne
        relevance: "${a_site} = 'oui'"
      - id: outils
        type: multiple_choice
        label: Quels outils ?
        options:
          - {value: messagerie, label: Messagerie}
          - {value: agenda, label: Agenda partagé}
      - {id: commentaire, type: long_text, label: 'Un commentaire ?'}
      - {id: nom_site, type: text, label: 'Nom du site'}
  - id: securite
    title: Sécurité
    questions:
      - {id: victime, type: yes_no, label: 'Victime d une attaque ?', sensitivity: secret}
      - {id: assurance, type: yes_no, label: 'Assurance cyber ?', sensitivity: restricted}
indicators:
  - id: essai.site
    label: A un site internet
    numerator: "${a_site} = 'oui'"
  - id: essai.part_en_ligne
    label: Part des démarches en ligne
    mean: "${part_en_ligne} div 100"
    base: "${a_site} = 'oui'"
  - id: essai.victime
    label: Victime d'une attaque
    numerator: "${victime} = 'oui'"
    sensitivity: secret
"""

#: Every région × stratum cell covered, so that the raking margins agree.
REGIONS = ("75", "84")
STRATA = ("<500", "1000-3499", "10000-49999")


def sample_communes(frame: Frame, per_cell: int = 5) -> list[str]:
    """The first communes (by code) of each région × stratum cell: 2 × 3 × ``per_cell``."""
    chosen = []
    for region in REGIONS:
        for stratum in STRATA:
            units = sorted(
                (u for u in frame.of_type("commune") if u.region == region
                 and stratum_of(u) == stratum),
                key=lambda u: u.code,
            )  # fmt: skip
            chosen.extend(u.id for u in units[:per_cell])
    return chosen


def unreachable_communes(frame: Frame, per_cell: int = 12) -> list[str]:
    """Small communes answered only in one région, larger ones only in the other: the région
    totals cannot be met together with the type × stratum ones (no shared cell)."""
    chosen = []
    for region, stratum in (("75", "<500"), ("84", "1000-3499")):
        units = sorted(
            (u for u in frame.of_type("commune") if u.region == region
             and stratum_of(u) == stratum),
            key=lambda u: u.code,
        )  # fmt: skip
        chosen.extend(u.id for u in units[:per_cell])
    return chosen


def answers_for(index: int) -> dict[str, object]:
    site = "oui" if index % 3 else "non"
    values: dict[str, object] = {
        "a_site": site,
        "outils": ["messagerie", "agenda"][: 1 + index % 2],
        "commentaire": '=HYPERLINK("http://exemple.invalid")' if index == 0 else "RAS",
        "nom_site": f"site-{index}",
        "victime": "oui" if index % 4 == 0 else "non",
        "assurance": "non",
    }
    if site == "oui":
        values["part_en_ligne"] = 10 * (index % 10)
    return values


def make_wave(
    frame: Frame,
    communes: Sequence[str] | None = None,
    status: str = WaveStatus.CLOSED,
    *,
    submitted: bool = True,
) -> Wave:
    campaign, _ = Campaign.objects.get_or_create(
        slug="essai-resultats", defaults={"name": "Essai résultats", "year": 2026}
    )
    number = campaign.waves.count() + 1
    wave = campaign_flows.create_wave(
        campaign, number, f"Vague {number}", dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    )
    version = campaign_flows.register_version(SOURCE)
    campaign_flows.set_questionnaire(wave, version)
    wave = campaign_flows.transition(wave, WaveStatus.OPEN)
    for index, authority in enumerate(communes or sample_communes(frame)):
        add_response(wave, version, authority, index, submitted=submitted)
    if status != WaveStatus.OPEN:
        wave = campaign_flows.transition(wave, WaveStatus.CLOSED)
    if status == WaveStatus.PUBLISHED:
        wave = campaign_flows.transition(wave, WaveStatus.PUBLISHED)
    return wave


def published_edition(frame: Frame, year: int) -> Wave:
    """A published wave 1 with its final result set, in a campaign of ``year``.

    The factory's campaign is renamed afterwards, so the next ``make_wave`` starts a new one.
    """
    from barometre.results.build import build_result_set  # noqa: PLC0415 - results tests only

    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(wave, "final", frame=frame)
    renamed = {"slug": f"essai-{year}", "name": f"Essai {year}", "year": year}
    Campaign.objects.filter(pk=wave.campaign_id).update(**renamed)
    return Wave.objects.select_related("campaign").get(pk=wave.pk)


def add_response(
    wave: Wave, version: object, authority: str, index: int, *, submitted: bool
) -> None:
    user = get_user_model().objects.create(username=f"r{wave.pk}-{index}@essai.invalid")
    role = "elu" if index % 5 == 0 else "agent"
    respondent = Respondent.objects.create(user=user, authority_id=authority, role=role)
    response = Response.objects.create(
        wave=wave,
        questionnaire_key="essai_resultats",
        version=version,
        authority_id=authority,
        status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.IN_PROGRESS,
        submitted_at=timezone.now() if submitted else None,
        submitted_by=respondent if submitted else None,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question_id=q, value=v, answered_by=respondent, role=role)
        for q, v in answers_for(index).items()
    )


def library_wave(number: int, size: int, status: str = WaveStatus.PUBLISHED) -> Wave:
    """A wave of the library's questionnaires answered by ``size`` synthetic respondents."""
    import polars as pl  # noqa: PLC0415 - only the tests that use the library wave

    from barometre.questionnaire.library import wave_questionnaires  # noqa: PLC0415
    from barometre.synth import synthesize  # noqa: PLC0415

    campaign = Campaign.objects.create(
        name=f"Bibliothèque {number}", slug=f"bib-{number}", year=2026
    )
    wave = campaign_flows.create_wave(
        campaign, number, f"Vague {number}", dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    )
    for questionnaire in wave_questionnaires(number):
        campaign_flows.set_questionnaire(wave, campaign_flows.register_compiled(questionnaire))
    wave = campaign_flows.transition(wave, WaveStatus.OPEN)
    table = synthesize(wave=number, n=size, seed=7)
    for link in wave.questionnaires.select_related("version"):
        rows = table.filter(pl.col("questionnaire") == link.questionnaire_key)
        rows = rows.unique("unit_id", keep="first", maintain_order=True)
        for index, row in enumerate(rows.iter_rows(named=True)):
            values = {k: v for k, v in row.items() if k in link.version.questionnaire.questions}
            _store(wave, link, row["unit_id"], index, values)
    wave = campaign_flows.transition(wave, WaveStatus.CLOSED)
    if status == WaveStatus.PUBLISHED:
        wave = campaign_flows.transition(wave, WaveStatus.PUBLISHED)
    return wave


def _store(
    wave: Wave, link: WaveQuestionnaire, authority: str, index: int, values: dict[str, object]
) -> None:
    user, _ = get_user_model().objects.get_or_create(username=f"{authority}@bib.invalid")
    role = "elu" if index % 4 == 0 else "agent"
    respondent, _ = Respondent.objects.get_or_create(
        user=user, authority_id=authority, defaults={"role": role}
    )
    response = Response.objects.create(
        wave=wave,
        questionnaire_key=link.questionnaire_key,
        version=link.version,
        authority_id=authority,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=respondent,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question_id=q, value=v, answered_by=respondent, role=role)
        for q, v in values.items()
        if v is not None
    )
