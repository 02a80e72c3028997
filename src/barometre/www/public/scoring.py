"""« Comment les scores sont calculés »: the maturity model as declared, for everyone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from barometre.questionnaire import Question, Questionnaire
from barometre.questionnaire.library import load_library
from barometre.questionnaire.maturity import LEVELS, SCALE_MAX, model_fingerprint, upper_of
from barometre.reports.display import decimal


def choices(question: Question) -> list[tuple[str, str]]:
    """Each option's label and what it is worth, as the model declares it."""
    scoring = question.scoring
    if scoring is None:
        return []
    values = dict(scoring.values)
    out = []
    for option in question.options:
        if option.value in scoring.dont_know:
            worth = "aucune valeur : l'item reste dans le potentiel"
        elif option.value in scoring.not_concerned:
            worth = "non concerné : l'item sort du calcul"
        else:
            worth = f"{decimal(values.get(option.value, 0.0))} sur 3"
        out.append((option.label.fr, worth))
    return out


def questionnaire_view(questionnaire: Questionnaire) -> dict[str, Any]:
    themes = []
    for theme in questionnaire.maturity_themes:
        items = [
            {
                "question": q,
                "weight": decimal(q.scoring.weight),
                "choices": choices(q),
                "multiple": q.type.value == "multiple_choice",
            }
            for q in questionnaire.scored_questions
            if q.scoring is not None and q.scoring.theme == theme.id
        ]
        themes.append({"theme": theme, "items": items})
    return {
        "questionnaire": questionnaire,
        "themes": themes,
        "model": model_fingerprint(questionnaire),
    }


@require_http_methods(["GET", "HEAD"])
def scoring(request: HttpRequest) -> HttpResponse:
    levels = [
        {"level": level, "lower": decimal(level.lower, 0), "upper": upper_of(level)}
        for level in LEVELS
    ]
    context = {
        "title": "Comment les scores sont calculés",
        "levels": levels,
        "scale_max": decimal(SCALE_MAX, 0),
        "peers_minimum": settings.RESTITUTION_PEERS_MINIMUM,
        "questionnaires": [
            questionnaire_view(q) for q in load_library().values() if q.scored_questions
        ],
    }
    return render(request, "www/public/scoring.html", context)
