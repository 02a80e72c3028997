"""The theme page's filters: a GET form that works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from barometre.www.dashboard.figures import DIMENSIONS

UNKNOWN = "Valeur inconnue : choisissez une valeur de la liste."
ANY = ("", "Sans filtre")


class FilterForm(forms.Form):
    """Filters pick groups to compare with the whole; « ventiler par » picks the breakdown."""

    ventilation = forms.ChoiceField(
        label="Ventiler par",
        required=False,
        choices=list(DIMENSIONS.items()),
        error_messages={"invalid_choice": UNKNOWN},
    )

    def __init__(
        self,
        data: Any,
        choices: dict[str, list[str]],  # domain → its levels, in display order
        name: Callable[[str, str], str],
    ) -> None:
        super().__init__(data)
        for domain, label in DIMENSIONS.items():
            options = [(level, name(domain, level)) for level in choices[domain]]
            self.fields[domain] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[ANY, *options],
                error_messages={"invalid_choice": UNKNOWN},
            )
        self.order_fields([*DIMENSIONS, "ventilation"])

    def selected(self) -> list[tuple[str, str]]:
        """The chosen groups, as (domain, level), in the form's order."""
        return [(d, self.cleaned_data[d]) for d in DIMENSIONS if self.cleaned_data.get(d)]

    def breakdown(self) -> str:
        return self.cleaned_data.get("ventilation") or "region"


def renamed(data: Any) -> dict[str, str]:
    """The query string with ``niveau`` (the maps' parameter before it was named like the theme
    page's) read as ``ventilation``, so that links kept from before still open the same map."""
    given = {key: data[key] for key in data}
    if "niveau" in given:
        given.setdefault("ventilation", given.pop("niveau"))
    return given
