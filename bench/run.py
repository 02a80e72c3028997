"""Run every ``bench/bench_*.py`` (each has a ``main()`` printing a Markdown section).

Usage: ``python bench/run.py [NAME ...]`` — names without the ``bench_`` prefix, e.g. ``search``.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"Impossible de charger {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def main() -> None:
    wanted = set(sys.argv[1:])
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted and path.stem.removeprefix("bench_") not in wanted:
            continue
        print(f"<!-- {path.name} -->", flush=True)
        started = time.perf_counter()
        load(path).main()  # type: ignore[attr-defined]
        print(f"\n_{path.name} : {time.perf_counter() - started:.1f} s_\n", flush=True)


if __name__ == "__main__":
    main()
