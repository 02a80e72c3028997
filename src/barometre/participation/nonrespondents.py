"""The authorities that have not submitted, filterable by place, type, stratum and status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from barometre.participation.rates import STATUS_LABELS
from barometre.referentiel import Unit, stratum_label, stratum_of

OPEN_STATUSES = ("not_invited", "invited", "started")


@dataclass(frozen=True, slots=True)
class Filters:
    """Empty strings mean « any »; ``statuses`` empty means every status but submitted.

    ``attrition`` (``"vague"`` or ``"edition"``: answered the previous wave or edition) is
    applied by the reminders' plan and ranking, which read the earlier answers; ``accepts``
    does not see it.
    """

    region: str = ""
    departement: str = ""
    type: str = ""
    stratum: str = ""
    statuses: tuple[str, ...] = ()
    attrition: str = ""

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


def listing_order(unit: Unit) -> tuple[str, str, str, str]:
    """By région, département, type and name: the order of the list."""
    return (unit.region or "", unit.departement or "", unit.type, unit.name)


def non_respondents(
    units: Sequence[Unit],
    statuses: Mapping[str, str],
    filters: Filters,
    ids: Sequence[str] | None = None,
) -> list[NonRespondent]:
    """Units in scope (in the order given) whose status passes the filters.

    ``ids`` (the units' ids, same order) saves rebuilding them when the caller keeps them.
    """
    rows = []
    for unit, unit_id in zip(units, ids or [u.id for u in units], strict=True):
        status = statuses.get(unit_id, "not_invited")
        if filters.accepts(unit, status):
            rows.append(NonRespondent(unit, status))
    return rows
