"""The browser's skip logic is the model's: the same trees, through the Python evaluator and
static/www/relevance.js in Chromium, give the same values and the same questions asked."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from barometre.questionnaire import Question, Questionnaire, QuestionType
from barometre.questionnaire.expressions import Value, compile_node, parse, truthy
from barometre.questionnaire.expressions.evaluate import _as_text
from barometre.questionnaire.expressions.export import to_data
from barometre.questionnaire.library import load_library
from barometre.questionnaire.skip_data import skip_data

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).parents[2] / "src/barometre/www/static/www/relevance.js"

EXPRESSIONS = [
    "${role} = 'agent'",
    "${role} != 'elu'",
    "${nb} > 2",
    "${nb} >= 2.5 and ${nb} < 10",
    "${nb} <= 0 or ${texte} = 'x'",
    "${nb} + 1",
    "${nb} - ${part} * 2",
    "${nb} div 4",
    "${nb} div 0",
    "${nb} mod 3",
    "-${nb}",
    "- -${part}",
    "${nb} = '12'",
    "${nb} = ${part}",
    "${texte} < 'b'",
    "${date} >= '2026-01-15'",
    "${date} < ${autre_date}",
    "selected(${outils}, 'cms')",
    "selected(${texte}, 'a')",
    "count-selected(${outils}) >= 2",
    "count-selected(${role})",
    "not(selected(${outils}, 'aucun'))",
    "string-length(${texte}) > 3",
    "string-length(${nb})",
    "if(${nb} > 5, 'beaucoup', 'peu')",
    "if(${absent}, 1, 0)",
    "coalesce(${absent}, 'défaut')",
    "coalesce(${outils}, 'vide')",
    "coalesce(${texte}, ${role})",
    "number(${texte}) + 1",
    "number(${nb_texte}) * 2",
    "number(${absent})",
    "true() and not(false())",
    "${absent} = ''",
    "${absent} != ''",
    "${absent} > 0",
    "${oui} = true()",
    "(${nb} > 2) = (${part} > 2)",
    "${part} div 3",
    "0.00001 * ${nb}",
    "${outils}",
    "${nb} * 1000000 * 1000000 * 1000000 * 10000",
]

ANSWER_SETS: list[dict[str, Value]] = [
    {},
    {"role": "agent", "nb": 12, "part": 2.5, "texte": "abc", "outils": ("cms", "crm")},
    {"role": "elu", "nb": 0, "part": 0.1, "texte": "", "outils": ()},
    {"nb": -3, "part": 7, "texte": "a b", "outils": ("aucun",), "date": "2026-02-01"},
    {"nb": 2, "texte": "bonjour", "date": "2025-12-31", "autre_date": "2026-01-01"},
    {"nb_texte": " 1_000 ", "texte": "12", "nb": 12, "oui": "oui"},
    {"nb_texte": "inf", "texte": "1e3", "part": -0.5},
    {"nb_texte": "nan", "texte": "x", "nb": 7, "outils": ("cms",)},
    {"nb_texte": "1,5", "texte": "été", "nb": 5},
]


def load(page: Any) -> None:
    page.set_content("<!doctype html><html lang='fr'><body></body></html>")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))


def jsonable(values: dict[str, Value]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def test_every_operator_and_function_gives_the_same_value(page: Any) -> None:
    load(page)
    cases = [(text, answers) for text in EXPRESSIONS for answers in ANSWER_SETS]
    trees = [to_data(parse(text)) for text, _ in cases]
    browser = page.evaluate(
        """(cases) => cases.map(([tree, answers]) => {
            const value = BarometreRelevance.evaluate(tree, answers, null);
            return [BarometreRelevance.truthy(value), BarometreRelevance.asText(value)];
        })""",
        [[tree, jsonable(answers)] for tree, (_, answers) in zip(trees, cases, strict=True)],
    )
    python = []
    for text, answers in cases:
        value = compile_node(parse(text))(answers, None)
        python.append([truthy(value), _as_text(value)])
    differences = [
        (text, answers, py, js)
        for (text, answers), py, js in zip(cases, python, browser, strict=True)
        if py != js
    ]
    assert not differences, differences[:5]
    assert len(cases) == len(EXPRESSIONS) * len(ANSWER_SETS)


def random_value(rng: random.Random, question: Question) -> Value:
    if rng.random() < 0.25:  # a quarter of the questions unanswered
        return None
    values = sorted(question.option_values) or ["oui", "non", "nsp"]
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return tuple(rng.sample(values, rng.randint(1, len(values))))
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        return rng.choice(values)
    if question.type in (QuestionType.INTEGER, QuestionType.PERCENTAGE, QuestionType.DECIMAL):
        return rng.choice([0, 1, 3, 10, 50, 99, 100, 1000, 2.5])
    return rng.choice(["", "texte", "2026-01-15"])


def answer_sets(questionnaire: Questionnaire, count: int) -> list[dict[str, Value]]:
    rng = random.Random(questionnaire.id)  # noqa: S311 - test data, not a secret
    sets = []
    for _ in range(count):
        drawn = {q.id: random_value(rng, q) for q in questionnaire.ordered_questions}
        sets.append({qid: value for qid, value in drawn.items() if value is not None})
    return sets


@pytest.mark.parametrize("name", sorted(load_library()))
def test_the_library_asks_the_same_questions_in_the_browser(page: Any, name: str) -> None:
    questionnaire = load_library()[name]
    sets = answer_sets(questionnaire, 200)
    load(page)
    browser = page.evaluate(
        """([data, sets]) => sets.map((values) =>
            Object.keys(BarometreRelevance.skips(data, values).asked).sort())""",
        [json.loads(json.dumps(skip_data(questionnaire))), [jsonable(s) for s in sets]],
    )
    python = [sorted(questionnaire.skips(values).asked) for values in sets]
    assert browser == python
    conditional = [q.id for q in questionnaire.ordered_questions if q.relevance is not None]
    skipped = {qid for asked in python for qid in conditional if qid not in asked}
    assert skipped, "the answer sets never hide a question: the comparison would prove nothing"
