"""Representativeness of a wave's respondents while it runs, in words for the staff pages (PURE).

From each frame authority's cell (région × type × strate) and its status, the R-indicator and
the partial R-indicators of ``stats.representativeness`` (respondents = submitted), the weighting
cells left without any respondent, and the projected half-width of the 95 % interval of a share
if collection stopped now. Whatever cannot be computed carries a French sentence saying why.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from barometre import vocabulary
from barometre.participation.rates import Cell
from barometre.stats.representativeness import (
    CategoryIndicator,
    Projection,
    Representativeness,
    RepresentativenessError,
    VariableIndicator,
    cells_from_counts,
    from_cells,
    projected_half_width,
)

VARIABLES: Final = ("region", "type", "stratum")
VARIABLE_LABELS: Final = {
    "region": "la région",
    "type": "le type de collectivité",
    "stratum": "la strate de population",
}
VARIABLE_NAMES: Final = {"region": "région", "type": "type", "stratum": "strate"}
TOP_CATEGORIES: Final = 3
DIGITS: Final = 4  # partial indicators are small: four decimals
#: Beyond ± 50 points a projected half-width says nothing a share could use.
WIDEST: Final = 0.5
ZERO: Final = 1e-12
#: R-indicator readings: at least this value → this word.
DEGREES: Final = ((0.9, "peu"), (0.8, "modérément"), (0.7, "nettement"))


def decimal(value: float, digits: int = 2) -> str:
    """``0,82`` (French decimal comma)."""
    return f"{value:.{digits}f}".replace(".", ",")


def signed(value: float) -> str:
    """``+0,0123`` or ``−0,0123``; a value that rounds to zero has no sign."""
    text = decimal(abs(value), DIGITS)
    if text == decimal(0, DIGITS):
        return text
    return ("+" if value > 0 else "−") + text


def points(value: float) -> str:
    """A half-width as « ± 2,3 points »."""
    return f"± {decimal(100 * value, 1)} points"


@dataclass(frozen=True, slots=True)
class CategoryView:
    label: str
    indicator: CategoryIndicator

    @property
    def side(self) -> str:
        # a noun: the category's label may be feminine or masculine, singular or plural
        return "sous-représentation" if self.indicator.unconditional < 0 else "sur-représentation"

    @property
    def rate(self) -> str:
        return f"{decimal(100 * self.indicator.propensity, 1)} %"

    @property
    def unconditional(self) -> str:
        return signed(self.indicator.unconditional)

    @property
    def conditional(self) -> str:
        return decimal(self.indicator.conditional, DIGITS)


@dataclass(frozen=True, slots=True)
class VariableView:
    variable: str
    label: str
    indicator: VariableIndicator
    categories: tuple[CategoryView, ...]  # by weight on the imbalance, largest first
    note: str

    @property
    def top(self) -> tuple[CategoryView, ...]:
        return self.categories[:TOP_CATEGORIES]

    @property
    def unconditional(self) -> str:
        return decimal(self.indicator.unconditional, DIGITS)

    @property
    def conditional(self) -> str:
        return decimal(self.indicator.conditional, DIGITS)


@dataclass(frozen=True, slots=True)
class EmptyCell:
    """A weighting cell (type × strate, or a région) that no respondent represents yet."""

    kind: str
    label: str
    units: int


@dataclass(frozen=True, slots=True)
class Width:
    label: str
    projection: Projection

    @property
    def text(self) -> str:
        if self.projection.half_width is None:
            return "non calculable : aucun répondant"
        if self.projection.half_width >= WIDEST:
            return "± 50 points ou plus : trop peu de répondants"
        text = points(self.projection.half_width)
        if self.projection.uncovered:
            many = self.projection.uncovered > 1
            text += (
                f" sur les strates couvertes ({self.projection.uncovered} "
                f"collectivité{'s' if many else ''} dans des strates sans répondant, "
                f"laissée{'s' if many else ''} de côté)"
            )
        return text


@dataclass(frozen=True)
class Live:
    """What the participation page says about representativeness (``reason``: why not)."""

    reason: str
    result: Representativeness | None = None
    variables: tuple[VariableView, ...] = ()
    omitted: tuple[str, ...] = ()
    reading: str = ""
    empty_cells: tuple[EmptyCell, ...] = ()
    national: Width | None = None
    widths: tuple[Width, ...] = ()

    @property
    def value(self) -> str:
        return decimal(self.result.r.value) if self.result else ""

    @property
    def interval(self) -> str:
        if self.result is None:
            return ""
        r = self.result.r
        if r.low is None or r.high is None:
            return f"intervalle non calculé : {r.note}"
        return f"IC 95 % : {decimal(r.low)} à {decimal(r.high)}"


def category_label(variable: str, code: str, region_names: Mapping[str, str]) -> str:
    if variable == "region":
        return region_names.get(code, code or "sans région")
    if variable == "type":
        return vocabulary.modality_label("type", code)
    return vocabulary.stratum_label(code.split("|", 1)[1])


@dataclass(frozen=True, slots=True)
class Counts:
    """Frame units and respondents (submitted) per région × type × strate cell of a scope."""

    units: Counter[Cell]
    got: Counter[Cell]


def counts(cells: Mapping[str, Cell], statuses: Mapping[str, str]) -> Counts:
    got = Counter(
        cells[a] for a, status in statuses.items() if status == "submitted" and a in cells
    )
    return Counts(Counter(cells.values()), got)


def scope_variables(scope: Counts) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The variables with more than one category in scope, and a sentence for each left out."""
    kept = tuple(
        name for name in VARIABLES if len({model_key(c, (name,)) for c in scope.units}) > 1
    )
    omitted = tuple(
        f"Une seule modalité pour la variable « {VARIABLE_NAMES[name]} » dans ce périmètre : "
        "pas d'indicateur partiel pour elle."
        for name in VARIABLES
        if name not in kept
    )
    return kept, omitted


