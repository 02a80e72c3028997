"""Conditions said in French for the specification: labels, not identifiers or XPath."""

from __future__ import annotations

import pytest

from barometre.questionnaire import Questionnaire
from barometre.questionnaire.expressions import parse
from barometre.questionnaire.library import load_library
from barometre.questionnaire.phrasing import phrase, value_phrase
from barometre.questionnaire.specification import specification
from tests.questionnaire.conftest import compiled

FORM = """
- {id: site, type: yes_no, label: 'Avez-vous un site ?'}
- id: lieux
  type: multiple_choice
  label: Quels lieux ?
  options: [{value: epn, label: Espace public numérique}, {value: mairie, label: Mairie}]
- {id: agents, type: integer, label: "Nombre d'agents"}
- {id: nom, type: text, label: Votre nom}
"""


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return compiled(FORM)


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("${site} = 'oui'", "la réponse à « Avez-vous un site ? » est « Oui »"),
        ("${site} != 'nsp'", "la réponse à « Avez-vous un site ? » n'est pas « Ne sait pas »"),
        ("selected(${lieux}, 'epn')", "« Espace public numérique » est coché à « Quels lieux ? »"),
        ("not(selected(${lieux}, 'mairie'))", "« Mairie » n'est pas coché à « Quels lieux ? »"),
        ("${agents} >= 10", "la réponse à « Nombre d'agents » est supérieure ou égale à 10"),
        ("${agents} < 2.5", "la réponse à « Nombre d'agents » est inférieure à 2,5"),
        ("${nom} != ''", "il y a une réponse à « Votre nom »"),
        ("${nom} = ''", "il n'y a pas de réponse à « Votre nom »"),
        ("not(${nom})", "il n'y a pas de réponse à « Votre nom »"),
        (
            "count-selected(${lieux}) > 1",
            "le nombre de réponses cochées à « Quels lieux ? » est supérieur à 1",
        ),
        ("true()", "toujours"),
        (
            "${site} = 'oui' and (${agents} > 5 or selected(${lieux}, 'epn'))",
            (
                "la réponse à « Avez-vous un site ? » est « Oui » et (la réponse à « Nombre "
                "d'agents » est supérieure à 5 ou « Espace public numérique » est coché à "
                "« Quels lieux ? »)"
            ),
        ),
    ],
)
def test_a_condition_reads_as_a_sentence(form: Questionnaire, source: str, said: str) -> None:
    assert phrase(parse(source), form.questions) == said


def test_a_constraint_names_the_answer_being_typed(form: Questionnaire) -> None:
    said = phrase(parse(". <= ${agents}"), form.questions)
    assert said == "la réponse saisie est inférieure ou égale à la réponse à « Nombre d'agents »"


def test_french_contractions_are_made(form: Questionnaire) -> None:
    said = phrase(parse(". >= count-selected(${lieux})"), form.questions)
    assert said == (
        "la réponse saisie est supérieure ou égale au nombre de réponses cochées "
        "à « Quels lieux ? »"
    )


def test_a_computed_value_is_said_too(form: Questionnaire) -> None:
    assert value_phrase(parse("${agents} div 100"), form.questions) == (
        "(la réponse à « Nombre d'agents » divisé par 100)"
    )


@pytest.mark.parametrize("name", sorted(load_library()))
def test_no_condition_of_the_library_is_left_in_xpath(name: str) -> None:
    """Every condition, constraint and indicator of the nine questionnaires reads without
    ``${…}``, function names or XPath operators."""
    spec = specification(load_library()[name])
    said = [q.shown_when for s in spec.sections for q in s.questions]
    said += [q.constraint for s in spec.sections for q in s.questions]
    said += [s.shown_when for s in spec.sections]
    said += [i.definition for i in spec.indicators]
    for text in filter(None, said):
        for xpath in ("${", "selected(", "count-selected", " div ", " != ", " = ", "true()"):
            assert xpath not in text, (name, text)
