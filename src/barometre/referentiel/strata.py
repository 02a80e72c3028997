"""Stratification schemes: size bins for communes, nature for EPCI.

A scheme is data: a name, a label and the lower bounds of its population bins. Communes take the
bin of their population; EPCI take their nature; départements and régions form one stratum each.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import Final

from barometre.referentiel.errors import FrameError
from barometre.referentiel.units import EPCI_NATURE_LABELS, TYPE_LABELS, Unit


@dataclass(frozen=True, slots=True)
class PopulationScheme:
    """Population bins given by their lower bounds (the first bin starts at 0)."""

    name: str
    label: str
    lower_bounds: tuple[int, ...]
    labels: tuple[str, ...]
    display_labels: tuple[str, ...]

    def __post_init__(self) -> None:
        sizes = {len(self.lower_bounds), len(self.labels), len(self.display_labels)}
        if len(sizes) != 1 or self.lower_bounds[0] != 0:
            msg = f"Schéma de strates « {self.name} » incohérent."
            raise FrameError(msg)
        if list(self.lower_bounds) != sorted(set(self.lower_bounds)):
            msg = f"Les bornes du schéma « {self.name} » doivent être croissantes."
            raise FrameError(msg)

    def stratum_of(self, population: int) -> str:
        return self.labels[bisect.bisect_right(self.lower_bounds, population) - 1]

    def display_label(self, stratum: str) -> str:
        return self.display_labels[self.labels.index(stratum)]


def _codes(bounds: tuple[int, ...]) -> tuple[str, ...]:
    """Short stratum codes, as in the DGCL tables: ``<500``, ``500-999``, ``>=50000``."""
    codes = [f"<{bounds[1]}"]
    codes += [f"{low}-{high - 1}" for low, high in itertools.pairwise(bounds[1:])]
    codes.append(f">={bounds[-1]}")
    return tuple(codes)


def _fmt(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _display_labels(bounds: tuple[int, ...]) -> tuple[str, ...]:
    """French labels for people: « moins de 500 hab. », « de 1 000 à 3 499 hab. »."""
    labels = [f"moins de {_fmt(bounds[1])} hab."]
    labels += [
        f"de {_fmt(low)} à {_fmt(high - 1)} hab." for low, high in itertools.pairwise(bounds[1:])
    ]
    labels.append(f"{_fmt(bounds[-1])} hab. et plus")
    return tuple(labels)


def population_scheme(name: str, label: str, bounds: tuple[int, ...]) -> PopulationScheme:
    return PopulationScheme(
        name=name,
        label=label,
        lower_bounds=bounds,
        labels=_codes(bounds),
        display_labels=_display_labels(bounds),
    )


AMF6: Final = population_scheme("amf6", "AMF, six tranches", (0, 500, 1000, 3500, 10000, 50000))
DECLIC9: Final = population_scheme(
    "declic9",
    "Déclic (Éco-clic), neuf tranches",
    (0, 500, 1000, 3500, 5000, 10000, 20000, 50000, 100000),
)
DGF15: Final = population_scheme(
    "dgf15",
    "Quinze groupes démographiques de la DGF",
    (
        0,
        500,
        1000,
        2000,
        3500,
        5000,
        7500,
        10000,
        15000,
        20000,
        35000,
        50000,
        75000,
        100000,
        200000,
    ),
)

SCHEMES: Final[dict[str, PopulationScheme]] = {s.name: s for s in (AMF6, DECLIC9, DGF15)}
DEFAULT_SCHEME: Final = AMF6.name

EPCI_STRATA: Final[tuple[str, ...]] = tuple(EPCI_NATURE_LABELS)


def get_scheme(name: str) -> PopulationScheme:
    try:
        return SCHEMES[name]
    except KeyError:
        known = ", ".join(SCHEMES)
        msg = f"Schéma de strates inconnu : « {name} » (schémas disponibles : {known})."
        raise FrameError(msg) from None


def stratum_of(unit: Unit, scheme: PopulationScheme = AMF6) -> str:
    """The stratum code of any unit: size bin (communes), nature (EPCI), else the type."""
    if unit.type == "commune":
        return scheme.stratum_of(unit.population)
    if unit.type == "epci":
        return unit.nature or "CC"
    return unit.type


def strata_codes(unit_type: str, scheme: PopulationScheme = AMF6) -> tuple[str, ...]:
    """Every stratum code of a unit type in display order (including empty ones)."""
    if unit_type == "commune":
        return scheme.labels
    if unit_type == "epci":
        return EPCI_STRATA
    return (unit_type,)


def stratum_label(unit_type: str, stratum: str, scheme: PopulationScheme = AMF6) -> str:
    """The French label of a stratum code, for people."""
    if unit_type == "commune":
        return scheme.display_label(stratum)
    if unit_type == "epci":
        return EPCI_NATURE_LABELS[stratum]
    return TYPE_LABELS[unit_type]
