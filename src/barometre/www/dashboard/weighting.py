"""The weighting report of a published wave on its page, the infographic and the changes page.

Words from ``publication.weighting``: what the weights meet (type × stratum, région), which
régions were pooled and why, what was given up, iterations and convergence, and the achieved
totals against the frame. A wave whose région margin could not be met says so at the top of
its page, never only in the note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from barometre.publication.weighting import WeightingWords, describe, names_list
from barometre.referentiel import load_frame
from barometre.results.comparison import weighted_differently
from barometre.results.estimation import margins_of
from barometre.results.queries import Edition
from barometre.www.dashboard.changes import edition_label
from barometre.www.dashboard.query import Theme


@dataclass(frozen=True)
class ThemeWeighting:
    theme: Theme
    words: WeightingWords


def _region_names() -> dict[str, str]:
    return {unit.code: unit.name for unit in load_frame().of_type("region")}


def weighting(item: Edition, themes: list[Theme]) -> list[ThemeWeighting]:
    """Each theme's weighting, in the wave's theme order (themes without a report left out)."""
    reports = item.result_set.weighting
    names = _region_names()
    return [ThemeWeighting(t, describe(reports[t.key], names)) for t in themes if t.key in reports]


def warnings(rows: list[ThemeWeighting]) -> list[str]:
    """What a reader must know before reading the figures by région."""
    return [f"{row.theme.title} : {row.words.dropped}" for row in rows if row.words.dropped]


def short_line(rows: list[ThemeWeighting]) -> str:
    """One or two sentences for the infographic: the same words when every theme agrees."""
    if not rows:
        return ""
    distinct = {(r.words.headline, r.words.pooled, r.words.dropped) for r in rows}
    if len(distinct) == 1:
        return _line(rows[0].words)
    return " ".join(f"{r.theme.title} : {_line(r.words)}" for r in rows)


def _line(words: WeightingWords) -> str:
    pooled = [p.split(" calées ensemble", 1)[0] for p in words.pooled]
    tail = f" Calées ensemble : {' ; '.join(pooled)}." if pooled else ""
    return f"{words.headline}{tail}"


def differences(before: Edition, after: Edition) -> list[str]:
    """Questionnaires weighted differently in two editions (margins met, régions pooled)."""
    names = _region_names()
    old, new = before.result_set.weighting, after.result_set.weighting
    titles = {
        key: versions[-1]["titre"]
        for key, versions in after.result_set.provenance.get("questionnaires", {}).items()
        if versions
    }
    return [
        f"{titles.get(key, key)} : {_compared((before, old[key]), (after, new[key]), names)}"
        for key in weighted_differently(before.result_set, after.result_set)
    ]


def _compared(
    before: tuple[Edition, dict[str, Any]], after: tuple[Edition, dict[str, Any]], names: Any
) -> str:
    (old_edition, old), (new_edition, new) = before, after
    if margins_of(old) != margins_of(new):
        return (
            f"{edition_label(old_edition)}, calage sur {' et '.join(margins_of(old))} ; "
            f"{edition_label(new_edition)}, calage sur {' et '.join(margins_of(new))} "
            "(les chiffres par région ne sont pas redressés de la même façon)"
        )
    return (
        f"mêmes marges ({' et '.join(margins_of(new))}), mais pas les mêmes régions calées "
        f"ensemble — {edition_label(old_edition)} : {_pools(old, names)} ; "
        f"{edition_label(new_edition)} : {_pools(new, names)} (seuls les chiffres de ces "
        "régions sont concernés)"
    )


def _pools(report: dict[str, Any], names: dict[str, str]) -> str:
    pools = [
        names_list([names.get(m, m) for m in pool["members"]])
        for pool in report.get("collapsed", [])
    ]
    return " ; ".join(pools) or "aucune"
