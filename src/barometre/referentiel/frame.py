"""The frame: every French local authority in scope, with look-ups by id, code and SIREN."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from barometre.referentiel.errors import AmbiguousCodeError, MalformedCodeError, UnknownUnitError
from barometre.referentiel.search import SearchHit, SearchIndex
from barometre.referentiel.strata import AMF6, PopulationScheme, stratum_of
from barometre.referentiel.units import (
    TYPE_LABELS,
    Unit,
    UnitType,
    check_siren,
    looks_like_commune_code,
    parse_unit_id,
)

_SHORT_CODE = re.compile(r"^(\d{2,3}|2[AB])$")


@dataclass(frozen=True, slots=True)
class FrameCount:
    """Number of units (and their population) in one type × stratum × région cell."""

    type: UnitType
    stratum: str
    region: str
    units: int
    population: int


class Frame:
    """An immutable collection of units with indexes; build it with :func:`frame_from_snapshot`."""

    def __init__(
        self,
        units: Iterable[Unit],
        former_codes: dict[str, str] | None = None,
        provenance: dict[str, Any] | None = None,
    ) -> None:
        self.units: tuple[Unit, ...] = tuple(units)
        self.former_codes = dict(former_codes or {})
        self.provenance = dict(provenance or {})
        self._by_id = {unit.id: unit for unit in self.units}
        self._by_siren = {unit.siren: unit for unit in self.units if unit.siren}
        self._members: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units:
            if unit.epci:
                self._members[unit.epci].append(unit)

    def __len__(self) -> int:
        return len(self.units)

    def of_type(self, unit_type: UnitType) -> tuple[Unit, ...]:
        return tuple(unit for unit in self.units if unit.type == unit_type)

    def get(self, unit_id: str) -> Unit:
        """The unit with this exact id (``commune:42218``)."""
        unit_type, code = parse_unit_id(unit_id)
        unit = self._by_id.get(unit_id)
        if unit is None:
            label = TYPE_LABELS[unit_type].lower()
            raise UnknownUnitError(f"Aucune collectivité de type {label} n'a le code « {code} ».")
        return unit

    def lookup(self, value: str) -> Unit:
        """Find a unit by id, INSEE code, former INSEE code or SIREN.

        Raises :class:`MalformedCodeError`, :class:`UnknownUnitError` or
        :class:`AmbiguousCodeError`, each with a French message.
        """
        text = value.strip()
        if not text:
            raise MalformedCodeError("Indiquez un identifiant, un code INSEE ou un SIREN.")
        if ":" in text:
            return self.get(text)
        text = text.upper()
        if text.isdigit() and len(text) == 9:  # noqa: PLR2004 - SIREN length
            return self._lookup_siren(check_siren(text))
        if looks_like_commune_code(text):
            return self._lookup_commune(text)
        if _SHORT_CODE.match(text):
            return self._lookup_short_code(text)
        raise MalformedCodeError(
            f"« {value} » n'est ni un identifiant (type:code), ni un code INSEE "
            "(5 caractères pour une commune, 2 ou 3 pour un département ou une région), "
            "ni un SIREN (9 chiffres)."
        )

    def members(self, epci: Unit | str) -> tuple[Unit, ...]:
        """The member communes of an EPCI (given as unit, id or SIREN)."""
        unit = epci if isinstance(epci, Unit) else self.lookup(epci)
        if unit.type != "epci":
            raise MalformedCodeError(f"{unit.name} ({unit.id}) n'est pas un EPCI.")
        return tuple(self._members.get(unit.code, ()))

    def stratum(self, unit: Unit, scheme: PopulationScheme = AMF6) -> str:
        return stratum_of(unit, scheme)

    def counts(self, scheme: PopulationScheme = AMF6) -> list[FrameCount]:
        """Units and population per type × stratum × région: the weighting targets."""
        units: Counter[tuple[UnitType, str, str]] = Counter()
        population: Counter[tuple[UnitType, str, str]] = Counter()
        for unit in self.units:
            key = (unit.type, stratum_of(unit, scheme), unit.region or "")
            units[key] += 1
            population[key] += unit.population
        return [
            FrameCount(
                type=key[0], stratum=key[1], region=key[2], units=n, population=population[key]
            )
            for key, n in sorted(units.items())
        ]

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Ranked matches for a name, a prefix, a code, a postcode or a SIREN."""
        return self.search_index.search(query, limit=limit)

    @cached_property
    def search_index(self) -> SearchIndex:
        return SearchIndex(self.units, self.former_codes)

    def _lookup_siren(self, siren: str) -> Unit:
        unit = self._by_siren.get(siren)
        if unit is None:
            raise UnknownUnitError(f"Aucune collectivité du référentiel n'a le SIREN « {siren} ».")
        return unit

    def _lookup_commune(self, code: str) -> Unit:
        unit = self._by_id.get(f"commune:{code}")
        if unit is None and code in self.former_codes:
            unit = self._by_id.get(f"commune:{self.former_codes[code]}")
        if unit is None:
            raise UnknownUnitError(f"Aucune commune n'a le code INSEE « {code} ».")
        return unit

    def _lookup_short_code(self, code: str) -> Unit:
        found = [
            unit
            for unit in (self._by_id.get(f"departement:{code}"), self._by_id.get(f"region:{code}"))
            if unit is not None
        ]
        if not found:
            raise UnknownUnitError(f"Aucun département ni aucune région n'a le code « {code} ».")
        if len(found) > 1:
            raise AmbiguousCodeError(code, [f"{u.id} ({u.name})" for u in found])
        return found[0]


def frame_from_snapshot(snapshot: dict[str, Any], provenance: dict[str, Any]) -> Frame:
    """Build the frame from the shipped snapshot (see :mod:`barometre.referentiel.build`)."""
    communes = [_commune(row) for row in snapshot["communes"]]
    by_epci: dict[str, list[Unit]] = defaultdict(list)
    population_by: Counter[tuple[str, str | None]] = Counter()
    for commune in communes:
        by_epci[commune.epci or ""].append(commune)
        population_by["departement", commune.departement] += commune.population
        population_by["region", commune.region] += commune.population
    epci = [_epci(row, by_epci[row[0]]) for row in snapshot["epci"]]
    departements = [
        Unit(
            type="departement",
            code=code,
            name=name,
            population=population_by["departement", code],
            departement=code,
            region=region,
        )
        for code, name, region in snapshot["departements"]
    ]
    regions = [
        Unit(
            type="region",
            code=code,
            name=name,
            population=population_by["region", code],
            region=code,
        )
        for code, name in snapshot["regions"]
    ]
    return Frame([*communes, *epci, *departements, *regions], snapshot["former_codes"], provenance)


def _commune(row: Sequence[Any]) -> Unit:
    code, siren, name, population, departement, region, epci, postcodes, aliases = row
    return Unit(
        type="commune",
        code=code,
        name=name,
        population=population,
        siren=siren,
        departement=departement,
        region=region,
        epci=epci,
        postcodes=tuple(postcodes),
        aliases=tuple(aliases),
    )


def _epci(row: Sequence[Any], members: Sequence[Unit]) -> Unit:
    siren, name, nature, _financing = row
    return Unit(
        type="epci",
        code=siren,
        name=name,
        population=sum(c.population for c in members),
        siren=siren,
        departement=_plurality(members, "departement"),
        region=_plurality(members, "region"),
        nature=nature,
    )


def _plurality(members: Sequence[Unit], attribute: str) -> str | None:
    weights: Counter[str] = Counter()
    for member in members:
        weights[getattr(member, attribute)] += member.population
    return weights.most_common(1)[0][0] if weights else None
