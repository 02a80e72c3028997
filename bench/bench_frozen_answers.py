"""What freezing the answer tables with each result set costs, and what reading them saves.

The demo (``load_demo``: two editions, five published waves with their final result sets) is
loaded into a throwaway SQLite database. For each final result set: the size of its frozen
answer tables (Parquet) against the whole database and the time to write them (Parquet and
SHA-256, at build time), then the time to read them back with
``results.queries.frozen_answers`` (the open data per authority now does) against the time to
re-extract the same tables from the answers with ``extract_wave`` (what it did before), best of
``REPEATS`` runs each; the two give equal tables.
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPEATS = 3


def _bench_results() -> Any:
    spec = importlib.util.spec_from_file_location("bench_results", HERE / "bench_results.py")
    if spec is None or spec.loader is None:
        raise SystemExit("bench_results.py introuvable")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_ms(work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times) * 1000, result


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def measure(result_set: Any, frame: Any) -> str:
    from polars.testing import assert_frame_equal  # noqa: PLC0415

    from barometre.results.extraction import extract_wave  # noqa: PLC0415
    from barometre.results.frozen import frozen_rows  # noqa: PLC0415
    from barometre.results.queries import frozen_answers  # noqa: PLC0415

    size = sum(len(bytes(t.table)) for t in result_set.answer_tables.all())
    frozen_ms, frozen = best_ms(lambda: frozen_answers(result_set))
    live_ms, live = best_ms(lambda: extract_wave(result_set.wave, frame).tables)
    freeze_ms, _ = best_ms(lambda: frozen_rows(result_set, live))
    for ours, theirs in zip(frozen, live, strict=True):
        assert_frame_equal(ours.table, theirs.table)
    columns = sum(len(t.table.columns) for t in frozen)
    wave = result_set.wave
    cells = [f"{wave.campaign.year}, vague {wave.number}", _number(result_set.responses)]
    cells.append(str(columns))
    cells += [_number(size / 1024), _number(freeze_ms), _number(frozen_ms), _number(live_ms)]
    return f"| {' | '.join(cells)} |"


def main() -> None:
    print("## Réponses figées avec les jeux de résultats\n")
    print(
        "`python bench/run.py frozen_answers` — la démonstration (`load_demo`) chargée dans une "
        "base SQLite jetable ; pour chaque jeu définitif, la taille de ses tables de réponses "
        "figées (Parquet zstd) et le temps de les écrire en Parquet avec leur SHA-256 (à la "
        "construction du jeu), puis le temps de les relire par `results.queries.frozen_answers` "
        "(ce que lisent maintenant les données ouvertes par collectivité) et celui de les "
        "ré-extraire des réponses par `extract_wave` (ce qu'elles faisaient), meilleur de "
        f"{REPEATS} essais ; les deux donnent les mêmes tables. Mesuré le "
        f"{time.strftime('%Y-%m-%d')} :\n"
    )
    with tempfile.TemporaryDirectory() as directory:
        _bench_results().setup_django(Path(directory))
        from barometre.demo.load import load_demo  # noqa: PLC0415
        from barometre.referentiel import load_frame  # noqa: PLC0415
        from barometre.results.models import ResultSet  # noqa: PLC0415

        load_demo(progress=lambda _: None)
        frame = load_frame()
        print(
            "| vague | réponses | colonnes | tables figées (Kio) | figer (ms) | relire (ms) "
            "| ré-extraire (ms) |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        finals = ResultSet.objects.filter(kind="final").select_related("wave__campaign")
        for result_set in finals.order_by("wave__campaign__year", "wave__number"):
            print(measure(result_set, frame), flush=True)
        database = Path(directory) / "bench.sqlite3"
        print(f"\nBase entière : {_number(database.stat().st_size / 1024)} Kio.")


if __name__ == "__main__":
    main()
