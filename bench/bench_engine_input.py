"""Does converting the polars answer table to pandas before ``stats.estimate_wave`` pay?

``results.estimation`` used to hand the engine a pandas copy of the polars table (built
column by column through numpy). The engine reads either kind through the same column
accessor, so the question is only speed. The wave of ``bench_stats`` (c) — drawn from the
real frame, 40 indicators, about 3,600 and 35,000 responses — is estimated from the polars
table directly and through the old conversion (its time included), best of ``REPEATS`` runs
each, alternating, and the figures of both runs are compared.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl

from barometre import stats

HERE = Path(__file__).resolve().parent
REPEATS = 7
SIZES = (3_000, 35_000)


def _bench_stats() -> Any:
    spec = importlib.util.spec_from_file_location("bench_stats", HERE / "bench_stats.py")
    if spec is None or spec.loader is None:
        raise SystemExit("bench_stats.py introuvable")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def through_pandas(data: pl.DataFrame) -> pd.DataFrame:
    """The conversion ``results.estimation`` did (without pyarrow, column by column)."""
    return pd.DataFrame({name: data[name].to_numpy() for name in data.columns})


def best(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def figures(results: stats.BarometerResults) -> list[tuple[Any, ...]]:
    rows = (*results.rows, *results.raw_rows)
    return [(r.indicator, r.domain, r.level, r.estimate.value, r.estimate.se) for r in rows]


def measure(responses: int) -> str:
    from barometre.referentiel import load_frame  # noqa: PLC0415 - loads the frame snapshot

    counts = load_frame().counts()
    wave, indicators = _bench_stats().make_wave(counts, responses)
    table = pl.from_dict(wave.to_dict("list"))
    direct: list[float] = []
    converted: list[float] = []
    conversion: list[float] = []
    for _ in range(REPEATS):
        seconds, ours = best(lambda: stats.estimate_wave(table, counts, indicators))
        direct.append(seconds)
        seconds, frame = best(lambda: through_pandas(table))
        conversion.append(seconds)
        more, theirs = best(lambda f=frame: stats.estimate_wave(f, counts, indicators))
        converted.append(seconds + more)
    same = "identiques" if figures(ours) == figures(theirs) else "DIFFÉRENTS"
    ms = [min(x) * 1000 for x in (direct, converted, conversion)]
    cells = [f"{table.height:,}".replace(",", "\u202f"), f"{len(table.columns)}"]
    cells += [f"{m:,.0f}".replace(",", "\u202f") for m in ms[:2]]
    cells += [f"{ms[2]:.1f}".replace(".", ","), f"{ms[1] / ms[0]:.2f}".replace(".", ","), same]
    return f"| {' | '.join(cells)} |"


def main() -> None:
    print("## Statistiques : table polars ou copie pandas avant le moteur\n")
    print(
        "`python bench/run.py engine_input` — la vague (c) de `bench_stats` (référentiel réel, "
        "40 indicateurs, ensemble, région, type, strate et rôle, brut et pondéré) estimée par "
        "`stats.estimate_wave` depuis la table polars, puis depuis la copie pandas que "
        "`results.estimation` faisait (conversion comprise) ; meilleur de "
        f"{REPEATS} essais alternés. Mesuré le {time.strftime('%Y-%m-%d')} :\n"
    )
    print(
        "| réponses | colonnes | polars direct (ms) | via pandas (ms) | conversion seule (ms) "
        "| ratio pandas / polars | chiffres |"
    )
    print("|---:|---:|---:|---:|---:|---:|---|")
    for size in SIZES:
        print(measure(size), flush=True)


if __name__ == "__main__":
    main()
