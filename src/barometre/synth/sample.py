"""Which authorities answer: a realistic self-selection from the frame (vectorised)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from barometre.referentiel import Frame, Unit

#: Share of answer sets by type of authority (wave 1: 88 % communes).
TYPE_SHARES: Final = {"commune": 0.88, "epci": 0.095, "departement": 0.02, "region": 0.005}
#: Among communes: 60 % under 1,000 inhabitants, 25 % from 1,000 to 4,999, the rest above.
COMMUNE_SIZE_SHARES: Final = ((0, 1_000, 0.60), (1_000, 5_000, 0.25), (5_000, 10**9, 0.15))
#: Self-selection by région: Nouvelle-Aquitaine (75) and Auvergne-Rhône-Alpes (84) answer most,
#: Occitanie (76) is over-represented too; overseas answer least.
REGION_PROPENSITY: Final = {"75": 1.75, "84": 1.75, "76": 1.2}
DEFAULT_PROPENSITY: Final = 0.8
OVERSEAS_PROPENSITY: Final = 0.5
#: Share of answer sets given by a second respondent of an authority already drawn.
SECOND_RESPONDENT_SHARE: Final = 0.03
#: Share of a later wave's authorities that had answered the previous wave.
RETURNING_SHARE: Final = 0.8
UNIT_ORDER: Final = ("commune", "epci", "departement", "region")
LOG_POPULATION_CENTRE: Final = 7.5  # about 1,800 inhabitants
LOG_POPULATION_SCALE: Final = 1.8


@dataclass(frozen=True, slots=True)
class Sample:
    """The drawn respondents: one entry per answer set, aligned arrays."""

    units: tuple[Unit, ...]
    unit_index: npt.NDArray[np.int64]
    digital: npt.NDArray[np.float64]

    @property
    def size(self) -> int:
        return len(self.unit_index)


def _propensity(unit: Unit) -> float:
    region = unit.region or ""
    if region in REGION_PROPENSITY:
        return REGION_PROPENSITY[region]
    return OVERSEAS_PROPENSITY if region < "10" else DEFAULT_PROPENSITY


def draw(
    rng: np.random.Generator, weights: npt.NDArray[np.float64], k: int
) -> npt.NDArray[np.int64]:
    """``k`` indices drawn with probability ∝ ``weights``, without replacement while possible."""
    available = len(weights)
    if k <= 0 or available == 0:
        return np.zeros(0, dtype=np.int64)
    if k <= available:
        keys = np.log(rng.random(available)) / weights  # Efraimidis–Spirakis
        return np.argpartition(-keys, k - 1)[:k].astype(np.int64)
    extra = rng.choice(available, size=k - available, p=weights / weights.sum())
    return np.concatenate([np.arange(available), extra]).astype(np.int64)


def _counts(total: int, shares: Sequence[float]) -> list[int]:
    raw = np.array(shares) * total
    counts = np.floor(raw).astype(int)
    counts[np.argsort(counts - raw)[: total - counts.sum()]] += 1
    return [int(c) for c in counts]


def _pick(rng: np.random.Generator, units: Sequence[Unit], k: int, *, regional: bool) -> list[Unit]:
    weights = np.array([_propensity(u) if regional else 1.0 for u in units], dtype=np.float64)
    return [units[i] for i in draw(rng, weights, k)]


def draw_units(rng: np.random.Generator, frame: Frame, n: int) -> list[Unit]:
    """``n`` authorities with the barometer's mix of types, sizes and régions."""
    type_counts = _counts(n, list(TYPE_SHARES.values()))
    chosen: list[Unit] = []
    communes = frame.of_type("commune")
    commune_counts = _counts(type_counts[0], [share for _, _, share in COMMUNE_SIZE_SHARES])
    for (low, high, _), count in zip(COMMUNE_SIZE_SHARES, commune_counts, strict=True):
        pool = [u for u in communes if low <= u.population < high]
        chosen += _pick(rng, pool, count, regional=True)
    for unit_type, count in zip(list(TYPE_SHARES)[1:], type_counts[1:], strict=True):
        chosen += _pick(rng, frame.of_type(unit_type), count, regional=False)  # type: ignore[arg-type]
    order = rng.permutation(len(chosen))
    return [chosen[i] for i in order]


@dataclass(frozen=True, slots=True)
class Traits:
    """A latent digital trait per authority of the frame, fixed by the seed (same in every wave)."""

    latent: dict[str, float]

    @classmethod
    def draw(cls, seed: int, frame: Frame) -> Traits:
        units = [u for unit_type in UNIT_ORDER for u in frame.of_type(unit_type)]
        values = np.random.default_rng([seed, 0]).standard_normal(len(units))
        return cls(dict(zip((u.id for u in units), values.tolist(), strict=True)))

    def score(self, units: Sequence[Unit]) -> npt.NDArray[np.float64]:
        """Larger authorities are more digital: log population plus the latent trait."""
        population = np.array([max(u.population, 1) for u in units], dtype=np.float64)
        size = (np.log(population) - LOG_POPULATION_CENTRE) / LOG_POPULATION_SCALE
        latent = np.array([self.latent.get(u.id, 0.0) for u in units], dtype=np.float64)
        return np.asarray(0.8 * size + 0.6 * latent, dtype=np.float64)


def _sample(units: Sequence[Unit], traits: Traits, index: npt.NDArray[np.int64]) -> Sample:
    return Sample(tuple(units), index, traits.score(units)[index])


def _with_repeats(rng: np.random.Generator, distinct: int, n: int) -> npt.NDArray[np.int64]:
    repeats = rng.integers(0, distinct, size=n - distinct)
    return np.concatenate([np.arange(distinct), repeats]).astype(np.int64)


def sample_respondents(rng: np.random.Generator, frame: Frame, n: int, traits: Traits) -> Sample:
    """``n`` answer sets: a few authorities answer twice (an agent and an élu, say)."""
    distinct = max(1, round(n * (1 - SECOND_RESPONDENT_SHARE)))
    units = draw_units(rng, frame, distinct)
    return _sample(units, traits, _with_repeats(rng, len(units), n))


def follow_up(
    rng: np.random.Generator, frame: Frame, n: int, traits: Traits, previous: Sample
) -> Sample:
    """A later wave: mostly authorities of the previous one (the most digital stay), some new."""
    known = list(dict.fromkeys(previous.units[i] for i in previous.unit_index))
    returning = round(n * (1 - SECOND_RESPONDENT_SHARE) * RETURNING_SHARE)
    stay = draw(rng, np.exp(traits.score(known)), returning)
    kept = [known[i] for i in stay]
    seen = {u.id for u in kept}
    fresh = [u for u in draw_units(rng, frame, 2 * (n - returning)) if u.id not in seen]
    distinct = max(1, round(n * (1 - SECOND_RESPONDENT_SHARE)))
    units = (kept + fresh)[:distinct]
    return _sample(units, traits, _with_repeats(rng, len(units), n))
