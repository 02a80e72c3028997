"""Forms of the draft pages: the file, the version to start from, synthetic answers."""

from __future__ import annotations

from typing import Any

from django import forms

from barometre.authoring.editions import latest_versions
from barometre.authoring.trials import MAX_GENERATED
from barometre.authoring.upload import READ_LIMIT

FILE_ERRORS = {
    "required": "Choisissez un fichier.",
    "empty": "Le fichier est vide.",
    "invalid": "Ce fichier n'a pas pu être lu.",
}


class DraftFileForm(forms.Form):
    file = forms.FileField(
        label="Fichier du questionnaire (YAML ou XLSForm)", error_messages=FILE_ERRORS
    )

    def content(self) -> tuple[str, bytes]:
        """The file's name and at most one byte past the largest accepted size."""
        upload = self.cleaned_data["file"]
        return upload.name or "", upload.read(READ_LIMIT)


class FromVersionForm(forms.Form):
    version = forms.TypedChoiceField(
        label="Questionnaire de l'édition précédente",
        coerce=int,
        error_messages={
            "required": "Choisissez un questionnaire.",
            "invalid_choice": "Ce questionnaire n'est servi par aucune édition.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.served = {item.version.pk: item for item in latest_versions()}
        field = self.fields["version"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared just above
        field.choices = [("", "Choisir")] + [(pk, item.label) for pk, item in self.served.items()]


class GenerateForm(forms.Form):
    count = forms.IntegerField(
        label="Nombre de répondants synthétiques",
        min_value=1,
        max_value=MAX_GENERATED,
        initial=50,
        error_messages={
            "required": "Indiquez un nombre.",
            "invalid": "Indiquez un nombre entier.",
            "min_value": "Au moins 1.",
            "max_value": f"Au plus {MAX_GENERATED} à la fois.",
        },
    )
    seed = forms.IntegerField(
        label="Graine du tirage",
        help_text="La même graine redonne les mêmes répondants.",
        min_value=0,
        max_value=2**31 - 1,
        initial=1,
        error_messages={
            "required": "Indiquez une graine.",
            "invalid": "Indiquez un nombre entier.",
            "min_value": "La graine est un nombre positif.",
            "max_value": "Graine trop grande.",
        },
    )
