"""Proof by simulation (PURE): reminders targeted by the ranking against as many sent at random.

A synthetic population is drawn once from the frame: each authority gets the synthetic
respondents' digital score (``synth.Traits``: log population plus a latent trait), a true 0/1
answer to each key indicator whose probability grows with that score, and a response propensity
that grows with size (``size_effect``), with the région's self-selection factor of
``synth.sample`` and, when ``latent_effect`` is not zero, with the latent trait itself — the part
of digital maturity the frame does not know, which no weighting can correct. The frame-wide
share of each indicator is the truth.

Each replicate then runs one collection: a first response (each authority answers with its
propensity), then ``rounds`` rounds of ``reminders`` reminders each; a reminded authority
answers with probability ``lift`` × its propensity. Three arms share the same random numbers
(common random numbers: the same first respondents, the same draw deciding whether a given
authority would answer a reminder): no reminder, reminders at random among the
non-respondents, and reminders targeted by ``participation.targeting.rank`` — from the top of
its ranking down, at most ``per_group`` authorities per group and round. After collection the
key shares are estimated as the barometer publishes them (``stats.barometer_design``:
post-stratification on type × strate, raking on région; Korn–Graubard interval) and compared
with the truth.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from barometre.participation.live import counts, scope_representativeness, scope_variables
from barometre.participation.rates import Cell, cell_of
from barometre.participation.targeting import rank
from barometre.referentiel import Frame, FrameCount, load_frame
from barometre.stats import barometer_design, ciprop
from barometre.stats.barometer_parameters import SHARE_INTERVAL
from barometre.stats.representativeness import RepresentativenessError
from barometre.synth.sample import (
    DEFAULT_PROPENSITY,
    LOG_POPULATION_CENTRE,
    LOG_POPULATION_SCALE,
    OVERSEAS_PROPENSITY,
    REGION_PROPENSITY,
    Traits,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ARMS: Final = ("sans relance", "relances au hasard", "relances ciblées")
#: Key indicators: (name, label, intercept, slope on the digital score) of P(answer = 1).
INDICATORS: Final = (
    ("plan_cyber", "A un plan de cybersécurité", -0.9, 1.1),
    ("demarches_en_ligne", "Propose des démarches en ligne", 0.4, 1.4),
)


class SimulationError(ValueError):
    """A scenario that cannot be simulated: the message says why, in French."""


@dataclass(frozen=True, slots=True)
class Scenario:
    initial_rate: float = 0.05  # mean propensity: share of authorities answering unprompted
    rounds: int = 2
    reminders: int = 3_000  # per round, in each reminded arm
    per_group: int = 150  # targeted arm: at most this many per ranked group and round
    lift: float = 1.5  # a reminded authority answers with probability lift × propensity
    size_effect: float = 0.7  # logit of the propensity per unit of standardised log population
    latent_effect: float = 0.0  # logit of the propensity per unit of the latent digital trait
    seed: int = 2026

    def check(self) -> None:
        if not 0 < self.initial_rate < 1:
            raise SimulationError("Le taux de réponse spontanée doit être entre 0 et 1 (exclus).")
        if self.rounds < 0 or self.reminders < 0 or self.per_group < 1:
            raise SimulationError(
                "Le nombre de tours et de relances ne peut pas être négatif, et chaque groupe "
                "doit pouvoir recevoir au moins une relance."
            )
        if self.lift <= 0:
            raise SimulationError("L'effet d'une relance doit être positif.")


@dataclass(frozen=True)
class Population:
    """The synthetic population, fixed across replicates."""

    ids: tuple[str, ...]
    cells: dict[str, Cell]
    propensity: FloatArray
    outcomes: dict[str, FloatArray]  # 0/1 per authority, aligned with ``ids``
    truth: dict[str, float]
    frame_counts: tuple[FrameCount, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One arm of one replicate: one indicator's weighted estimate against the truth."""

    arm: str
    indicator: str
    respondents: int
    r_indicator: float | None
    estimate: float
    low: float
    high: float
    truth: float

    @property
    def error(self) -> float:
        return self.estimate - self.truth

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def covered(self) -> bool:
        return self.low <= self.truth <= self.high


