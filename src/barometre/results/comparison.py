"""Comparing two result sets: which indicators are comparable, and how each cell changed.

Two editions are compared on their **weighted** estimates. Each indicator of the current
edition has a standing (``series``), from the diff of the two questionnaire versions
(``questionnaire.diff``) and the recode map the team confirmed for that pair:

- « comparable »: same definition, same answers: the stored estimates are compared;
- « comparable après recodage »: the definition moved or the answers were recoded: the
  previous value is estimated again from the previous edition's frozen answers, recoded
  through the confirmed map (``results.recoded``), with the same parameters and rule;
- « rupture de série »: no map makes it comparable: no change, the reason said;
- « nouveau »: the reference edition did not measure it.

A change is computed only where both cells are published — a suppressed cell on either side
has no change, so a comparison never reveals what the disclosure control hid. The test is
``stats.change`` (independent samples).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from barometre.campaigns.models import RecodeMap, Wave
from barometre.campaigns.recoding import latest_recode
from barometre.questionnaire.diff import Consequence, Diff, diff
from barometre.results.errors import ResultsError
from barometre.results.estimation import signature
from barometre.results.models import ResultEstimate, ResultSet, Weighting
from barometre.results.recoded import recoded_estimates, version
from barometre.stats import Change, change

#: What makes an indicator the same from one edition to the next.
DEFINITION: Final = ("nature", "numerateur", "base")

Cell = tuple[str, str, str]  # indicator, domain, level


class Edition(Protocol):
    """A published wave and the result set it is read from (``dashboard.query.Published``)."""

    @property
    def wave(self) -> Wave: ...

    @property
    def result_set(self) -> ResultSet: ...


E = TypeVar("E", bound=Edition)


def _definition(meta: dict[str, object]) -> tuple[object, ...]:
    return tuple(meta.get(key) for key in DEFINITION)


COMPARABLE: Final = str(Consequence.COMPARABLE)
RECODED: Final = str(Consequence.RECODE)
BREAK: Final = str(Consequence.BREAK)
NEW: Final = "nouveau"
#: What each standing says, in French.
STANDING_LABELS: Final = {
    COMPARABLE: "comparable",
    RECODED: "comparable après recodage",
    BREAK: "rupture de série",
    NEW: "nouvel indicateur",
}


@dataclass(frozen=True)
class Series:
    """How one indicator of the current edition compares with the reference edition."""

    indicator: str
    standing: str  # COMPARABLE, RECODED, BREAK or NEW
    reasons: tuple[str, ...] = ()
    recode: RecodeMap | None = None

    @property
    def label(self) -> str:
        return STANDING_LABELS[self.standing]

    @property
    def compared(self) -> bool:
        return self.standing in {COMPARABLE, RECODED}


def newest_version(result_set: ResultSet, key: str) -> str | None:
    """The hash of the newest version of ``key`` answered in the result set, if it says."""
    answered = result_set.provenance.get("questionnaires", {}).get(key) or []
    return str(answered[-1]["empreinte"]) if answered else None


@dataclass(frozen=True)
class VersionPair:
    """One questionnaire in both editions: its versions' diff and confirmed recode map."""

    key: str
    previous: str
    current: str
    diff: Diff
    recode: RecodeMap | None


def version_pair(before: ResultSet, after: ResultSet, key: str) -> VersionPair | None:
    """``None`` when either set does not say its version, or a version is not stored."""
    old, new = newest_version(before, key), newest_version(after, key)
    if old is None or new is None or old == new:
        return None
    previous, current = version(key, old), version(key, new)
    if previous is None or current is None:
        return None
    return VersionPair(key, old, new, diff(previous, current), latest_recode(old, new, key))


def _stored_standing(indicator: str, before: ResultSet, after: ResultSet) -> Series:
    """Without both versions: the stored definitions decide (same one: comparable)."""
    old = before.indicators.get(indicator)
    if old is None:
        return Series(indicator, NEW, ("Absent de la vague de référence.",))
    if _definition(old) == _definition(after.indicators[indicator]):
        return Series(indicator, COMPARABLE)
    return Series(
        indicator,
        BREAK,
        ("Définition modifiée depuis la vague de référence (question ou base différente).",),
    )


def _standing(indicator: str, pair: VersionPair) -> Series:
    found = pair.diff.indicator(indicator)
    if found is None:
        return Series(indicator, NEW, ("Absent de la vague de référence.",))
    recoded = pair.recode.recoded if pair.recode else None
    consequence, reasons = found.standing(recoded)
    if consequence is Consequence.BREAK and found.added:
        return Series(indicator, NEW, reasons)
    return Series(indicator, str(consequence), reasons, pair.recode)


def series(before: ResultSet, after: ResultSet) -> dict[str, Series]:
    """The standing of every indicator of ``after`` against ``before``, in ``after``'s order."""
    pairs: dict[str, VersionPair | None] = {}
    found = {}
    for indicator, meta in after.indicators.items():
        key = str(meta.get("questionnaire", ""))
        if key not in pairs:
            pairs[key] = version_pair(before, after, key)
        pair = pairs[key]
        known = newest_version(before, key) is not None or indicator in before.indicators
        if pair is None or not known:
            found[indicator] = _stored_standing(indicator, before, after)
        else:
            found[indicator] = _standing(indicator, pair)
    return found


def comparable(before: ResultSet, after: ResultSet) -> list[str]:
    """Indicators of ``after`` whose change since ``before`` can be computed (the same
    definition and answers, or recomputed after recoding), in ``after``'s order."""
    return [i for i, s in series(before, after).items() if s.compared]


def breaks(before: ResultSet, after: ResultSet) -> dict[str, Series]:
    """Indicators of ``after`` that ``before`` measured but that no map makes comparable."""
    return {i: s for i, s in series(before, after).items() if s.standing == BREAK}


