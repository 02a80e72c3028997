"""Answering a questionnaire for a whole sample at once, respecting skip logic and constraints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from barometre.questionnaire import Question, Questionnaire, QuestionType
from barometre.synth.allocate import Floats, Ints, bernoulli, categorical, top_k
from barometre.synth.plans import PLANS, Count, Percent, Picks, Ratio, Shares, advanced
from barometre.synth.vector import MISSING, Choice, Column, Multi, bools, evaluate_mask

ITEM_NONRESPONSE: Final = 0.05
CONSTRAINT_RETRIES: Final = 20
UNSURE: Final = frozenset({"nsp", "autre"})
TEXTS: Final = (
    "Un accompagnement pour former les agents.",
    "Des moyens financiers et un appui de l'intercommunalité.",
    "Un outil simple, adapté à une petite commune.",
)


@dataclass(frozen=True, slots=True)
class Respondents:
    """What the answering needs to know about each row: digital score and population."""

    score: Floats
    population: Floats
    shift: float = 0.0  # logit move along each gradient, e.g. −0.3 a year earlier (plans.advanced)

    @property
    def size(self) -> int:
        return len(self.score)


def _default_shares(question: Question) -> Shares:
    values = [o.value for o in question.options]
    if question.type is QuestionType.YES_NO:
        return Shares({"oui": 0.5, "nsp": 0.05}, {"oui": 0.8})
    firm = [v for v in values if v not in UNSURE]
    shares = dict.fromkeys((v for v in values if v in UNSURE), 0.05)
    rest = (1 - sum(shares.values())) / max(len(firm), 1)
    shares |= dict.fromkeys(firm, rest)
    step = 1.6 / max(len(firm) - 1, 1)
    slopes = {v: 0.8 - i * step for i, v in enumerate(firm)}
    return Shares(shares, slopes)


def _single(
    rng: np.random.Generator, q: Question, rows: Ints, who: Respondents, plan: Shares
) -> Choice:
    values = [o.value for o in q.options]
    listed = [v for v in values if v in plan.shares]
    others = [v for v in values if v not in plan.shares]
    left = max(0.0, 1 - sum(plan.shares.values()))
    table = [(values.index(v), plan.shares[v], plan.slopes.get(v, 0.0)) for v in listed]
    table += [(values.index(v), left / len(others), plan.slopes.get(v, 0.0)) for v in others]
    codes = np.full(who.size, MISSING, dtype=np.int16)
    for code, chosen in categorical(rng, rows, who.score, table).items():
        codes[chosen] = code
    return Choice(codes, tuple(values))


def _multi(
    rng: np.random.Generator, q: Question, rows: Ints, who: Respondents, plan: Picks | None
) -> Multi:
    values = [o.value for o in q.options]
    matrix = np.zeros((who.size, len(values)), dtype=bool)
    free = rows
    for option in q.options:
        if option.exclusive and plan is not None and option.value in plan.shares:
            chosen = top_k(
                rng, free, who.score, -plan.slope, round(plan.shares[option.value] * len(rows))
            )
            matrix[chosen, values.index(option.value)] = True
            free = np.setdiff1d(free, chosen, assume_unique=True)
    for index, option in enumerate(q.options):
        if option.exclusive:
            continue
        if plan is None:
            matrix[bernoulli(rng, free, who.score, 0.3, 0.5), index] = True
        elif option.value in plan.shares:
            k = round(plan.shares[option.value] * len(rows))
            matrix[top_k(rng, free, who.score, plan.slope, k), index] = True
    empty = rows[~matrix[rows].any(axis=1)]
    exclusive = [o.value for o in q.options if o.exclusive]
    filler = plan.filler if plan and plan.filler else (exclusive[0] if exclusive else values[-1])
    matrix[empty, values.index(filler)] = True
    return Multi(matrix, tuple(values))


def _number(
    rng: np.random.Generator, q: Question, rows: Ints, who: Respondents, columns: dict[str, Column]
) -> Floats:
    plan = PLANS.get(q.id)
    out = np.full(who.size, np.nan)
    low = q.minimum if q.minimum is not None else 0.0
    high = q.maximum if q.maximum is not None else low + 20
    if isinstance(plan, Count):
        scale = (who.population[rows] / 1000) ** plan.elasticity
        drawn = plan.median * scale * rng.lognormal(0.0, plan.spread, len(rows))
    elif isinstance(plan, Ratio):
        other = np.asarray(columns[plan.of])[rows]
        m = plan.mean_share
        drawn = np.floor(other * rng.beta(4 * m, 4 * (1 - m), len(rows)) + 0.5)
    elif isinstance(plan, Percent) or q.type is QuestionType.PERCENTAGE:
        p = advanced(plan if isinstance(plan, Percent) else Percent(0.3, 30.0), who.shift)
        drawn = np.where(
            rng.random(len(rows)) < p.zero_share, 0.0, rng.exponential(p.mean, len(rows))
        )
    else:
        drawn = rng.uniform(low, min(high, low + 20), len(rows))
    decimals = 0 if q.type is QuestionType.INTEGER else 1
    out[rows] = np.clip(np.round(drawn, decimals), low, high)
    return out


def _text(rng: np.random.Generator, q: Question, rows: Ints, n: int) -> npt.NDArray[np.object_]:
    out = np.full(n, None, dtype=object)
    if q.type is QuestionType.DATE:
        days = rng.integers(0, 365, len(rows))
        out[rows] = [str(np.datetime64("2024-01-01") + int(d)) for d in days]
        return out
    share = 0.1 if q.type is QuestionType.LONG_TEXT else 0.2
    speaking = rows[rng.random(len(rows)) < share]
    out[speaking] = np.array(TEXTS, dtype=object)[rng.integers(0, len(TEXTS), len(speaking))]
    return out


def _draw(
    rng: np.random.Generator, q: Question, rows: Ints, who: Respondents, columns: dict[str, Column]
) -> Column | npt.NDArray[np.object_]:
    plan = PLANS.get(q.id)
    exclusive = frozenset(o.value for o in q.options if o.exclusive)
    if q.type is QuestionType.MULTIPLE_CHOICE:
        picks = advanced(plan, who.shift, exclusive) if isinstance(plan, Picks) else None
        return _multi(rng, q, rows, who, picks)
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        shares = plan if isinstance(plan, Shares) else _default_shares(q)
        return _single(rng, q, rows, who, advanced(shares, who.shift))
    if q.type in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.PERCENTAGE):
        return _number(rng, q, rows, who, columns)
    return _text(rng, q, rows, who.size)


def _answered(column: Column | npt.NDArray[np.object_], n: int) -> npt.NDArray[np.bool_]:
    if isinstance(column, Choice):
        return bools(column.codes != MISSING)
    if isinstance(column, Multi):
        return bools(column.matrix.any(axis=1))
    if column.dtype == np.object_:
        return np.array([v is not None for v in column], dtype=bool) if n else np.zeros(0, bool)
    return ~np.isnan(column)


def _blank(column: Column | npt.NDArray[np.object_], rows: Ints) -> None:
    if isinstance(column, Choice):
        column.codes[rows] = MISSING
    elif isinstance(column, Multi):
        column.matrix[rows] = False
    elif column.dtype == np.object_:
        column[rows] = None
    else:
        column[rows] = np.nan


def _merge(column: Column, fresh: Column, rows: Ints) -> None:
    if isinstance(column, Choice) and isinstance(fresh, Choice):
        column.codes[rows] = fresh.codes[rows]
    elif isinstance(column, Multi) and isinstance(fresh, Multi):
        column.matrix[rows] = fresh.matrix[rows]
    elif isinstance(column, np.ndarray) and isinstance(fresh, np.ndarray):
        column[rows] = fresh[rows]


def _respect_constraint(
    rng: np.random.Generator,
    q: Question,
    column: Column,
    who: Respondents,
    columns: dict[str, Column],
) -> None:
    if q.constraint is None:
        return
    n = who.size
    for _ in range(CONSTRAINT_RETRIES):
        failing = np.flatnonzero(
            _answered(column, n) & ~evaluate_mask(q.constraint.tree, columns, n, column)
        )
        if len(failing) == 0:
            return
        fresh = _draw(rng, q, failing, who, columns)
        _merge(column, fresh, failing)  # type: ignore[arg-type]
    failing = np.flatnonzero(
        _answered(column, n) & ~evaluate_mask(q.constraint.tree, columns, n, column)
    )
    _blank(column, failing)


def answer(
    rng: np.random.Generator, questionnaire: Questionnaire, who: Respondents
) -> dict[str, Column]:
    """One column per question; rows where a question is not relevant stay unanswered."""
    n = who.size
    columns: dict[str, Column] = {}
    everyone = np.ones(n, dtype=bool)
    for section in questionnaire.sections:
        shown = (
            everyone
            if section.relevance is None
            else evaluate_mask(section.relevance.tree, columns, n)
        )
        for qid in section.question_ids:
            q = questionnaire.questions[qid]
            if q.type is QuestionType.NOTE:
                continue
            asked = (
                shown
                if q.relevance is None
                else shown & evaluate_mask(q.relevance.tree, columns, n)
            )
            rows = np.flatnonzero(asked)
            if not q.required and qid not in PLANS:
                rows = rows[rng.random(len(rows)) >= ITEM_NONRESPONSE]
            column = _draw(rng, q, rows, who, columns)
            columns[qid] = column  # type: ignore[assignment]
            _respect_constraint(rng, q, column, who, columns)  # type: ignore[arg-type]
    return columns
