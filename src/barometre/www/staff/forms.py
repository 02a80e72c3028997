"""Filter forms for the staff pages (GET, no JavaScript): choices come from the frame."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms

from barometre.participation.attrition import KINDS as ATTRITION
from barometre.participation.attrition import MISSING as ATTRITION_MISSING
from barometre.participation.nonrespondents import Filters
from barometre.participation.rates import STATUS_LABELS
from barometre.referentiel import UNIT_TYPES, Unit, load_frame
from barometre.referentiel.strata import strata_codes, stratum_label
from barometre.referentiel.units import TYPE_LABELS

ANY = ("", "Toutes")


def _units(unit_type: str, visible: frozenset[str] | None) -> list[Unit]:
    units = load_frame().of_type(unit_type)  # type: ignore[arg-type]
    return sorted(
        (unit for unit in units if visible is None or unit.id in visible), key=lambda u: u.code
    )


def _regions_of(visible: frozenset[str] | None) -> list[Unit]:
    """The régions with at least one authority in scope (a relay's département has one)."""
    regions = _units("region", None)
    if visible is None:
        return regions
    frame = load_frame()
    wanted = {frame.get(authority).region for authority in visible}
    return [unit for unit in regions if unit.code in wanted]


def _strata() -> list[tuple[str, str]]:
    return [
        (code, f"{TYPE_LABELS[unit_type]} — {stratum_label(unit_type, code)}")
        for unit_type in UNIT_TYPES
        for code in strata_codes(unit_type)
    ]


class FilterForm(forms.Form):
    region = forms.ChoiceField(label="Région", required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    type = forms.ChoiceField(label="Type de collectivité", required=False)
    stratum = forms.ChoiceField(label="Strate", required=False)
    status = forms.ChoiceField(label="État", required=False)

    status_choices: tuple[str, ...] = ("not_invited", "invited", "started")

    def __init__(self, *args: Any, visible: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["region"].choices = [ANY] + [  # type: ignore[attr-defined]
            (u.code, u.name) for u in _units("region", visible)
        ]
        fields["departement"].choices = [("", "Tous")] + [  # type: ignore[attr-defined]
            (u.code, f"{u.code} — {u.name}") for u in _units("departement", visible)
        ]
        fields["type"].choices = [("", "Tous")] + [  # type: ignore[attr-defined]
            (t, TYPE_LABELS[t]) for t in UNIT_TYPES
        ]
        fields["stratum"].choices = [ANY, *_strata()]  # type: ignore[attr-defined]
        fields["status"].choices = [("", "Tous (sauf soumis)")] + [  # type: ignore[attr-defined]
            (s, STATUS_LABELS[s]) for s in self.status_choices
        ]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status", "")
        return Filters(
            region=data.get("region", ""),
            departement=data.get("departement", ""),
            type=data.get("type", ""),
            stratum=data.get("stratum", ""),
            statuses=(status,) if status else (),
        )


class ReminderForm(FilterForm):
    """The reminders' filters, plus attrition: those that answered before but not this time."""

    status_choices = ("invited", "started")
    attrition = forms.ChoiceField(label="Réponse antérieure", required=False)

    def __init__(self, *args: Any, available: dict[str, bool] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = available or {}
        self.fields["attrition"].choices = [  # type: ignore[attr-defined]
            ("", "Toutes"),
            *((kind, label.capitalize()) for kind, label in ATTRITION.items()),
        ]

    def clean_attrition(self) -> str:
        kind: str = self.cleaned_data.get("attrition", "")
        if kind and not self.available.get(kind):
            raise forms.ValidationError(ATTRITION_MISSING[kind])
        return kind

    def filters(self) -> Filters:
        chosen = super().filters()
        data = self.cleaned_data if self.is_valid() else {}
        return replace(chosen, attrition=data.get("attrition", ""))


class ParticipationForm(forms.Form):
    """The participation page's filters: a région (within the staff member's scope), a type."""

    region = forms.ChoiceField(label="Région", required=False)
    type = forms.ChoiceField(label="Type de collectivité", required=False)

    def __init__(self, *args: Any, visible: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [ANY] + [  # type: ignore[attr-defined]
            (u.code, u.name) for u in _regions_of(visible)
        ]
        self.fields["type"].choices = [("", "Tous")] + [  # type: ignore[attr-defined]
            (t, TYPE_LABELS[t]) for t in UNIT_TYPES
        ]

    def chosen(self) -> tuple[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("region", ""), data.get("type", "")
