"""Questionnaires as data: authoring, compilation, skip logic, answer validation (pure).

>>> from barometre.questionnaire import compile_yaml
>>> result = compile_yaml('''
... id: demo
... title: Démo
... sections:
...   - id: s1
...     title: Page 1
...     questions:
...       - {id: site, type: yes_no, label: 'Un site internet ?', required: true}
... ''')
>>> result.ok, result.questionnaire.estimated_minutes
(True, 1)
"""

from __future__ import annotations

from barometre.questionnaire.compiler import compile_questionnaire, estimated_minutes
from barometre.questionnaire.errors import Issue, Location, QuestionnaireError
from barometre.questionnaire.files import compile_path, compile_yaml
from barometre.questionnaire.indicators import IndicatorValue, indicator_values
from barometre.questionnaire.model import (
    CompileResult,
    Expression,
    Indicator,
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    Sensitivity,
    Skips,
    Text,
)
from barometre.questionnaire.scoring import scores
from barometre.questionnaire.serialize import to_source
from barometre.questionnaire.validation import ValidationResult, clean_answers, validate_answers

__all__ = [
    "CompileResult",
    "Expression",
    "Indicator",
    "IndicatorValue",
    "Issue",
    "Location",
    "Option",
    "Page",
    "Question",
    "QuestionType",
    "Questionnaire",
    "QuestionnaireError",
    "Section",
    "Sensitivity",
    "Skips",
    "Text",
    "ValidationResult",
    "clean_answers",
    "compile_path",
    "compile_questionnaire",
    "compile_yaml",
    "estimated_minutes",
    "indicator_values",
    "scores",
    "to_source",
    "validate_answers",
]
