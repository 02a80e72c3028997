"""The skip logic as data for the browser (static/www/relevance.js applies it as the respondent
answers): each section and question with the tree of its relevance, in questionnaire order.
"""

from __future__ import annotations

from typing import Any

from barometre.questionnaire.expressions.export import to_data
from barometre.questionnaire.model import Expression, Questionnaire


def _tree(relevance: Expression | None) -> object:
    return None if relevance is None else to_data(relevance.tree)


def skip_data(questionnaire: Questionnaire) -> dict[str, Any]:
    """``{"sections": [[id, relevance, [question ids]]],
    "questions": {id: [type, relevance, minimum, maximum]}}``."""
    return {
        "sections": [
            [section.id, _tree(section.relevance), list(section.question_ids)]
            for section in questionnaire.sections
        ],
        "questions": {
            question.id: [
                str(question.type),
                _tree(question.relevance),
                question.minimum,
                question.maximum,
            ]
            for question in questionnaire.ordered_questions
        },
    }