def redefined(before: ResultSet, after: ResultSet) -> list[str]:
    """Indicators present in both whose definition changed: never compared."""
    old = before.indicators
    return [
        indicator
        for indicator, meta in after.indicators.items()
        if indicator in old and _definition(old[indicator]) != _definition(meta)
    ]


def _order(wave: Wave) -> tuple[int, int, int]:
    return (wave.campaign.year, wave.campaign.pk, wave.number)


def references(current: E, editions: Iterable[E]) -> list[E]:
    """Earlier published editions sharing at least one comparable indicator, best first.

    Best: the same wave number in the most recent earlier campaign (the same questionnaires a
    year before), then the other earlier waves, newest first.
    """
    mine = _order(current.wave)
    earlier = [
        e
        for e in editions
        if _order(e.wave) < mine and comparable(e.result_set, current.result_set)
    ]
    same_number = [e for e in earlier if e.wave.number == current.wave.number]
    rest = [e for e in earlier if e.wave.number != current.wave.number]
    newest = lambda e: _order(e.wave)  # noqa: E731 - a sort key
    return sorted(same_number, key=newest, reverse=True) + sorted(rest, key=newest, reverse=True)


@dataclass(frozen=True)
class CellChange:
    """One cell in both editions; ``change`` is ``None`` unless both are published.
    ``standing``: COMPARABLE, or RECODED when ``before`` was recomputed after recoding."""

    before: ResultEstimate | None
    after: ResultEstimate | None
    change: Change | None
    standing: str = COMPARABLE
    reasons: tuple[str, ...] = ()


def _figure(estimate: ResultEstimate | None) -> tuple[float, float] | None:
    """Value and SE of a published estimate; ``None`` for a suppressed or missing one."""
    if estimate is None or estimate.suppressed or estimate.value is None or estimate.se is None:
        return None
    return estimate.value, estimate.se


def cell_change(
    before: ResultEstimate | None, after: ResultEstimate | None, of: Series | None = None
) -> CellChange:
    """``of``: the indicator's standing (comparable when not given)."""
    standing, reasons = (of.standing, of.reasons) if of else (COMPARABLE, ())
    old, new = _figure(before), _figure(after)
    if old is None or new is None or standing == BREAK:
        return CellChange(before, after, None, standing, reasons)
    return CellChange(before, after, change(*old, *new), standing, reasons)


def _weighted(
    result_set: ResultSet, indicators: Sequence[str], domains: Sequence[str]
) -> dict[Cell, ResultEstimate]:
    rows = ResultEstimate.objects.filter(
        result_set=result_set,
        weighting=Weighting.WEIGHTED,
        indicator_id__in=list(indicators),
        domain__in=list(domains),
    )
    return {(e.indicator_id, e.domain, e.level): e for e in rows}


def _recoded(
    before: ResultSet, after: ResultSet, wanted: dict[str, Series], domains: Sequence[str]
) -> dict[Cell, ResultEstimate]:
    """The previous side of the indicators compared after recoding, per questionnaire."""
    by_key: dict[str, list[str]] = {}
    for indicator in wanted:
        by_key.setdefault(str(after.indicators[indicator]["questionnaire"]), []).append(indicator)
    found: dict[Cell, ResultEstimate] = {}
    for key, indicators in by_key.items():
        current = newest_version(after, key)
        questionnaire = version(key, current) if current else None
        if current is None or questionnaire is None:
            raise ResultsError(f"La version de « {key} » de {after} n'est pas enregistrée.")
        recode = wanted[indicators[0]].recode
        cells = recoded_estimates(before, key, (current, questionnaire), recode, indicators)
        found |= {cell: e for cell, e in cells.items() if cell[1] in domains}
    return found


def changes(
    before: ResultSet,
    after: ResultSet,
    domains: Sequence[str],
    indicators: Sequence[str],
    *,
    with_breaks: bool = False,
) -> dict[Cell, CellChange]:
    """Every cell of these comparable indicators and domains, in either edition; the previous
    side of an indicator compared after recoding is its recomputed estimate. ``with_breaks``:
    also the current cells of the indicators whose series is broken (no previous side)."""
    standing = series(before, after)
    chosen = set(indicators)
    direct = [i for i, s in standing.items() if i in chosen and s.standing == COMPARABLE]
    recoded = {i: s for i, s in standing.items() if i in chosen and s.standing == RECODED}
    broken = [i for i, s in standing.items() if i in chosen and s.standing == BREAK]
    old = _weighted(before, direct, domains)
    old |= _recoded(before, after, recoded, domains) if recoded else {}
    new = _weighted(after, [*direct, *recoded, *(broken if with_breaks else [])], domains)
    return {
        cell: cell_change(old.get(cell), new.get(cell), standing[cell[0]]) for cell in {*old, *new}
    }


def side_values(estimate: ResultEstimate | None, suffix: str = "") -> dict[str, float | None]:
    """Value, interval and base of one side of a change, all empty when it is under secret."""
    shown = estimate if estimate is not None and not estimate.suppressed else None
    return {
        f"valeur{suffix}": shown.value if shown else None,
        f"ic_bas{suffix}": shown.ci_low if shown else None,
        f"ic_haut{suffix}": shown.ci_high if shown else None,
        f"base_n{suffix}": shown.n if shown else None,
    }


def weighted_differently(before: ResultSet, after: ResultSet) -> list[str]:
    """Questionnaires of both editions whose weights meet other margins or pool other régions:
    their changes mix a change of weighting with a change of the answers."""
    old, new = before.weighting, after.weighting
    return [key for key in new if key in old and signature(old[key]) != signature(new[key])]