def scope_representativeness(scope: Counts, names: tuple[str, ...]) -> Representativeness:
    """``stats.representativeness`` on the scope's cells (counted once, not unit by unit)."""
    ordered = list(scope.units)
    return from_cells(
        cells_from_counts(
            names,
            [model_key(cell, names) for cell in ordered],
            [scope.units[cell] for cell in ordered],
            [scope.got[cell] for cell in ordered],
        )
    )


def model_key(cell: Cell, names: tuple[str, ...]) -> tuple[str, ...]:
    """A cell's categories on the model's variables (as ``model_variables`` names them)."""
    values = {"region": cell.region, "type": cell.type, "stratum": f"{cell.type}|{cell.stratum}"}
    return tuple(values[name] for name in names)


def post_stratum(cell: Cell) -> str:
    """The barometer's post-stratum of a cell (type × strate), as the projections name it."""
    return f"{cell.type}|{cell.stratum}"


def live(
    cells: Mapping[str, Cell], statuses: Mapping[str, str], region_names: Mapping[str, str]
) -> Live:
    """R-indicator, partial indicators, empty weighting cells and projected widths of a scope."""
    if not cells:
        return Live(
            "Aucune collectivité du référentiel dans ce périmètre : la représentativité n'a pas "
            "de base."
        )
    scope = counts(cells, statuses)
    kept, omitted = scope_variables(scope)
    empty, national, widths = _coverage(scope, region_names)
    if not kept:
        return Live(
            "Le périmètre ne compte qu'une région, un type et une strate : il n'y a rien à "
            "comparer.",
            omitted=omitted,
        )
    try:
        result = scope_representativeness(scope, kept)
    except RepresentativenessError as error:
        return Live(
            str(error), omitted=omitted, empty_cells=empty, national=national, widths=widths
        )
    views = tuple(_variable_view(v, region_names) for v in result.variables)
    return Live(
        "",
        result,
        views,
        omitted,
        reading(result, views),
        empty,
        national,
        widths,
    )


def _variable_view(indicator: VariableIndicator, region_names: Mapping[str, str]) -> VariableView:
    categories = sorted(
        (
            CategoryView(category_label(indicator.variable, c.category, region_names), c)
            for c in indicator.categories
        ),
        key=lambda view: -abs(view.indicator.unconditional),
    )
    note = ""
    if indicator.variable == "type" and indicator.conditional < ZERO:
        note = (
            "À strate égale, le type n'ajoute rien : chaque strate appartient à un seul type, "
            "l'indicateur conditionnel du type est donc nul par construction."
        )
    return VariableView(
        indicator.variable, VARIABLE_LABELS[indicator.variable], indicator, tuple(categories), note
    )


