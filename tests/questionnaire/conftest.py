"""Small inline forms: each test writes the questionnaire it needs."""

from __future__ import annotations

import textwrap

import pytest

from barometre.questionnaire import CompileResult, Questionnaire, compile_yaml

HEADER = """\
id: demo
version: "1"
title: Questionnaire de démonstration
sections:
  - id: page1
    title: Page 1
    questions:
"""


def form(questions: str, extra: str = "") -> str:
    """A questionnaire whose single page holds ``questions`` (YAML list items)."""
    body = textwrap.indent(textwrap.dedent(questions).strip("\n"), " " * 6)
    return HEADER + body + "\n" + extra


def compile_form(questions: str, extra: str = "") -> CompileResult:
    return compile_yaml(form(questions, extra), "demo.yaml")


def compiled(questions: str, extra: str = "") -> Questionnaire:
    result = compile_form(questions, extra)
    assert result.ok, result.errors
    assert result.questionnaire is not None
    return result.questionnaire


def error_codes(questions: str, extra: str = "") -> list[str]:
    return [issue.code for issue in compile_form(questions, extra).errors]


SITE_FORM = """
        - id: site
          type: yes_no
          label: Avez-vous un site internet ?
          required: true
        - id: pages
          type: integer
          label: Combien de pages ?
          min: 1
          max: 500
          unit: pages
          relevance: "${site} = 'oui'"
        - id: outils
          type: multiple_choice
          label: Outils utilisés
          options:
            - {value: cms, label: Un CMS}
            - {value: opsn, label: Offre de l'OPSN}
            - {value: aucun, label: Aucun, exclusive: true}
        - id: part
          type: percentage
          label: Part des démarches en ligne
          constraint: ". <= 90"
          constraint_message: Au plus 90 %
        """


@pytest.fixture
def site_form() -> Questionnaire:
    return compiled(SITE_FORM)
