"""Exact allocation with a gradient: who ticks what, drawn with Gumbel noise over a score."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def top_k(rng: np.random.Generator, rows: Ints, score: Floats, slope: float, k: int) -> Ints:
    """``k`` of ``rows`` drawn without replacement with probability ∝ exp(slope × score)."""
    k = min(max(k, 0), len(rows))
    if k == 0:
        return rows[:0]
    if k == len(rows):
        return rows
    keys = slope * score[rows] + rng.gumbel(size=len(rows))
    return rows[np.argpartition(-keys, k - 1)[:k]]


def categorical(
    rng: np.random.Generator,
    rows: Ints,
    score: Floats,
    plan: list[tuple[int, float, float]],
) -> dict[int, Ints]:
    """Exact split of ``rows`` among categories ``(code, share, slope)``; the last takes the rest.

    Categories with the strongest gradient choose first, so they get the most digital rows.
    """
    ordered = sorted(plan[:-1], key=lambda item: -abs(item[2]))
    remaining = rows
    out: dict[int, Ints] = {}
    for code, share, slope in ordered:
        chosen = top_k(rng, remaining, score, slope, round(share * len(rows)))
        out[code] = chosen
        remaining = np.setdiff1d(remaining, chosen, assume_unique=True)
    out[plan[-1][0]] = remaining
    return out


def bernoulli(
    rng: np.random.Generator, rows: Ints, score: Floats, share: float, slope: float
) -> Ints:
    """Rows ticking an option independently, with mean ``share`` shifted by the gradient."""
    base = np.log(share / (1 - share)) if 0 < share < 1 else (-20.0 if share <= 0 else 20.0)
    probability = 1 / (1 + np.exp(-(base + slope * score[rows])))
    return rows[rng.random(len(rows)) < probability]
