"""Questionnaire drafts and their test answers. Every write goes through authoring.flows.

A draft is a file (YAML or XLSForm) on its way to becoming a questionnaire version: it keeps
the file as received and its compile report; when it compiles, the YAML of the compiled
questionnaire. Publishing it registers an immutable ``campaigns.QuestionnaireVersion``; the
draft then stays, read-only, as the record of what was published and when.

Test answers (``TrialResponse``) live here and nowhere else: statistics, participation and
exports read ``collection`` only, and an import-linter contract keeps them from reading this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from barometre.campaigns.models import QuestionnaireVersion
from barometre.questionnaire import Questionnaire, compile_yaml

# Compiled drafts by the hash of their content (a draft's content only changes with its hash).
_COMPILED: dict[str, Questionnaire] = {}
AUTHORITY_ID_LENGTH = 32


class DraftFormat(models.TextChoices):
    YAML = "yaml", "YAML"
    XLSFORM = "xlsform", "XLSForm"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    PUBLISHED = "published", "publié"


class QuestionnaireDraft(models.Model):
    title = models.CharField("titre", max_length=200)
    questionnaire_key = models.CharField("questionnaire", max_length=64, blank=True)
    file_name = models.CharField("fichier", max_length=200)
    file_format = models.CharField("format", max_length=8, choices=DraftFormat.choices)
    file_content = models.BinaryField("fichier reçu")
    source = models.TextField("source YAML compilée", blank=True)
    version_hash = models.CharField("empreinte", max_length=64, blank=True)
    errors = models.JSONField("erreurs", default=list)
    warnings = models.JSONField("avertissements", default=list)
    revision = models.PositiveIntegerField("révision", default=1)
    based_on = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name="partait de la version",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "état", max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name="version publiée",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "brouillon de questionnaire"
        verbose_name_plural = "brouillons de questionnaires"
        ordering = ("-updated_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DraftStatus.values), name="draft_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=DraftStatus.DRAFT)
                | Q(published_version__isnull=False, published_at__isnull=False),
                name="published_draft_names_its_version",
            ),
            models.CheckConstraint(
                condition=Q(source="") | Q(errors=[]), name="draft_compiles_or_has_errors"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (brouillon {self.pk})"

    @property
    def compiles(self) -> bool:
        return bool(self.source) and not self.errors

    @property
    def read_only(self) -> bool:
        return self.status == DraftStatus.PUBLISHED

    @property
    def questionnaire(self) -> Questionnaire | None:
        """The compiled questionnaire, or ``None`` when the file does not compile."""
        if not self.compiles:
            return None
        compiled = _COMPILED.get(self.version_hash)
        if compiled is None:
            result = compile_yaml(self.source, origin=self.file_name)
            if result.questionnaire is None:  # pragma: no cover - compiled when stored
                raise ValueError("; ".join(str(issue) for issue in result.errors))
            compiled = _COMPILED.setdefault(self.version_hash, result.questionnaire)
        return compiled


class TrialOrigin(models.TextChoices):
    PREVIEW = "preview", "saisie dans l'aperçu"
    SYNTHETIC = "synthetic", "répondant synthétique"


class TrialResponse(models.Model):
    """One test answer set of a draft: entered in the preview, or drawn by ``synth``."""

    draft = models.ForeignKey(
        QuestionnaireDraft, on_delete=models.CASCADE, related_name="test_responses"
    )
    revision = models.PositiveIntegerField("révision du brouillon")
    origin = models.CharField("origine", max_length=16, choices=TrialOrigin.choices)
    authority_id = models.CharField(
        "collectivité tirée", max_length=AUTHORITY_ID_LENGTH, blank=True
    )
    values = models.JSONField("réponses", default=dict)
    pages = models.JSONField("écrans parcourus", default=list)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "réponse de test"
        verbose_name_plural = "réponses de test"
        ordering = ("draft", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(origin__in=TrialOrigin.values), name="test_origin_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Réponse de test {self.pk} ({self.get_origin_display()})"
