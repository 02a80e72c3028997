"""Result sets: frozen once built; a rebuild is a new revision, never an overwrite."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from barometre.campaigns.models import Wave


class Kind(models.TextChoices):
    PROVISIONAL = "provisional", "provisoire"
    FINAL = "final", "définitif"


class Weighting(models.TextChoices):
    RAW = "brut", "brut"
    WEIGHTED = "pondere", "pondéré"


class Suppression(models.TextChoices):
    NONE = "", "publiée"
    PRIMARY = "primary", "secret primaire (base trop petite)"
    SECONDARY = "secondary", "secret secondaire (protège une cellule masquée)"


class FrozenModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Un jeu de résultats est figé : reconstruisez-en une révision.")
        super().save(*args, **kwargs)


class ResultSet(FrozenModel):
    """Every estimate of one wave at one moment, with where it came from."""

    wave = models.ForeignKey(
        Wave, verbose_name="vague", on_delete=models.PROTECT, related_name="result_sets"
    )
    kind = models.CharField("nature", max_length=16, choices=Kind.choices)
    revision = models.PositiveIntegerField("révision")
    supersedes = models.ForeignKey(
        "self",
        verbose_name="remplace",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    built_at = models.DateTimeField("construit le", auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responses = models.PositiveIntegerField("réponses soumises")
    provenance = models.JSONField("provenance", default=dict)
    weighting = models.JSONField("rapport de pondération", default=dict)
    indicators = models.JSONField("indicateurs", default=dict)

    class Meta:
        verbose_name = "jeu de résultats"
        verbose_name_plural = "jeux de résultats"
        ordering = ("wave", "-revision")
        constraints = [
            models.UniqueConstraint(fields=("wave", "revision"), name="one_result_revision"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="result_kind_known"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="result_revision_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.wave} — résultats {self.get_kind_display()} r{self.revision}"


class ResultEstimate(FrozenModel):
    """One figure: an indicator in one domain level, raw or weighted, and its disclosure."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="estimates")
    questionnaire_key = models.SlugField(max_length=64)
    indicator_id = models.CharField(max_length=128)
    domain = models.CharField(max_length=16)
    level = models.CharField(max_length=64, blank=True)
    weighting = models.CharField(max_length=8, choices=Weighting.choices)
    value = models.FloatField(null=True)
    se = models.FloatField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    n = models.PositiveIntegerField()
    suppressed = models.CharField(max_length=16, choices=Suppression.choices, blank=True)

    class Meta:
        verbose_name = "estimation"
        constraints = [
            models.UniqueConstraint(
                fields=(
                    "result_set",
                    "questionnaire_key",
                    "indicator_id",
                    "domain",
                    "level",
                    "weighting",
                ),
                name="one_estimate_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(weighting__in=Weighting.values), name="estimate_weighting_known"
            ),
            models.CheckConstraint(
                condition=Q(suppressed__in=Suppression.values), name="estimate_suppression_known"
            ),
        ]
        indexes = [models.Index(fields=("result_set", "indicator_id"))]

    def __str__(self) -> str:
        level = f"={self.level}" if self.level else ""
        return f"{self.indicator_id} [{self.domain}{level}, {self.weighting}]"

    @property
    def publishable(self) -> bool:
        return not self.suppressed


class ResultAnswers(FrozenModel):
    """The per-authority answer table one questionnaire's estimates were computed from.

    Stored with its result set, in the same transaction, as Parquet bytes and their SHA-256:
    an answer corrected after the build changes neither the estimates nor the open data read
    from this table. A database row (not a file) so that it is in every backup and restore.
    """

    result_set = models.ForeignKey(
        ResultSet, on_delete=models.CASCADE, related_name="answer_tables"
    )
    questionnaire_key = models.SlugField("questionnaire", max_length=64)
    versions = models.JSONField(
        "versions répondues", help_text="empreinte et nombre de réponses, de la plus ancienne"
    )
    rows = models.PositiveIntegerField("réponses")
    table = models.BinaryField("table des réponses (Parquet)")
    sha256 = models.CharField("empreinte SHA-256 de la table", max_length=64)

    class Meta:
        verbose_name = "table des réponses figée"
        verbose_name_plural = "tables des réponses figées"
        ordering = ("result_set", "questionnaire_key")
        constraints = [
            models.UniqueConstraint(
                fields=("result_set", "questionnaire_key"),
                name="one_answer_table_per_questionnaire",
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="answer_table_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result_set} — réponses « {self.questionnaire_key} »"
