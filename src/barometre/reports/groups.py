"""Peer groups: same type × size stratum, in the same département, else région, else France (pure).

The narrowest group with at least ``k`` scored respondents besides the authority itself is
chosen — with one more rule, so that no figure can be recovered by subtraction: where a wider
group is shown to some authorities and narrower groups inside it to others, the authorities
left to the wider group (its members outside every narrower group shown) must be none, or more
than ``k``. Otherwise the smallest narrower group is given up (its members move to the wider
group), as secondary suppression hides the next-smallest cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from barometre import vocabulary
from barometre.referentiel.strata import AMF6

Scope = Literal["departement", "region", "france"]
SCOPES: Final[tuple[Scope, ...]] = ("departement", "region", "france")


@dataclass(frozen=True, slots=True)
class Member:
    """A scored respondent, as the peer groups see it."""

    authority: str
    type: str
    stratum: str
    region: str
    departement: str


@dataclass(frozen=True, slots=True)
class PeerGroup:
    """Authorities of one type × stratum in one area (``area`` empty for France)."""

    type: str
    stratum: str
    scope: Scope
    area: str
    members: frozenset[str]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.type, self.stratum, self.scope, self.area)

    def label(self, names: vocabulary.Names) -> str:
        """« Communes de 500 à 999 hab. du département de la Loire (42) »."""
        where = {
            "departement": f"du département {names.get('departement', {}).get(self.area, '')} "
            f"({self.area})",
            "region": f"de la région {names.get('region', {}).get(self.area, self.area)}",
            "france": "de France entière",
        }[self.scope]
        return f"{kind_label(self.type, self.stratum)} {where}".replace("  ", " ")


def kind_label(unit_type: str, stratum: str) -> str:
    """The type × stratum in words, as a group: « Communes de moins de 500 hab. »."""
    if unit_type == "epci":
        return f"{vocabulary.TYPES['epci'][1]} (« {vocabulary.stratum_label(stratum)} »)"
    if unit_type == "commune":
        size = AMF6.display_label(stratum)
        return f"Communes {size}" if size.startswith("de ") else f"Communes de {size}"
    return vocabulary.stratum_label(stratum)


@dataclass
class _Area:
    """Members of one cell in one area, and whether its group is shown."""

    scope: Scope
    code: str
    members: set[str]
    shown: bool = False


def plan_groups(members: Iterable[Member], k: int) -> dict[str, PeerGroup | None]:
    """Each member's peer group (``None``: no group is large enough, even France)."""
    cells: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for member in members:
        cells[(member.type, member.stratum)].append(member)
    plan: dict[str, PeerGroup | None] = {}
    for (unit_type, stratum), found in cells.items():
        for authority, area in _cell_plan(found, k + 1).items():
            plan[authority] = (
                None
                if area is None
                else PeerGroup(unit_type, stratum, area.scope, area.code, frozenset(area.members))
            )
    return plan


def _cell_plan(members: list[Member], need: int) -> dict[str, _Area | None]:
    regions: dict[str, dict[str, _Area]] = defaultdict(dict)
    for m in members:
        area = regions[m.region].setdefault(
            m.departement, _Area("departement", m.departement, set())
        )
        area.members.add(m.authority)
    top: list[_Area] = []  # the groups directly under France that are shown
    left: set[str] = set()  # members left to France
    region_areas: dict[str, _Area] = {}
    for code, departements in regions.items():
        region = _region_plan(code, departements, need)
        region_areas[code] = region
        if region.shown:
            top.append(region)
        else:
            top += [d for d in departements.values() if d.shown]
            left |= _uncovered(region, departements)
    france = _Area("france", "", {m.authority for m in members})
    _protect(france, left, top, need, regions)
    return _assign(members, regions, region_areas, france)


def _region_plan(code: str, departements: Mapping[str, _Area], need: int) -> _Area:
    region = _Area("region", code, set().union(*(d.members for d in departements.values())))
    for area in departements.values():
        area.shown = len(area.members) >= need
    left = _uncovered(region, departements)
    shown = sorted((d for d in departements.values() if d.shown), key=_size)
    while left and len(left) < need and shown:
        smallest = shown.pop(0)
        smallest.shown = False
        left |= smallest.members
    region.shown = bool(left) and len(region.members) >= need
    return region


def _protect(
    france: _Area,
    left: set[str],
    top: list[_Area],
    need: int,
    regions: Mapping[str, Mapping[str, _Area]],
) -> None:
    """Give up the smallest shown groups under France until what France alone holds is safe."""
    shown = sorted(top, key=_size)
    while left and len(left) < need and shown:
        smallest = shown.pop(0)
        smallest.shown = False
        if smallest.scope == "region":
            left |= _uncovered(smallest, regions[smallest.code])
            shown = sorted([*shown, *(d for d in regions[smallest.code].values() if d.shown)],
                           key=_size)  # fmt: skip
        else:
            left |= smallest.members
    france.shown = bool(left) and len(france.members) >= need


def _uncovered(region: _Area, departements: Mapping[str, _Area]) -> set[str]:
    covered = set().union(*(d.members for d in departements.values() if d.shown))
    return region.members - covered


def _size(area: _Area) -> tuple[int, str]:
    return (len(area.members), area.code)


def _assign(
    members: list[Member],
    regions: Mapping[str, Mapping[str, _Area]],
    region_areas: Mapping[str, _Area],
    france: _Area,
) -> dict[str, _Area | None]:
    plan: dict[str, _Area | None] = {}
    for m in members:
        departement = regions[m.region][m.departement]
        region = region_areas[m.region]
        chosen = next((a for a in (departement, region, france) if a.shown), None)
        plan[m.authority] = chosen
    return plan
