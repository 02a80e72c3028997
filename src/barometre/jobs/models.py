"""One row per job an operator started: its kind, its progress and how it ended.

The queue itself is django-tasks' database backend (one task per attempt); this row is what the
staff pages show and what survives the attempts: progress, retries, the summary, the error.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from barometre.campaigns.models import Wave


class JobState(models.TextChoices):
    QUEUED = "queued", "en attente"
    RUNNING = "running", "en cours"
    RETRY = "retry", "nouvel essai prévu"
    DONE = "done", "terminée"
    FAILED = "failed", "échouée"


FINISHED = (JobState.DONE, JobState.FAILED)


class JobKind(models.TextChoices):
    REMINDERS = "reminders", "Envoi de relances"
    RESULTS = "results", "Calcul des résultats"
    INVITATIONS = "invitations", "Envoi des invitations"
    REPORTS = "reports", "Construction des restitutions"
    REPORT_NOTICES = "report_notices", "Courriels de restitution"


class Job(models.Model):
    kind = models.CharField("nature", max_length=32, choices=JobKind.choices)
    title = models.CharField("intitulé", max_length=200)
    wave = models.ForeignKey(
        Wave,
        verbose_name="vague",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    params = models.JSONField("paramètres", default=dict, blank=True)
    state = models.CharField(
        "état", max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField("traités", default=0)
    total = models.PositiveIntegerField("à traiter", default=0)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    summary = models.CharField("bilan", max_length=500, blank=True)
    error = models.CharField("erreur", max_length=500, blank=True)
    task_id = models.CharField("tâche de la file", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lancée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("lancée le", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    next_try_at = models.DateTimeField("prochain essai", null=True, blank=True)
    finished_at = models.DateTimeField("finie le", null=True, blank=True)

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="job_done_le_total"
            ),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(error=""), name="failed_job_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def interrupted(self) -> bool:
        """Running, but no sign of life for a while: its worker was stopped or killed."""
        if self.state != JobState.RUNNING:
            return False
        seen = self.heartbeat_at or self.started_at or self.created_at
        stale = dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
        return timezone.now() - seen > stale

    @property
    def can_retry(self) -> bool:
        return self.state == JobState.FAILED or self.interrupted

    @property
    def state_label(self) -> str:
        return "interrompue" if self.interrupted else self.get_state_display()