def degree(value: float) -> str:
    """How much participation varies, in words, for an R-indicator."""
    for threshold, word in DEGREES:
        if value >= threshold:
            return word
    return "fortement"


def reading(result: Representativeness, views: tuple[VariableView, ...]) -> str:
    """« 0,82 : la participation varie modérément selon les collectivités ; surtout selon … »."""
    r = result.r.value
    rate = result.mean_propensity
    floor = 1 - 2 * math.sqrt(rate * (1 - rate))
    text = f"{decimal(r)} : la participation varie {degree(r)} d'une collectivité à l'autre"
    if r >= 1 - ZERO:
        return text + " — toutes les catégories répondent au même taux."
    main = max(views, key=lambda view: view.indicator.unconditional)
    under = [c for c in main.categories if c.indicator.unconditional < 0][:2]
    text += f", surtout selon {main.label}"
    if under:
        names = " et ".join(f"{c.label} ({c.rate})" for c in under)
        text += f" : {names} {'répondent' if len(under) > 1 else 'répond'} moins que l'ensemble"
    return (
        text + f". Taux de réponse d'ensemble : {decimal(100 * rate, 1)} % ; à ce taux, R ne "
        "peut pas descendre "
        f"sous {decimal(floor)} : plus la participation est faible, plus R est proche de 1 "
        "quoi qu'il arrive. Au pire, l'écart d'une moyenne "
        f"non pondérée à la vérité peut atteindre {decimal(result.max_bias)} fois l'écart-type "
        "de la variable ; la pondération corrige la part de cet écart que la région, le type et "
        "la strate expliquent."
    )


def _coverage(
    scope: Counts, region_names: Mapping[str, str]
) -> tuple[tuple[EmptyCell, ...], Width, tuple[Width, ...]]:
    """Empty weighting cells and the projected widths (national, then by région)."""
    post: Counter[tuple[str, str]] = Counter()
    post_got: Counter[tuple[str, str]] = Counter()
    regions: Counter[str] = Counter()
    region_got: Counter[str] = Counter()
    by_region: dict[str, tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]] = {}
    for cell, n in scope.units.items():
        key, got = (cell.type, cell.stratum), scope.got[cell]
        post[key] += n
        post_got[key] += got
        regions[cell.region] += n
        region_got[cell.region] += got
        units_here, got_here = by_region.setdefault(cell.region, (Counter(), Counter()))
        units_here[key] += n
        got_here[key] += got
    empty = [
        EmptyCell("type × strate", vocabulary.stratum_label(stratum), post[(kind, stratum)])
        for kind, stratum in sorted(post, key=_post_order)
        if post_got[(kind, stratum)] == 0
    ]
    empty += [
        EmptyCell("région", region_names.get(region, region or "sans région"), regions[region])
        for region in sorted(regions)
        if region_got[region] == 0
    ]
    national = Width("Ensemble", projected_half_width(_named(post), _named(post_got)))
    widths = tuple(
        Width(
            region_names.get(region, region or "sans région"),
            projected_half_width(_named(units_here), _named(got_here)),
        )
        for region, (units_here, got_here) in sorted(by_region.items())
    )
    return tuple(empty), national, widths


def _post_order(key: tuple[str, str]) -> tuple[tuple[int, str], tuple[int, str]]:
    return vocabulary.modality_key("type", key[0]), vocabulary.modality_key("stratum", key[1])


def national_counts(scope: Counts) -> tuple[dict[str, int], dict[str, int]]:
    """Frame units and respondents per post-stratum, for the national projection."""
    units: Counter[str] = Counter()
    got: Counter[str] = Counter()
    for cell, n in scope.units.items():
        units[post_stratum(cell)] += n
        got[post_stratum(cell)] += scope.got[cell]
    return dict(units), dict(got)


def _named(counts: Counter[tuple[str, str]]) -> dict[str, int]:
    return {f"{kind}|{stratum}": n for (kind, stratum), n in counts.items()}
