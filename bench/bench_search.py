"""Search latency on the whole frame, against SQLite FTS5 and a linear scan.

The same 1,000 as-you-type queries (prefixes of real commune, EPCI and département names, plus
postcodes and INSEE codes, drawn with a fixed seed) run through:
- ours: ``Frame.search`` (sorted vocabulary + postings, lazy ranking), top 10;
- SQLite FTS5 (``unicode61 remove_diacritics 2``, prefix queries, ordered by population), top 10;
- a linear scan over the folded names (what a naive implementation does), top 10.
Reports median and p99 latency in milliseconds and the ratios.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable

from barometre.referentiel import Frame, load_frame
from barometre.referentiel.search import fold, words

QUERIES = 1000
SEED = 20261128


def make_queries(frame: Frame) -> list[str]:
    rng = random.Random(SEED)
    units = list(frame.units)
    queries = []
    for _ in range(QUERIES):
        unit = rng.choice(units)
        kind = rng.random()
        if kind < 0.1 and unit.postcodes:
            queries.append(rng.choice(unit.postcodes))
        elif kind < 0.15:
            queries.append(unit.code[: rng.randint(2, len(unit.code))])
        else:
            name = unit.name
            queries.append(name[: rng.randint(min(2, len(name)), len(name))])
    return queries


def fts_index(frame: Frame) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE units USING fts5(uid UNINDEXED, name, codes, population UNINDEXED,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO units VALUES (?, ?, ?, ?)",
        [
            (u.id, " ".join((u.name, *u.aliases)), " ".join((u.code, *u.postcodes)), u.population)
            for u in frame.units
        ],
    )
    return db


def fts_search(db: sqlite3.Connection, query: str) -> list[str]:
    tokens = words(query)
    if not tokens:
        return []
    match = " ".join(f'"{token}"*' for token in tokens)
    rows = db.execute(
        "SELECT uid FROM units WHERE units MATCH ? ORDER BY population DESC LIMIT 10", (match,)
    )
    return [row[0] for row in rows]


def linear_search(names: list[tuple[str, str, int]], query: str) -> list[str]:
    needle = " ".join(words(query))
    found = [(population, uid) for uid, name, population in names if needle in name]
    return [uid for _, uid in sorted(found, reverse=True)[:10]]


def timings(function: Callable[[str], object], queries: list[str]) -> list[float]:
    result = []
    for query in queries:
        started = time.perf_counter()
        function(query)
        result.append((time.perf_counter() - started) * 1000)
    return result


def describe(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.99 * (len(ordered) - 1))]


def main() -> None:
    frame = load_frame()
    started = time.perf_counter()
    frame.search_index  # noqa: B018 - build the index once, timed below
    build = time.perf_counter() - started
    queries = make_queries(frame)
    db = fts_index(frame)
    names = [(u.id, " ".join(words(fold(u.name))), u.population) for u in frame.units]
    results = {
        "barometre (postings + bisect)": timings(lambda q: frame.search(q, limit=10), queries),
        "SQLite FTS5 (prefix, unicode61)": timings(lambda q: fts_search(db, q), queries),
        "linear scan (Python)": timings(lambda q: linear_search(names, q), queries),
    }
    ours_median, ours_p99 = describe(results["barometre (postings + bisect)"])
    print("## Recherche dans le référentiel\n")
    print(
        f"{len(frame.units)} collectivités, {QUERIES} requêtes de saisie, index construit en "
        f"{build:.2f} s.\n"
    )
    print("| moteur | médiane (ms) | p99 (ms) | ratio médiane | ratio p99 |")
    print("|---|---:|---:|---:|---:|")
    for name, values in results.items():
        median, p99 = describe(values)
        print(
            f"| {name} | {median:.3f} | {p99:.3f} | {median / ours_median:.1f}× | "
            f"{p99 / ours_p99:.1f}× |"
        )


if __name__ == "__main__":
    main()
