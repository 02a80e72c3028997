"""The canonical authoring form of a compiled questionnaire (for hashing, YAML and export)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from barometre.questionnaire.model import (
    YES_NO_OPTIONS,
    Indicator,
    MaturityTheme,
    Option,
    Question,
    Questionnaire,
    QuestionType,
    Recommendation,
    Scoring,
    Section,
    Sensitivity,
    Text,
    Trigger,
)


def text_to_source(text: Text) -> str | dict[str, str]:
    if not text.other:
        return text.fr
    return {"fr": text.fr, **dict(text.other)}


def _is_default_yes_no(question: Question) -> bool:
    pairs = tuple((o.value, o.label.fr, o.exclusive, o.label.other) for o in question.options)
    return pairs == tuple((value, label, False, ()) for value, label in YES_NO_OPTIONS)


def question_to_source(question: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": question.id, "type": question.type.value}
    out["label"] = text_to_source(question.label)
    texts = (("help", question.help), ("constraint_message", question.constraint_message))
    expressions = (("relevance", question.relevance), ("constraint", question.constraint))
    out |= {key: expr.source for key, expr in expressions if expr is not None}
    out |= {key: text_to_source(text) for key, text in texts if text is not None}
    if question.required:
        out["required"] = True
    if question.options and not (
        question.type is QuestionType.YES_NO and _is_default_yes_no(question)
    ):
        out["options"] = [_option_to_source(o) for o in question.options]
    out |= _bounds_to_source(question)
    if question.unit:
        out["unit"] = question.unit
    if question.sensitivity is not Sensitivity.PUBLIC:
        out["sensitivity"] = question.sensitivity.value
    if question.scoring:
        out["score"] = scoring_to_source(question.scoring)
    return out


def scoring_to_source(scoring: Scoring) -> dict[str, Any]:
    out: dict[str, Any] = {"theme": scoring.theme}
    if scoring.weight != 1:
        out["weight"] = _number(scoring.weight)
    out["values"] = {option: _number(value) for option, value in scoring.values}
    if scoring.dont_know:
        out["dont_know"] = list(scoring.dont_know)
    if scoring.not_concerned:
        out["not_concerned"] = list(scoring.not_concerned)
    if scoring.rationale:
        out["rationale"] = text_to_source(scoring.rationale)
    return out


def maturity_to_source(
    themes: tuple[MaturityTheme, ...], recommendations: tuple[Recommendation, ...] = ()
) -> dict[str, Any]:
    declared = []
    for theme in themes:
        entry: dict[str, Any] = {"id": theme.id, "label": text_to_source(theme.label)}
        if theme.description:
            entry["description"] = text_to_source(theme.description)
        declared.append(entry)
    out: dict[str, Any] = {"themes": declared}
    if recommendations:
        out["recommendations"] = [recommendation_to_source(r) for r in recommendations]
    return out


def trigger_to_source(trigger: Trigger) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if trigger.question is not None:
        out["question"] = trigger.question
    if trigger.theme is not None:
        out["theme"] = trigger.theme
    if trigger.choices:
        out["choices"] = list(trigger.choices)
    if trigger.below is not None:
        out["below"] = _number(trigger.below)
    return out


def recommendation_to_source(recommendation: Recommendation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": recommendation.id,
        "priority": recommendation.priority,
        "when": [trigger_to_source(t) for t in recommendation.triggers],
        "title": text_to_source(recommendation.title),
        "why": text_to_source(recommendation.why),
        "how": text_to_source(recommendation.how),
    }
    if recommendation.links:
        out["links"] = [
            {"label": text_to_source(link.label), "url": link.url} for link in recommendation.links
        ]
    if recommendation.opsn:
        out["opsn"] = True
    return out


def _option_to_source(option: Option) -> dict[str, Any]:
    out: dict[str, Any] = {"value": option.value, "label": text_to_source(option.label)}
    if option.exclusive:
        out["exclusive"] = True
    return out


def _bounds_to_source(question: Question) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    default_low, default_high = (
        (0.0, 100.0) if question.type is QuestionType.PERCENTAGE else (None, None)
    )
    if question.minimum is not None and question.minimum != default_low:
        out["min"] = _number(question.minimum)
    if question.maximum is not None and question.maximum != default_high:
        out["max"] = _number(question.maximum)
    return out


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def section_to_source(section: Section, questionnaire: Questionnaire) -> dict[str, Any]:
    out: dict[str, Any] = {"id": section.id, "title": text_to_source(section.title)}
    if section.relevance:
        out["relevance"] = section.relevance.source
    out["questions"] = [
        question_to_source(questionnaire.questions[q]) for q in section.question_ids
    ]
    return out


def indicator_to_source(indicator: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": indicator.id,
        "label": text_to_source(indicator.label),
        "numerator" if indicator.kind == "share" else "mean": indicator.numerator.source,
    }
    if indicator.base.source != "true()":
        out["base"] = indicator.base.source
    if indicator.sensitivity is not Sensitivity.PUBLIC:
        out["sensitivity"] = indicator.sensitivity.value
    published = {
        key: value
        for key, value in (
            ("value", indicator.published_value),
            ("base", indicator.published_base),
            ("note", indicator.note),
        )
        if value is not None
    }
    if published:
        out["published"] = published
    return out


def to_source(questionnaire: Questionnaire) -> dict[str, Any]:
    """The questionnaire as an authoring mapping; compiling it again gives the same hash."""
    out: dict[str, Any] = {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": text_to_source(questionnaire.title),
    }
    if questionnaire.wave is not None:
        out["wave"] = questionnaire.wave
    if questionnaire.theme:
        out["theme"] = questionnaire.theme
    if questionnaire.description:
        out["description"] = text_to_source(questionnaire.description)
    if questionnaire.notice:
        out["notice"] = text_to_source(questionnaire.notice)
    if questionnaire.maturity_themes:
        out["maturity"] = maturity_to_source(
            questionnaire.maturity_themes, questionnaire.recommendations
        )
    out["sections"] = [section_to_source(s, questionnaire) for s in questionnaire.sections]
    if questionnaire.indicators:
        out["indicators"] = [indicator_to_source(i) for i in questionnaire.indicators]
    return out


def content_hash(source: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an authoring mapping."""
    canonical = json.dumps(source, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
