"""Disclosure control: a minimum unweighted base, and secondary suppression in tables.

Primary suppression hides every estimate whose unweighted base ``n`` is below ``k``.
Secondary suppression then protects it against recovery by subtraction: within each group
of cells that add up to a published margin (cells sharing every key but one, or the whole
table when it has one key), a group never has exactly one hidden cell; the next-smallest
cell is hidden too, and the rule is applied again until it holds everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from barometre.stats.estimate import Estimate, EstimateTable

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class DisclosureRule:
    """Publish an estimate only when its unweighted base reaches ``min_base`` (default 5)."""

    min_base: int = 5

    def __post_init__(self) -> None:
        if self.min_base < 1:
            raise ValueError("min_base doit être ≥ 1 (min_base must be at least 1).")

    def publishable(self, estimate: Estimate) -> bool:
        return estimate.n >= self.min_base

    def check(self, estimate: Estimate) -> Estimate:
        """The estimate, marked ``suppressed="primary"`` when its base is too small."""
        return estimate.with_suppression(None if self.publishable(estimate) else PRIMARY)

    def apply(self, table: EstimateTable, *, secondary: bool = True) -> EstimateTable:
        """Primary suppression of every cell, then secondary suppression within the table."""
        status = [None if self.publishable(e) else PRIMARY for e in table.estimates]
        if secondary:
            status = secondary_suppression(table, status)
        return table.replace_estimates(
            [e.with_suppression(s) for e, s in zip(table.estimates, status, strict=True)]
        )


def margin_groups(table: EstimateTable) -> list[list[int]]:
    """Groups of rows whose sum is a published margin: all keys but one in common."""
    width = len(table.keys)
    if width <= 1:
        return [list(range(len(table)))]
    groups: list[list[int]] = []
    for free in range(width):
        by_rest: dict[tuple[object, ...], list[int]] = defaultdict(list)
        for i, levels in enumerate(table.levels):
            by_rest[levels[:free] + levels[free + 1 :]].append(i)
        groups.extend(by_rest.values())
    return groups


def secondary_suppression(
    table: EstimateTable,
    status: list[str | None],
    groups: Iterable[list[int]] | None = None,
) -> list[str | None]:
    """Hide more cells until no margin group has exactly one hidden cell."""
    status = list(status)
    group_list = [g for g in (groups if groups is not None else margin_groups(table)) if len(g) > 1]
    bases = [e.n for e in table.estimates]
    changed = True
    while changed:
        changed = False
        for group in group_list:
            hidden = [i for i in group if status[i] is not None]
            if len(hidden) != 1:
                continue
            visible = [i for i in group if status[i] is None]
            if not visible:
                continue
            status[min(visible, key=lambda i: (bases[i], i))] = SECONDARY
            changed = True
    return status
