"""Survey statistics, side by side with svy, samplics and weightipy, in one run.

The same synthetic sample (18 régions, 6 strata of size, 4 types of authority, weights drawn
at random, a 0/1 indicator) at 35,000 and 1,000,000 rows:
(a) raking to three margins (région, strate, type), starting from weights of 1 (weightipy has no
    base weights), from the data frame to the final weights;
(b) a weighted proportion with its linearisation SE in each of the 18 régions, in a design
    stratified by size class, from the data frame to the table.
(c) every indicator of a wave by every domain (``stats.estimate_wave``), for a wave drawn from
    the real frame at about 3,000 and about 35,000 responses (no peer offers this).
Each engine is timed on the same frame (best of ``REPEATS`` runs; one run at 1M rows for the
slowest peers), its answers are checked against ours, and ratios are "peer time / our time".
Peers live in the optional ``bench`` extra (``make bench``), never in the runtime dependencies.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from barometre import stats

SIZES = (35_000, 1_000_000)
REPEATS = 3
SEED = 20261128
MARGINS = ("region", "stratum", "kind")
POPULATION = 5_000_000.0


def make_sample(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    return pd.DataFrame(
        {
            "region": np.char.add("R", rng.integers(0, 18, n).astype(str)),
            "stratum": np.char.add("S", rng.integers(0, 6, n).astype(str)),
            "kind": np.char.add("K", rng.integers(0, 4, n).astype(str)),
            "w": rng.uniform(1.0, 9.0, n),
            "one": np.ones(n),
            "y": (rng.random(n) < 0.3).astype(np.float64),
        }
    )


def make_targets(sample: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Consistent population margins: each sums to ``POPULATION``."""
    rng = np.random.default_rng(SEED + 1)
    targets = {}
    for column in MARGINS:
        levels = sorted(sample[column].unique())
        shares = rng.dirichlet(np.full(len(levels), 20.0))
        targets[column] = {lv: float(s * POPULATION) for lv, s in zip(levels, shares, strict=True)}
    return targets


