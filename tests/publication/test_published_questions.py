"""Which answers are published per authority (open data and the authority's public page)."""

from __future__ import annotations

from barometre.publication.records import published_questions
from barometre.questionnaire import compile_yaml
from barometre.questionnaire.library import wave_questionnaires

SOURCE = """
id: essai_publiques
title: Essai
version: "1"
sections:
  - id: incidents
    title: Incidents
    questions:
      - {id: victime, type: yes_no, label: 'Victime ?', sensitivity: secret}
      - {id: plainte, type: yes_no, label: 'Plainte ?', relevance: "${victime} = 'oui'"}
      - {id: suite, type: yes_no, label: 'Suite ?', relevance: "${plainte} = 'oui'"}
  - id: contrats
    title: Contrats
    questions:
      - {id: assurance, type: yes_no, label: 'Assurance ?', sensitivity: restricted}
  - id: aide
    title: Aide reçue
    relevance: "${assurance} = 'oui'"
    questions:
      - {id: expert, type: yes_no, label: 'Un expert ?'}
  - id: site
    title: Site
    questions:
      - {id: a_site, type: yes_no, label: 'Un site ?'}
      - {id: hebergeur, type: yes_no, label: 'Hébergé ?', relevance: "${a_site} = 'oui'"}
      - {id: nom, type: text, label: 'Nom du site'}
"""


def test_a_question_asked_because_of_a_secret_answer_is_not_published() -> None:
    result = compile_yaml(SOURCE)
    assert result.questionnaire is not None, result.errors
    published = [q.id for q in published_questions(result.questionnaire)]
    # « plainte » is asked only to victims, « suite » only after « plainte »; « expert » is on
    # a page shown after a restricted answer: publishing them would tell those answers.
    assert published == ["a_site", "hebergeur"]


def test_every_public_closed_question_of_the_library_is_still_published() -> None:
    for number in (1, 2, 3):
        for questionnaire in wave_questionnaires(number):
            public = [
                q.id
                for q in questionnaire.ordered_questions
                if q.sensitivity.value == "public"
                and q.type.value not in {"text", "long_text", "note"}
            ]
            assert [q.id for q in published_questions(questionnaire)] == public
