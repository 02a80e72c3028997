"""Campaigns, waves, questionnaire versions. Every write goes through campaigns.flows."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q

from barometre.questionnaire import Questionnaire, compile_yaml

# Compiled questionnaires by version hash. A version never changes, so this cache never goes
# stale; it holds one entry per version served by this process (a few dozen at most).
_COMPILED: dict[str, Questionnaire] = {}


class QuestionnaireVersion(models.Model):
    """One exact version of a questionnaire, addressed by the hash of its compiled content.

    A version never changes: correcting a questionnaire registers a new version, and every
    response keeps pointing at the version it was answered on.
    """

    questionnaire_key = models.SlugField("questionnaire", max_length=64)
    version_hash = models.CharField("empreinte de version", max_length=64)
    version_label = models.CharField("version déclarée", max_length=32, blank=True)
    title = models.CharField("titre", max_length=200)
    source = models.TextField("source YAML")
    origin = models.CharField("origine", max_length=200, blank=True)
    registered_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "version de questionnaire"
        verbose_name_plural = "versions de questionnaires"
        ordering = ("questionnaire_key", "-registered_at")
        constraints = [
            models.UniqueConstraint(
                fields=("questionnaire_key", "version_hash"), name="one_row_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.questionnaire_key} {self.version_hash[:8]})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(
                "Une version de questionnaire ne se modifie pas : enregistrez-en une nouvelle."
            )
        super().save(*args, **kwargs)

    @property
    def questionnaire(self) -> Questionnaire:
        """The compiled questionnaire: compiled once per process, then shared by every request."""
        compiled = _COMPILED.get(self.version_hash)
        if compiled is None:
            result = compile_yaml(self.source, origin=self.origin or self.questionnaire_key)
            if result.questionnaire is None:  # pragma: no cover - checked when registered
                raise ValueError("; ".join(str(issue) for issue in result.errors))
            compiled = _COMPILED.setdefault(self.version_hash, result.questionnaire)
        return compiled


class Campaign(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)
    slug = models.SlugField("identifiant", max_length=64, unique=True)
    year = models.PositiveSmallIntegerField("année")
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "campagne"
        ordering = ("-year", "name")

    def __str__(self) -> str:
        return self.name


class WaveStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    OPEN = "open", "ouverte"
    CLOSED = "closed", "close"
    PUBLISHED = "published", "publiée"


class Wave(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.PROTECT, related_name="waves"
    )
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("titre", max_length=200)
    opens_on = models.DateField("ouverture prévue")
    closes_on = models.DateField("clôture prévue")
    status = models.CharField(
        "état", max_length=16, choices=WaveStatus.choices, default=WaveStatus.DRAFT
    )

    class Meta:
        verbose_name = "vague"
        ordering = ("campaign", "number")
        constraints = [
            models.UniqueConstraint(fields=("campaign", "number"), name="one_wave_number"),
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("opens_on")), name="wave_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(status__in=WaveStatus.values), name="wave_status_known"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="wave_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — vague {self.number} ({self.get_status_display()})"

    @property
    def subtitle(self) -> str:
        """The title when it says more than « Vague 3 », else empty (no « vague 3 — Vague 3 »)."""
        plain = {f"vague {self.number}", f"vague n° {self.number}", f"vague n°{self.number}"}
        title = self.title.strip()
        return "" if title.casefold() in plain else title

    @property
    def label(self) -> str:
        """« Baromètre 2026, vague 3 », with the title only when it says more than the number."""
        name = f"{self.campaign.name}, vague {self.number}"
        return f"{name} : {self.subtitle}" if self.subtitle else name


class WaveQuestionnaire(models.Model):
    """The version of one questionnaire that a wave currently serves to new responses."""

    wave = models.ForeignKey(
        Wave, verbose_name="vague", on_delete=models.CASCADE, related_name="questionnaires"
    )
    questionnaire_key = models.SlugField("questionnaire", max_length=64)
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name="version", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "questionnaire de la vague"
        verbose_name_plural = "questionnaires de la vague"
        ordering = ("wave", "position", "questionnaire_key")
        constraints = [
            models.UniqueConstraint(
                fields=("wave", "questionnaire_key"), name="one_questionnaire_per_wave"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} : {self.version}"


class WaveTransition(models.Model):
    """The log of a wave's lifecycle: one row per change of state, never edited."""

    wave = models.ForeignKey(
        Wave, verbose_name="vague", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("de", max_length=16, choices=WaveStatus.choices)
    to_status = models.CharField("vers", max_length=16, choices=WaveStatus.choices)
    at = models.DateTimeField("le", auto_now_add=True)
    by = models.ForeignKey(
        "auth.User", verbose_name="par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("motif", max_length=500, blank=True)

    class Meta:
        verbose_name = "changement d'état"
        verbose_name_plural = "changements d'état"
        ordering = ("wave", "at", "id")

    def __str__(self) -> str:
        return f"{self.wave}: {self.from_status} → {self.to_status}"


class RecodeMap(models.Model):
    """How the answers to one version read in the terms of a later version of the same
    questionnaire, as an operator confirmed it: ``mapping`` is question → previous choice →
    new choices (``questionnaire.recode``). Never edited: confirming again adds a row, and the
    newest row of a pair is the one the statistics use."""

    questionnaire_key = models.SlugField("questionnaire", max_length=64)
    previous = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name="version de l'édition précédente",
        on_delete=models.PROTECT,
        related_name="+",
    )
    current = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name="nouvelle version",
        on_delete=models.PROTECT,
        related_name="+",
    )
    mapping = models.JSONField("table de recodage", default=dict)
    note = models.CharField("commentaire", max_length=500, blank=True)
    confirmed_at = models.DateTimeField("confirmée le", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "auth.User", verbose_name="par", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "table de recodage"
        verbose_name_plural = "tables de recodage"
        ordering = ("questionnaire_key", "-confirmed_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=~Q(previous=F("current")), name="recode_between_two_versions"
            ),
        ]

    def __str__(self) -> str:
        return f"Recodage {self.questionnaire_key} ({self.previous_id} → {self.current_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(
                "Une table de recodage confirmée ne se modifie pas : confirmez-en une nouvelle."
            )
        super().save(*args, **kwargs)

    @property
    def recoded(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """The map as ``questionnaire.recode`` reads it (targets as tuples)."""
        return {
            question: {old: tuple(new) for old, new in choices.items()}
            for question, choices in self.mapping.items()
        }
