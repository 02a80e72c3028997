"""Which authorities a territory covers, computed from the frame (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from barometre.referentiel import FrameError, Unit, load_frame

TERRITORY_TYPES = ("region", "departement", "epci")


class TerritoryError(ValueError):
    """A territory that is not a région, a département or an EPCI of the frame."""


def parse_territories(text: str) -> tuple[str, ...]:
    """Canonical unit ids from ``region:84, 42, epci:244200770`` (French error otherwise)."""
    ids: list[str] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        try:
            unit = load_frame().lookup(part)
        except FrameError as error:
            raise TerritoryError(str(error)) from None
        if unit.type not in TERRITORY_TYPES:
            raise TerritoryError(
                f"« {part} » est une commune : un territoire est une région, "
                "un département ou un EPCI."
            )
        if unit.id not in ids:
            ids.append(unit.id)
    return tuple(ids)


def covers(territory: Unit, unit: Unit) -> bool:
    """Whether ``unit`` lies in ``territory`` (itself included)."""
    if unit.id == territory.id:
        return True
    if territory.type == "region":
        return unit.region == territory.code
    if territory.type == "departement":
        return unit.departement == territory.code
    return unit.type == "commune" and unit.epci == territory.code


def authorities_in(territory_ids: Iterable[str]) -> frozenset[str]:
    """Every authority id that lies in one of the territories (cached per set of territories)."""
    return _authorities_in(tuple(sorted(set(territory_ids))))


@lru_cache(maxsize=64)
def _authorities_in(territory_ids: tuple[str, ...]) -> frozenset[str]:
    frame = load_frame()
    territories = [frame.get(territory_id) for territory_id in territory_ids]
    return frozenset(unit.id for unit in frame.units if any(covers(t, unit) for t in territories))