@dataclass(frozen=True, slots=True)
class Summary:
    """One arm and indicator over every replicate."""

    arm: str
    indicator: str
    replicates: int
    respondents: float
    r_indicator: float | None
    bias: float
    rmse: float
    width: float
    coverage: float
    errors: tuple[float, ...] = field(repr=False)

    @property
    def coverage_se(self) -> float:
        return math.sqrt(self.coverage * (1 - self.coverage) / self.replicates)


def _expit(x: FloatArray) -> FloatArray:
    return np.asarray(1 / (1 + np.exp(-x)), dtype=np.float64)


def _region_factor(region: str) -> float:
    if region in REGION_PROPENSITY:
        return REGION_PROPENSITY[region]
    return OVERSEAS_PROPENSITY if region < "10" else DEFAULT_PROPENSITY


def _calibrated(base: FloatArray, rate: float) -> FloatArray:
    """expit(α + base) with α found by bisection so that the mean propensity is ``rate``."""
    low, high = -30.0, 30.0
    for _ in range(100):
        middle = (low + high) / 2
        if float(_expit(middle + base).mean()) < rate:
            low = middle
        else:
            high = middle
    return _expit((low + high) / 2 + base)


def population(frame: Frame, scenario: Scenario) -> Population:
    """Draw the synthetic population once (deterministic for the scenario's seed)."""
    scenario.check()
    units = list(frame.units)
    traits = Traits.draw(scenario.seed, frame)
    score = traits.score(units)
    population_ = np.array([max(u.population, 1) for u in units], dtype=np.float64)
    size = (np.log(population_) - LOG_POPULATION_CENTRE) / LOG_POPULATION_SCALE
    latent = np.array([traits.latent[u.id] for u in units], dtype=np.float64)
    regions = np.log([_region_factor(u.region or "") for u in units])
    base = scenario.size_effect * size + scenario.latent_effect * latent + regions
    propensity = _calibrated(base, scenario.initial_rate)
    rng = np.random.default_rng([scenario.seed, 1])
    outcomes = {
        name: (rng.random(len(units)) < _expit(intercept + slope * score)).astype(np.float64)
        for name, _, intercept, slope in INDICATORS
    }
    return Population(
        ids=tuple(u.id for u in units),
        cells={u.id: cell_of(u) for u in units},
        propensity=propensity,
        outcomes=outcomes,
        truth={name: float(values.mean()) for name, values in outcomes.items()},
        frame_counts=tuple(frame.counts()),
    )


Chooser = Callable[[Population, BoolArray, np.random.Generator], npt.NDArray[np.int64]]


def at_random(scenario: Scenario) -> Chooser:
    def choose(
        people: Population,  # noqa: ARG001 - every chooser is called alike
        responded: BoolArray,
        rng: np.random.Generator,
    ) -> npt.NDArray[np.int64]:
        open_ = np.flatnonzero(~responded)
        size = min(scenario.reminders, len(open_))
        return np.sort(rng.choice(open_, size=size, replace=False)).astype(np.int64)

    return choose


def targeted(scenario: Scenario) -> Chooser:
    def choose(
        people: Population, responded: BoolArray, rng: np.random.Generator
    ) -> npt.NDArray[np.int64]:
        statuses = _statuses(people, responded)
        candidates = [people.ids[i] for i in np.flatnonzero(~responded)]
        ranking = rank(people.cells, statuses, candidates, {})
        position = {authority: i for i, authority in enumerate(people.ids)}
        chosen: list[int] = []
        for group in ranking.groups:
            left = scenario.reminders - len(chosen)
            if left <= 0:
                break
            members = rng.permutation(len(group.members))[: min(scenario.per_group, left)]
            chosen.extend(position[group.members[m]] for m in members)
        return np.array(sorted(chosen), dtype=np.int64)

    return choose


def _statuses(people: Population, responded: BoolArray) -> dict[str, str]:
    return {
        authority: "submitted" if answered else "invited"
        for authority, answered in zip(people.ids, responded.tolist(), strict=True)
    }


