"""The authorities that have not submitted, filterable by place, type, stratum and status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from barometre.participation.rates import STATUS_LABELS
from barometre.referentiel import Unit, stratum_label, stratum_of

OPEN_STATUSES = ("not_invited", "invited", "started")


@dataclass(frozen=True, slots=True)
class Filters:
    """Empty strings mean « any »; ``statuses`` empty means every status but submitted."""

    region: str = ""
    departement: str = ""
    type: str = ""
    stratum: str = ""
    statuses: tuple[str, ...] = ()

    def accepts(self, unit: Unit, status: str) -> bool:
        wanted = self.statuses or OPEN_STATUSES
        return (
            status in wanted
            and status != "submitted"
            and (not self.region or unit.region == self.region)
            and (not self.departement or unit.departement == self.departement)
            and (not self.type or unit.type == self.type)
            and (not self.stratum or stratum_of(unit) == self.stratum)
        )


@dataclass(frozen=True, slots=True)
class NonRespondent:
    unit: Unit
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def stratum_label(self) -> str:
        return stratum_label(self.unit.type, stratum_of(self.unit))


def non_respondents(
    units: Iterable[Unit], statuses: Mapping[str, str], filters: Filters
) -> list[NonRespondent]:
    """Units in scope whose status passes the filters, by région, département, type and name."""
    rows = [
        NonRespondent(unit, statuses.get(unit.id, "not_invited"))
        for unit in units
        if filters.accepts(unit, statuses.get(unit.id, "not_invited"))
    ]
    rows.sort(
        key=lambda r: (r.unit.region or "", r.unit.departement or "", r.unit.type, r.unit.name)
    )
    return rows
