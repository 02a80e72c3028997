"""A small published wave with a maturity model, answered by real communes of chosen places.

Communes of fewer than 500 inhabitants: 8 in the Loire (42), 8 in the Haute-Loire (43), 2 in
the Puy-de-Dôme (63), all in Auvergne-Rhône-Alpes (84), and 6 in Nouvelle-Aquitaine (75) so
that the raking on the région has two régions to meet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from django.contrib.auth import get_user_model
from django.utils import timezone

from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Campaign, QuestionnaireVersion, Wave, WaveStatus
from barometre.collection.models import Answer, Respondent, Response, ResponseStatus
from barometre.referentiel import Frame, stratum_of
from barometre.results.build import build_result_set

SOURCE = """
id: essai_maturite
title: Questionnaire d'essai de la maturité
version: "1"
wave: 1
maturity:
  themes:
    - id: pratiques
      label: Pratiques numériques
      description: Ce que la collectivité a mis en place.
sections:
  - id: pratiques
    title: Pratiques
    questions:
      - id: sauvegardes
        type: single_choice
        label: Vos données sont-elles sauvegardées hors ligne ?
        options:
          - {value: chaque_jour, label: Chaque jour}
          - {value: parfois, label: Parfois}
          - {value: jamais, label: Jamais}
          - {value: sans_donnees, label: Nous n'avons pas de données à sauvegarder}
          - {value: nsp, label: Ne sait pas}
        score:
          theme: pratiques
          weight: 2
          values: {chaque_jour: 3, parfois: 1, jamais: 0}
          dont_know: [nsp]
          not_concerned: [sans_donnees]
          rationale: La première défense contre un rançongiciel.
      - id: site
        type: yes_no
        label: Avez-vous un site internet ?
        score:
          {theme: pratiques, values: {oui: 3, non: 0}, dont_know: [nsp], rationale: Informer.}
      - id: visio
        type: yes_no
        label: Utilisez-vous la visioconférence ?
        sensitivity: secret
        score:
          {theme: pratiques, values: {oui: 3, non: 0}, dont_know: [nsp], rationale: À distance.}
"""


def recommendation(rid: str, priority: int, when: str, title: str) -> str:
    return (
        f"    - {{id: {rid}, priority: {priority}, when: {when}, title: '{title}', "
        "why: 'Une raison écrite pour ce test, assez longue pour être lue.', "
        "how: 'Une façon de faire écrite pour ce test.', "
        "links: [{label: MonAideCyber, url: 'https://monaide.cyber.gouv.fr/'}]}\n"
    )


#: SOURCE with eight recommendations: for an authority whose every answer is weak (score 0),
#: backups leave 50 points, the site and visio 25 each, and the theme is 40 and 20 under its
#: thresholds — so the order is C, B, G (priority 1), D, E (2), F, A, H (3).
RECOMMENDED = SOURCE.replace(
    "      description: Ce que la collectivité a mis en place.\n",
    "      description: Ce que la collectivité a mis en place.\n  recommendations:\n"
    + recommendation("reco_a", 3, "{question: visio, choices: [non]}", "Action A")
    + recommendation("reco_b", 1, "{question: site, below: 3}", "Action B")
    + recommendation("reco_c", 1, "{question: sauvegardes, below: 2}", "Action C")
    + recommendation("reco_d", 2, "{theme: pratiques, below: 40}", "Action D")
    + recommendation("reco_e", 2, "{question: visio, below: 3}", "Action E")
    + recommendation("reco_f", 3, "{question: sauvegardes, choices: [jamais, nsp]}", "Action F")
    + recommendation("reco_g", 1, "{theme: pratiques, below: 20}", "Action G")
    + recommendation("reco_h", 3, "{question: site, choices: [non]}", "Action H"),
)
#: The same questionnaire under another maturity model (« parfois » worth 1.5, not 1).
REMODELLED = SOURCE.replace(
    "values: {chaque_jour: 3, parfois: 1, jamais: 0}",
    "values: {chaque_jour: 3, parfois: 1.5, jamais: 0}",
)

PLAIN = """
id: essai_sans_modele
title: Questionnaire d'essai sans modèle
version: "1"
wave: 1
sections:
  - id: s
    title: Page
    questions:
      - {id: site, type: yes_no, label: 'Avez-vous un site internet ?'}
"""

PLACES: tuple[tuple[str, int], ...] = (("42", 8), ("43", 8), ("63", 2), ("24", 3), ("33", 3))
KEY = "essai_maturite"

Answers = Mapping[str, object]


def communes(frame: Frame, places: Sequence[tuple[str, int]] = PLACES) -> list[str]:
    """The first communes (by code) of fewer than 500 inhabitants of each département."""
    chosen = []
    for departement, count in places:
        units = sorted(
            (u for u in frame.of_type("commune")
             if u.departement == departement and stratum_of(u) == "<500"),
            key=lambda u: u.code,
        )  # fmt: skip
        chosen.extend(u.id for u in units[:count])
    return chosen


def answers_for(index: int) -> dict[str, object]:
    return {
        "sauvegardes": ("chaque_jour", "parfois", "jamais", "nsp")[index % 4],
        "site": "oui" if index % 3 else "non",
        "visio": "oui" if index % 2 else "non",
    }


def published_wave(
    frame: Frame,
    units: Sequence[str],
    answers: Callable[[int], Answers] = answers_for,
    *,
    status: str = WaveStatus.PUBLISHED,
    source: str = SOURCE,
    key: str = KEY,
) -> Wave:
    """A wave of ``source`` answered by ``units``, closed, published, with its final results."""
    number = Campaign.objects.count()
    campaign = Campaign.objects.create(
        name=f"Essai restitution {number}", slug=f"essai-restitution-{number}", year=2026
    )
    wave = campaign_flows.create_wave(
        campaign, 1, "Vague 1", dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    )
    version = campaign_flows.register_version(source)
    campaign_flows.set_questionnaire(wave, version)
    wave = campaign_flows.transition(wave, WaveStatus.OPEN)
    for index, unit in enumerate(units):
        submit(wave, version, key, unit, answers(index))
    wave = campaign_flows.transition(wave, WaveStatus.CLOSED)
    build_result_set(wave, "final", frame=frame)
    if status == WaveStatus.PUBLISHED:
        wave = campaign_flows.transition(wave, WaveStatus.PUBLISHED)
    return wave


def respondent_of(unit: str) -> Respondent:
    user, _ = get_user_model().objects.get_or_create(username=f"{unit}@restitution.invalid")
    respondent, _ = Respondent.objects.get_or_create(
        user=user, authority_id=unit, defaults={"role": "agent"}
    )
    return respondent


def submit(wave: Wave, version: QuestionnaireVersion, key: str, unit: str, values: Answers) -> None:
    respondent = respondent_of(unit)
    response = Response.objects.create(
        wave=wave,
        questionnaire_key=key,
        version=version,
        authority_id=unit,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=respondent,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question_id=q, value=v, answered_by=respondent, role="agent")
        for q, v in values.items()
    )
