"""Forms of the wave lifecycle pages: an edition, a wave, a change of state, a build."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from barometre.campaigns.models import Campaign, QuestionnaireVersion, WaveStatus
from barometre.results.models import Kind
from barometre.www.templatetags.french import date_fr

MAX_REASON = 500


class EditionForm(forms.Form):
    name = forms.CharField(label="Nom de l'édition", max_length=200, help_text="« Baromètre 2027 »")
    slug = forms.SlugField(
        label="Identifiant",
        max_length=64,
        help_text="Lettres minuscules, chiffres et tirets : « barometre-2027 ».",
        error_messages={"invalid": "Lettres minuscules non accentuées, chiffres et tirets."},
    )
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    description = forms.CharField(
        label="Description (facultative)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def version_label(version: QuestionnaireVersion) -> str:
    declared = f"version {version.version_label}, " if version.version_label else ""
    return (
        f"{version.title} ({version.questionnaire_key}, {declared}empreinte "
        f"{version.version_hash[:8]}, enregistrée le {date_fr(version.registered_at)})"
    )


class WaveForm(forms.Form):
    number = forms.IntegerField(label="Numéro de la vague", min_value=1, max_value=99)
    title = forms.CharField(
        label="Titre (facultatif)",
        max_length=200,
        required=False,
        help_text="Laissé vide : « Vague » et son numéro.",
    )
    opens_on = forms.DateField(
        label="Ouverture prévue", widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label="Clôture prévue", widget=forms.DateInput(attrs={"type": "date"})
    )
    versions = forms.ModelMultipleChoiceField(
        label="Questionnaires (une version de chacun)",
        queryset=QuestionnaireVersion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un questionnaire.",
            "invalid_choice": "Cette version de questionnaire n'existe pas.",
            "invalid_pk_value": "Cette version de questionnaire n'existe pas.",
        },
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        field = self.fields["versions"]
        field.queryset = QuestionnaireVersion.objects.order_by(  # type: ignore[attr-defined]
            "questionnaire_key", "-registered_at", "-pk"
        )
        field.label_from_instance = version_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on <= opens_on:
            self.add_error("closes_on", "La clôture doit venir après l'ouverture.")
        number = cleaned.get("number")
        if number and self.campaign.waves.filter(number=number).exists():
            self.add_error("number", f"Cette édition a déjà une vague n° {number}.")
        keys = [version.questionnaire_key for version in cleaned.get("versions") or ()]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            self.add_error(
                "versions",
                f"Une seule version par questionnaire : « {', '.join(twice)} » choisi deux fois.",
            )
        return cleaned

    def details(self) -> tuple[int, str, dt.date, dt.date]:
        data = self.cleaned_data
        title = data["title"].strip() or f"Vague {data['number']}"
        return data["number"], title, data["opens_on"], data["closes_on"]


class StepForm(forms.Form):
    """A change of state, confirmed: the state the operator saw, and a reason when one is due."""

    seen = forms.ChoiceField(choices=WaveStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Motif",
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required
        if reason_required:
            self.fields["reason"].label = "Motif (obligatoire, journalisé)"
            self.fields["reason"].widget.attrs["required"] = True

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason") or "").strip()
        if self.reason_required and not reason:
            raise forms.ValidationError("Indiquez le motif : il est journalisé.")
        return reason


class BuildForm(forms.Form):
    kind = forms.ChoiceField(
        label="Nature du jeu de résultats",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez provisoire ou définitif."},
    )
    reason = forms.CharField(
        label="Motif (obligatoire pour réviser des résultats publiés)",
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(forms.Form):
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
