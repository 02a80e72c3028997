"""An outside reader's search for hidden cells, from the published rows and the unit data.

Written apart from ``stats.linked`` (plain sets and ranks, no shared code) so that the tests
check the rule, not restate it. The reader knows every published row (both weightings, all
domains, as the API and the open data give them) and which authorities each cell counts
(the unit data a statistician would recompute from). A hidden cell is recovered:

- by weighting: its raw or weighted twin row is published;
- by identity: another published cell, of any indicator or domain, counts the same
  authorities (région 01 and département 971);
- by subtraction: the sums that hold between cells of one indicator (a parent cell whose
  authorities are exactly those of some cells of another domain) determine its base once the
  published bases are known — one hidden child under a published parent, a hidden parent
  over published children, or any longer chain. The raw count of a share (share × base) adds
  up by the same sums, so what protects the base protects the count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import polars as pl

from barometre.results.extraction import WaveExtract
from barometre.results.rows import base_column, numerator_column

Key = tuple[str, str, str]  # indicator, domain, level
DOMAINS = ("region", "departement", "type", "stratum", "role")


def unit_sets(extract: WaveExtract) -> dict[Key, frozenset[str]]:
    """The authorities each cell counts, recomputed from the unit data."""
    found: dict[Key, frozenset[str]] = {}
    for table in extract.tables:
        for indicator in table.indicators:
            value = pl.col(numerator_column(indicator))
            base = table.table.filter(
                pl.col(base_column(indicator)) & value.is_not_null() & value.is_not_nan()
            )
            if base.is_empty():
                continue
            found[(indicator, "ensemble", "")] = frozenset(base["authority"])
            for domain in DOMAINS:
                for row in base.select("authority", domain).iter_rows():
                    if row[1] is not None:
                        key = (indicator, domain, str(row[1]))
                        found[key] = found.get(key, frozenset()) | {row[0]}
    return found


def recovered(rows: Iterable[Mapping[str, Any]], units: Mapping[Key, frozenset[str]]) -> list[str]:
    """Every hidden cell the reader recovers, said in words (empty when none)."""
    shown: dict[Key, int] = {}
    hidden: set[Key] = set()
    leaks: list[str] = []
    by_weighting: dict[Key, set[bool]] = defaultdict(set)
    for row in rows:
        key = (row["indicateur"], row["domaine"], row["modalite"])
        by_weighting[key].add(not row["secret"])
        if not row["secret"]:
            shown[key] = row["base_n"]
        else:
            hidden.add(key)
    leaks += [
        f"{k} : publiée dans l'autre pondération" for k, s in by_weighting.items() if len(s) > 1
    ]
    hidden -= set(shown)
    published_sets = {units[k] for k in shown}
    leaks += [
        f"{k} : un domaine jumeau est publié" for k in sorted(hidden) if units[k] in published_sets
    ]
    leaks += _by_subtraction(shown, hidden, units)
    return leaks


def _by_subtraction(
    shown: Mapping[Key, int], hidden: set[Key], units: Mapping[Key, frozenset[str]]
) -> list[str]:
    leaks = []
    indicators = {k[0] for k in hidden}
    for indicator in sorted(indicators):
        cells = [k for k in units if k[0] == indicator and (k in shown or k in hidden)]
        sets = sorted({units[k] for k in cells}, key=sorted)
        index = {s: j for j, s in enumerate(sets)}
        known = {index[units[k]]: n for k, n in shown.items() if k[0] == indicator}
        rows = _sums(cells, units, index)
        unknown = sorted(set(range(len(sets))) - set(known))
        for j in _determined(rows, unknown):
            names = [k for k in cells if index[units[k]] == j]
            leaks.append(f"{names} : déduite par différence (base {len(sets[j])})")
    return leaks


def _sums(
    cells: list[Key], units: Mapping[Key, frozenset[str]], index: Mapping[frozenset[str], int]
) -> list[dict[int, int]]:
    """parent − Σ children = 0 for every parent exactly covered by cells of another domain."""
    by_domain: dict[str, list[Key]] = defaultdict(list)
    for k in cells:
        by_domain[k[1]].append(k)
    rows = []
    for parent in cells:
        for domain, members in by_domain.items():
            if domain == parent[1]:
                continue
            inside = [m for m in members if units[m] <= units[parent]]
            if inside and frozenset().union(*(units[m] for m in inside)) == units[parent]:
                row: dict[int, int] = defaultdict(int)
                row[index[units[parent]]] += 1
                for m in inside:
                    row[index[units[m]]] -= 1
                if any(row.values()):
                    rows.append(dict(row))
    return rows


def _determined(rows: list[dict[int, int]], unknown: list[int]) -> list[int]:
    """Unknowns whose unit vector lies in the row space of the system's unknown columns."""
    if not rows or not unknown:
        return []
    matrix = np.array([[row.get(j, 0) for j in unknown] for row in rows], dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    return [
        j
        for position, j in enumerate(unknown)
        if np.linalg.matrix_rank(np.delete(matrix, position, axis=1)) == rank - 1
    ]