def best_of(work: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


# -- (a) raking --------------------------------------------------------------------------
def ours_rake(sample: pd.DataFrame, targets: dict[str, dict[str, float]]) -> np.ndarray:
    design = stats.Design(sample, weights="one")
    return stats.rake(design, targets, epsilon=1e-6, max_iter=100).weights


def svy_rake(sample: pd.DataFrame, targets: dict[str, dict[str, float]]) -> np.ndarray:
    import svy  # noqa: PLC0415 - optional peer

    frame = pl.DataFrame(sample.to_dict("list"))
    raked = svy.Sample(frame, svy.Design(wgt="one")).weighting.rake(
        controls=targets, tol=1e-6, max_iter=100
    )
    return raked.data["rk_wgt"].to_numpy()


def samplics_rake(sample: pd.DataFrame, targets: dict[str, dict[str, float]]) -> np.ndarray:
    from samplics.weighting import SampleWeight  # noqa: PLC0415 - optional peer

    margins = {column: sample[column].to_numpy() for column in MARGINS}
    return np.asarray(
        SampleWeight().rake(sample["one"].to_numpy(), margins, control=targets, tol=1e-6)
    )


def weightipy_rake(sample: pd.DataFrame, targets: dict[str, dict[str, float]]) -> np.ndarray:
    import weightipy  # noqa: PLC0415 - optional peer

    percent = {
        column: {lv: 100 * v / POPULATION for lv, v in levels.items()}
        for column, levels in targets.items()
    }
    params = {"total": POPULATION, "convcrit": 1e-6}  # weightipy starts from weights of 1
    scheme = weightipy.scheme_from_dict(percent, name="rake", rim_params=params)
    return weightipy.weight_dataframe(sample, scheme)["weights"].to_numpy()


# -- (b) proportion by région -------------------------------------------------------------
def ours_by_region(sample: pd.DataFrame) -> pd.DataFrame:
    design = stats.Design(sample, strata="stratum", weights="w")
    table = stats.by(design, "region", stats.mean, "y")
    return pd.DataFrame(
        {"region": [k[0] for k in table.levels], "est": [e.value for e in table.estimates],
         "se": [e.se for e in table.estimates]}
    )  # fmt: skip


def svy_by_region(sample: pd.DataFrame) -> pd.DataFrame:
    import svy  # noqa: PLC0415 - optional peer

    frame = pl.DataFrame(sample.to_dict("list"))
    result = (
        svy.Sample(frame, svy.Design(stratum="stratum", wgt="w"))
        .estimation.mean("y", by="region")
        .to_polars()
    )
    return pd.DataFrame(result.select("region", "est", "se").to_dict(as_series=False))


def samplics_by_region(sample: pd.DataFrame) -> pd.DataFrame:
    from samplics.estimation import TaylorEstimator  # noqa: PLC0415 - optional peer
    from samplics.utils.types import PopParam  # noqa: PLC0415 - optional peer

    estimator = TaylorEstimator(PopParam.mean)
    estimator.estimate(
        y=sample["y"].to_numpy(), samp_weight=sample["w"].to_numpy(),
        stratum=sample["stratum"].to_numpy(), domain=sample["region"].to_numpy(),
    )  # fmt: skip
    regions = sorted(estimator.point_est)
    return pd.DataFrame(
        {"region": regions, "est": [estimator.point_est[r] for r in regions],
         "se": [estimator.stderror[r] for r in regions]}
    )  # fmt: skip


def gap(ours: pd.DataFrame, peer: pd.DataFrame) -> float:
    merged = ours.merge(peer, on="region", suffixes=("", "_peer"))
    return float(
        max(
            (merged["est"] - merged["est_peer"]).abs().max(),
            (merged["se"] - merged["se_peer"]).abs().max(),
        )
    )


# -- (c) a whole wave ---------------------------------------------------------------------
INDICATORS = 40
RESPONSES = (3_000, 35_000)


def make_wave(
    counts: list[Any], responses: int = RESPONSES[0]
) -> tuple[pd.DataFrame, dict[str, tuple[str, str | None]]]:
    """About ``responses`` responses drawn from the real frame, larger units answering more
    often (every région and département from about 3,000 responses on)."""
    rng = np.random.default_rng(SEED + 2)
    units = np.array([c.units for c in counts])
    large = np.array([c.type in {"region", "departement"} for c in counts])
    small_units = float(units[~large].sum())
    rate = np.where(large, 0.9 * responses / 2_400, 0.05 * responses / 2_400)
    if responses > RESPONSES[0]:  # large units all answer; the rest share what is left
        rate = np.where(large, 1.0, (responses / 1.5 - units[large].sum()) / small_units)
    drawn = rng.binomial(units, np.clip(rate, 0.0, 1.0))
    rows: dict[str, list[Any]] = {k: [] for k in ("authority", "type", "stratum", "region", "role")}
    for cell, k in zip(counts, drawn, strict=True):
        for a in range(int(k)):
            for role in rng.choice(["élu", "agent", "dsi"], size=rng.integers(1, 3), replace=False):
                for key, value in zip(
                    rows, (f"{cell.type}-{cell.stratum}-{cell.region}-{a}", cell.type,
                           cell.stratum, cell.region, str(role)), strict=True,
                ):  # fmt: skip
                    rows[key].append(value)
    wave = pd.DataFrame(rows)
    indicators: dict[str, tuple[str, str | None]] = {}
    for i in range(INDICATORS):
        answer = (rng.random(len(wave)) < rng.uniform(0.1, 0.9)).astype(float)
        answer[rng.random(len(wave)) < 0.1] = np.nan
        wave[f"q{i}"] = answer
        denominator = f"d{i}" if i % 2 else None
        if denominator:
            wave[denominator] = rng.random(len(wave)) < 0.7
        indicators[f"q{i}"] = (f"q{i}", denominator)
    return wave, indicators


def wave_task(responses: int) -> str:
    from barometre.referentiel import load_frame  # noqa: PLC0415 - loads the frame snapshot

    counts = load_frame().counts()
    wave, indicators = make_wave(counts, responses)
    seconds, results = best_of(lambda: stats.estimate_wave(wave, counts, indicators), REPEATS)
    return (
        f"| (c) vague complète : {len(indicators)} indicateurs × (ensemble, région, type, strate, "
        f"rôle) | {len(wave):,} réponses | barometre | {seconds * 1000:.0f} | — | "
        f"{len(results.rows):,} estimations |"
    )


# -- report -------------------------------------------------------------------------------
Peer = tuple[str, Callable[..., Any]]


def run_task(
    task: str, n: int, ours: Callable[..., Any], peers: list[Peer], args: tuple[Any, ...]
) -> list[str]:
    repeats = REPEATS if n < SIZES[-1] else 2
    ours_time, reference = best_of(lambda: ours(*args), repeats)
    lines = [f"| {task} | {n:,} | barometre | {ours_time * 1000:.0f} | 1.0× | — |"]
    for name, work in peers:
        try:
            peer_time, answer = best_of(lambda w=work: w(*args), 1 if n >= SIZES[-1] else repeats)
        except ImportError:
            lines.append(f"| {task} | {n:,} | {name} | non installé | — | — |")
            continue
        check = _check(reference, answer)
        ratio = peer_time / ours_time
        lines.append(
            f"| {task} | {n:,} | {name} | {peer_time * 1000:.0f} | {ratio:.1f}× | {check} |"
        )
    return lines


def _check(reference: Any, answer: Any) -> str:
    if isinstance(reference, pd.DataFrame):
        return f"écart max {gap(reference, answer):.1e}"
    relative = np.abs(np.asarray(answer) / reference - 1).max()
    return f"écart relatif max des poids {relative:.1e}"


def main() -> None:
    warnings.simplefilter("ignore")  # samplics warns on import that it is archived
    print("| travail | lignes | moteur | temps (ms) | ratio pair / nous | même résultat |")
    print("|---|---:|---|---:|---:|---|")
    for n in SIZES:
        sample = make_sample(n)
        targets = make_targets(sample)
        rake_peers: list[Peer] = [
            ("svy", svy_rake), ("samplics", samplics_rake), ("weightipy", weightipy_rake),
        ]  # fmt: skip
        for line in run_task("(a) raking, 3 marges", n, ours_rake, rake_peers, (sample, targets)):
            print(line, flush=True)
        prop_peers: list[Peer] = [("svy", svy_by_region), ("samplics", samplics_by_region)]
        for line in run_task(
            "(b) proportion + SE × 18 régions", n, ours_by_region, prop_peers, (sample,)
        ):
            print(line, flush=True)
    for responses in RESPONSES:
        print(wave_task(responses), flush=True)


if __name__ == "__main__":
    main()
