"""What the finished test answers of a draft give: raw indicators and theme scores, each with
its base — to check that the declarations compute, never results."""

from __future__ import annotations

from dataclasses import dataclass

from barometre.authoring.models import QuestionnaireDraft
from barometre.authoring.trials import finished_answer_sets
from barometre.questionnaire import indicator_values
from barometre.questionnaire.scoring import theme_scores


@dataclass(frozen=True)
class FigureRow:
    label: str
    value: str
    base: int


def _french(number: float, decimals: int = 1) -> str:
    return f"{number:.{decimals}f}".replace(".", ",")


def indicator_rows(draft: QuestionnaireDraft) -> list[FigureRow]:
    questionnaire = draft.questionnaire
    if questionnaire is None:
        return []
    values = indicator_values(questionnaire, finished_answer_sets(draft))
    rows = []
    for indicator in questionnaire.indicators:
        found = values[indicator.id]
        if found.value is None:
            shown = "aucune réponse dans la base"
        elif indicator.kind == "share":
            shown = f"{_french(found.value * 100)} %"
        else:
            shown = _french(found.value, 2)
        rows.append(FigureRow(indicator.label.fr, shown, found.n))
    return rows


def theme_rows(draft: QuestionnaireDraft) -> list[FigureRow]:
    """The mean theme score (0–100) over the test answers that have one."""
    questionnaire = draft.questionnaire
    if questionnaire is None or not questionnaire.maturity_themes:
        return []
    scored: dict[str, list[float]] = {t.id: [] for t in questionnaire.maturity_themes}
    for answers in finished_answer_sets(draft):
        for theme_id, score in theme_scores(questionnaire, answers).items():
            if score.value is not None:
                scored.setdefault(theme_id, []).append(score.value)
    rows = []
    for theme in questionnaire.maturity_themes:
        values = scored[theme.id]
        shown = _french(sum(values) / len(values)) if values else "aucun score"
        rows.append(FigureRow(theme.label.fr, shown, len(values)))
    return rows