def collect(
    people: Population,
    scenario: Scenario,
    replicate: int,
    choose: Chooser | None,
) -> BoolArray:
    """Who answered at the end of one replicate's collection (``choose=None``: no reminder)."""
    rng = np.random.default_rng([scenario.seed, 2, replicate])
    draws = rng.random((scenario.rounds + 1, len(people.ids)))
    responded: BoolArray = np.asarray(draws[0] < people.propensity, dtype=np.bool_)
    if choose is None:
        return responded
    picker = np.random.default_rng([scenario.seed, 3, replicate])
    chance = np.minimum(1.0, scenario.lift * people.propensity)
    for round_ in range(1, scenario.rounds + 1):
        reminded = choose(people, responded, picker)
        answers = draws[round_, reminded] < chance[reminded]
        responded[reminded[answers]] = True
    return responded


def estimate(people: Population, responded: BoolArray, arm: str) -> list[Outcome]:
    """The key shares as the barometer weights them, one Outcome per indicator."""
    index = np.flatnonzero(responded)
    chosen = [people.cells[people.ids[i]] for i in index]
    table = pd.DataFrame(
        {
            "authority": [people.ids[i] for i in index],
            "type": [c.type for c in chosen],
            "stratum": [c.stratum for c in chosen],
            "region": [c.region for c in chosen],
            "role": "agent",
            **{name: values[index] for name, values in people.outcomes.items()},
        }
    )
    design, _, _ = barometer_design(table, people.frame_counts, extra=list(people.outcomes))
    r = _r_indicator(people, responded)
    outcomes = []
    for name in people.outcomes:
        share = ciprop(design, name, SHARE_INTERVAL)
        low, high = share.ci(0.95)
        outcomes.append(
            Outcome(arm, name, len(index), r, share.value, low, high, people.truth[name])
        )
    return outcomes


def _r_indicator(people: Population, responded: BoolArray) -> float | None:
    scope = counts(people.cells, _statuses(people, responded))
    kept, _ = scope_variables(scope)
    try:
        return scope_representativeness(scope, kept).r.value
    except RepresentativenessError:
        return None


def replicate(people: Population, scenario: Scenario, number: int) -> list[Outcome]:
    """The three arms of one replicate."""
    choosers: Mapping[str, Chooser | None] = {
        ARMS[0]: None,
        ARMS[1]: at_random(scenario),
        ARMS[2]: targeted(scenario),
    }
    outcomes = []
    for arm, choose in choosers.items():
        outcomes += estimate(people, collect(people, scenario, number, choose), arm)
    return outcomes


_worker: tuple[Population, Scenario] | None = None


def _start_worker(scenario: Scenario) -> None:
    global _worker  # noqa: PLW0603 - one population per worker process, drawn once
    _worker = (population(load_frame(), scenario), scenario)


def _worker_replicate(number: int) -> list[Outcome]:
    if _worker is None:  # pragma: no cover - the pool's initializer always ran
        raise SimulationError("Le processus de simulation n'a pas tiré sa population.")
    return replicate(*_worker, number)


def run(scenario: Scenario, replicates: int, processes: int = 2) -> list[Outcome]:
    """``replicates`` replicates over ``processes`` processes (each draws the same population)."""
    scenario.check()
    if replicates < 1 or processes < 1:
        raise SimulationError("Il faut au moins une réplication et un processus.")
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_start_worker, initargs=(scenario,)) as pool:
        rows = pool.map(_worker_replicate, range(replicates))
    return [outcome for row in rows for outcome in row]


def summarise(outcomes: Sequence[Outcome]) -> list[Summary]:
    """Bias, RMSE, mean interval width and coverage per arm and indicator."""
    groups: dict[tuple[str, str], list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault((outcome.arm, outcome.indicator), []).append(outcome)
    summaries = []
    for (arm, indicator), rows in groups.items():
        errors = np.array([row.error for row in rows])
        rs = [row.r_indicator for row in rows if row.r_indicator is not None]
        summaries.append(
            Summary(
                arm=arm,
                indicator=indicator,
                replicates=len(rows),
                respondents=float(np.mean([row.respondents for row in rows])),
                r_indicator=float(np.mean(rs)) if rs else None,
                bias=float(errors.mean()),
                rmse=float(np.sqrt((errors**2).mean())),
                width=float(np.mean([row.width for row in rows])),
                coverage=float(np.mean([row.covered for row in rows])),
                errors=tuple(errors.tolist()),
            )
        )
    return summaries
