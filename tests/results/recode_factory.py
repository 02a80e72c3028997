"""Two editions of one questionnaire whose second version merges two choices and turns a count
into a percentage: the 2025 edition published on version 1, the 2026 one on version 2."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, QuestionnaireVersion, Wave, WaveStatus
from barometre.collection.models import Answer, Respondent, Response, ResponseStatus
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from tests.results.factory import sample_communes

KEY = "essai_recodage"
VERSION_1 = """
id: essai_recodage
title: Essai de recodage
version: "2025.2"
wave: 1
sections:
  - id: site
    title: Site internet
    questions:
      - {id: a_site, type: yes_no, label: 'Avez-vous un site internet ?', required: true}
      - id: gestion
        type: single_choice
        label: Qui gère votre site ?
        relevance: "${a_site} = 'oui'"
        options:
          - {value: interne, label: La collectivité}
          - {value: opsn, label: "L'opérateur public de services numériques"}
          - {value: epci, label: "L'intercommunalité"}
          - {value: prestataire, label: Un prestataire privé}
      - id: pages
        type: integer
        label: Combien de pages compte-t-il ?
        relevance: "${a_site} = 'oui'"
        min: 0
indicators:
  - id: essai.site
    label: A un site internet
    numerator: "${a_site} = 'oui'"
  - id: essai.gestion_interne
    label: Site géré en interne
    numerator: "${gestion} = 'interne'"
    base: "${a_site} = 'oui'"
  - id: essai.gestion_mutualisee
    label: Site géré par une structure publique mutualisée
    numerator: "${gestion} = 'opsn' or ${gestion} = 'epci'"
    base: "${a_site} = 'oui'"
  - id: essai.pages
    label: Nombre moyen de pages
    mean: "${pages}"
    base: "${a_site} = 'oui'"
"""
#: OPSN and intercommunality merged into one choice; the count of pages became a share.
VERSION_2 = (
    VERSION_1.replace('version: "2025.2"', 'version: "2026.1"')
    .replace(
        """          - {value: opsn, label: "L'opérateur public de services numériques"}
          - {value: epci, label: "L'intercommunalité"}
""",
        """          - {value: mutualise, label: "Une structure publique mutualisée (OPSN, EPCI)"}
""",
    )
    .replace("numerator: \"${gestion} = 'opsn' or ${gestion} = 'epci'\"",
             "numerator: \"${gestion} = 'mutualise'\"")
    .replace(
        """      - id: pages
        type: integer
        label: Combien de pages compte-t-il ?""",
        """      - id: pages
        type: percentage
        label: Quelle part de ses pages est accessible ?""",
    )
    .replace('    mean: "${pages}"', '    mean: "${pages} div 100"')
)  # fmt: skip
MERGED = {"interne": ["interne"], "opsn": ["mutualise"], "epci": ["mutualise"],
          "prestataire": ["prestataire"]}  # fmt: skip
MANAGERS_2025 = ("interne", "opsn", "epci", "prestataire", "opsn")
MANAGERS_2026 = ("interne", "mutualise", "mutualise", "prestataire", "interne")


def answers(index: int, year: int) -> dict[str, object]:
    site = "non" if index % 4 == 0 else "oui"
    values: dict[str, object] = {"a_site": site}
    if site == "oui":
        managers = MANAGERS_2025 if year == 2025 else MANAGERS_2026
        values["gestion"] = managers[(index * 7 + year) % len(managers)]
        values["pages"] = 5 * (index % 9) + (year - 2025) * 3
    return values


def edition(frame: Frame, year: int, source: str) -> Wave:
    """Wave 1 of the ``year`` campaign, answered by 30 communes, published with a final set."""
    campaign = Campaign.objects.create(name=f"Recodage {year}", slug=f"recodage-{year}", year=year)
    wave = campaign_flows.create_wave(
        campaign, 1, "Vague 1", dt.date(year, 1, 1), dt.date(year, 3, 1)
    )
    version = campaign_flows.register_version(source)
    campaign_flows.set_questionnaire(wave, version)
    wave = campaign_flows.transition(wave, WaveStatus.OPEN)
    for index, authority in enumerate(sample_communes(frame)):
        _respond(wave, version, authority, index, year)
    campaign_flows.transition(wave, WaveStatus.CLOSED)
    build_result_set(wave, "final", frame=frame)
    campaign_flows.transition(wave, WaveStatus.PUBLISHED)
    return Wave.objects.select_related("campaign").get(pk=wave.pk)


def _respond(
    wave: Wave, version: QuestionnaireVersion, authority: str, index: int, year: int
) -> None:
    user = get_user_model().objects.create(username=f"r{year}-{index}@recodage.invalid")
    role = "elu" if index % 5 == 0 else "agent"
    respondent = Respondent.objects.create(user=user, authority_id=authority, role=role)
    response = Response.objects.create(
        wave=wave, questionnaire_key=KEY, version=version, authority_id=authority,
        status=ResponseStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=respondent,
    )  # fmt: skip
    Answer.objects.bulk_create(
        Answer(response=response, question_id=q, value=v, answered_by=respondent, role=role)
        for q, v in answers(index, year).items()
    )


def versions() -> tuple[QuestionnaireVersion, QuestionnaireVersion]:
    found = QuestionnaireVersion.objects.filter(questionnaire_key=KEY).order_by("registered_at")
    first, second = found
    return first, second


def two_editions(frame: Frame) -> tuple[Wave, Wave]:
    return edition(frame, 2025, VERSION_1), edition(frame, 2026, VERSION_2)
