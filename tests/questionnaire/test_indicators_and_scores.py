"""Indicators (share of a declared base) and the maturity score."""

from __future__ import annotations

from barometre.questionnaire import indicator_values, scores
from tests.questionnaire.conftest import compiled

FORM = """
- id: victime
  type: yes_no
  label: Victime
  score: {theme: cyber, values: {non: 3, oui: 0}, dont_know: [nsp]}
- id: incidents
  type: multiple_choice
  label: Incidents
  relevance: "${victime} = 'oui'"
  options:
    - {value: rancon, label: Rançongiciel}
    - {value: site, label: Site paralysé}
"""

INDICATORS = """
indicators:
  - {id: cyber.victime, label: Victime, numerator: "${victime} = 'oui'"}
  - id: cyber.rancon
    label: Rançongiciel
    numerator: "selected(${incidents}, 'rancon')"
    base: "${victime} = 'oui'"
    sensitivity: secret
"""


def test_indicator_share_over_all_respondents() -> None:
    form = compiled(FORM, INDICATORS + THEMES)
    values = indicator_values(
        form, [{"victime": "oui"}, {"victime": "non"}, {"victime": "non"}, {}]
    )
    assert (values["cyber.victime"].value, values["cyber.victime"].n) == (0.25, 4)


def test_indicator_share_over_its_declared_base() -> None:
    form = compiled(FORM, INDICATORS + THEMES)
    answers = [
        {"victime": "oui", "incidents": ("rancon",)},
        {"victime": "oui", "incidents": ("site",)},
        {"victime": "non"},
    ]
    assert indicator_values(form, answers)["cyber.rancon"].value == 0.5


def test_indicator_ignores_answers_that_are_not_relevant() -> None:
    form = compiled(FORM, INDICATORS + THEMES)
    values = indicator_values(form, [{"victime": "non", "incidents": ("rancon",)}])
    assert (values["cyber.rancon"].n, values["cyber.rancon"].value) == (0, None)


THEMES = "maturity: {themes: [{id: cyber, label: Cybersécurité}]}\n"


def test_score_is_scaled_to_100() -> None:
    assert scores(compiled(FORM, THEMES), {"victime": "non"}) == {"cyber": 100.0}


def test_score_of_an_unanswered_question_is_left_out() -> None:
    assert scores(compiled(FORM, THEMES), {}) == {}
