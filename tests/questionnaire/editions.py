"""The library's « communication » questionnaire and a next edition's draft of it.

The draft makes the changes a team makes from one year to the next: a question reworded, a
choice added, two choices merged (with the indicators and score that read them), a yes/no
question become a count, a question added, one removed, a condition of display added.
"""

from __future__ import annotations

import textwrap

from barometre.questionnaire import Questionnaire, compile_yaml
from barometre.questionnaire.library import LIBRARY_DIR


def _block(text: str, indent: int = 6) -> str:
    """A YAML block written at column 0 here, indented as in the library's files."""
    return textwrap.indent(textwrap.dedent(text).lstrip("\n"), " " * indent)


RETRANSMISSION_BEFORE = """
- id: com_retransmission_conseils
  type: yes_no
  label: Retransmettez-vous en ligne les séances du conseil (organe délibérant) ?
  required: true
  score:
    theme: communication
    values: {oui: 3, non: 0}
    dont_know: [nsp]
    rationale: "Retransmettre les séances du conseil ouvre la décision publique aux habitants."
"""
RETRANSMISSION_AFTER = """
- id: com_retransmission_conseils
  type: integer
  label: Combien de séances du conseil avez-vous retransmises en ligne cette année ?
  required: true
  min: 0
"""
LETTER = """
- id: com_lettre_information
  type: yes_no
  label: Envoyez-vous une lettre d'information électronique ?
  score:
    theme: communication
    weight: 0.5
    values: {oui: 3, non: 0}
    dont_know: [nsp]
    rationale: "Une lettre électronique va au-devant des habitants : poids réduit."
"""
ASSISTANT = """
- id: com_agent_conversationnel
  type: yes_no
  label: Votre site propose-t-il un agent conversationnel ?
"""
RGAA_BEFORE = """
  - {value: audit_realise, label: Un audit a été réalisé}
  - {value: en_cours, label: La mise en conformité est en cours}
"""
RGAA_AFTER = """
  - {value: demarche, label: "Une démarche est engagée (audit ou mise en conformité)"}
"""
RGAA_INDICATORS = """
  - id: communication.rgaa.audit_realise
    label: "Accessibilité (RGAA) : audit réalisé"
    numerator: "${com_rgaa} = 'audit_realise'"
    published: {value: 0.18, base: all respondents}
  - id: communication.rgaa.en_cours
    label: "Accessibilité (RGAA) : mise en conformité en cours"
    numerator: "${com_rgaa} = 'en_cours'"
    published: {value: 0.19, base: all respondents}
"""
RGAA_INDICATOR = """
  - id: communication.rgaa.demarche
    label: "Accessibilité (RGAA) : démarche engagée"
    numerator: "${com_rgaa} = 'demarche'"
"""
MOBILE = "      - id: com_application_mobile\n        type: yes_no\n"

EDITS = (
    # wording only
    (
        "label: Votre collectivité dispose-t-elle d'un site internet ?",
        "label: Votre collectivité a-t-elle un site internet à elle ?",
    ),
    # a choice added
    (
        "{value: youtube, label: YouTube}",
        "{value: youtube, label: YouTube}\n          - {value: tiktok, label: TikTok}",
    ),
    # two choices merged into one, its score and indicators with them
    (_block(RGAA_BEFORE, 10), _block(RGAA_AFTER, 10)),
    ("values: {audit_realise: 3, en_cours: 1.5, rien: 0}", "values: {demarche: 2, rien: 0}"),
    (_block(RGAA_INDICATORS, 2), _block(RGAA_INDICATOR, 2)),
    # a yes/no question become a count of sessions
    (_block(RETRANSMISSION_BEFORE), _block(RETRANSMISSION_AFTER)),
    (
        "numerator: \"${com_retransmission_conseils} = 'oui'\"",
        'numerator: "${com_retransmission_conseils} > 0"',
    ),
    # a question removed, another added
    (_block(LETTER), _block(ASSISTANT)),
    # a condition of display added
    (MOBILE, MOBILE + "        relevance: \"${com_reseaux_sociaux} = 'oui'\"\n"),
    # the recommendations follow: no weak answer to a removed or unscored question
    ("        - {question: com_lettre_information, below: 3}\n", ""),
    ("        - {question: com_retransmission_conseils, below: 3}\n", ""),
    ('version: "2025.2"', 'version: "2026.1"'),
)  # fmt: skip


def library_source(key: str = "communication") -> str:
    return (LIBRARY_DIR / f"{key}.yaml").read_text(encoding="utf-8")


def next_edition_source() -> str:
    text = library_source()
    for before, after in EDITS:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    return text


def compiled_source(text: str) -> Questionnaire:
    result = compile_yaml(text, "communication.yaml")
    assert result.ok, result.errors
    assert result.questionnaire is not None
    return result.questionnaire


def both() -> tuple[Questionnaire, Questionnaire]:
    return compiled_source(library_source()), compiled_source(next_edition_source())
