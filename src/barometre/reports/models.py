"""The e-mail telling an authority's respondents that their report is ready: one row each."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from barometre.campaigns.models import Wave
from barometre.collection.models import Respondent


class NoticeOutcome(models.TextChoices):
    #: Written just before the message goes to the mail server, made SENT (or FAILED) after: a
    #: row left in this state was interrupted mid-sending and is never sent again.
    SENDING = "sending", "envoi interrompu"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec d'envoi, à réessayer"
    SKIPPED = "skipped", "non envoyé"


class ReportNotice(models.Model):
    """One respondent told (or not, and why) that the report of a published wave is ready.

    One row per wave and respondent, whatever the number of jobs or attempts: nobody is told
    twice.
    """

    wave = models.ForeignKey(
        Wave, verbose_name="vague", on_delete=models.CASCADE, related_name="report_notices"
    )
    respondent = models.ForeignKey(
        Respondent,
        verbose_name="répondant",
        on_delete=models.CASCADE,
        related_name="report_notices",
    )
    authority_id = models.CharField("collectivité", max_length=32, db_index=True)
    outcome = models.CharField("résultat", max_length=8, choices=NoticeOutcome.choices)
    reason = models.CharField("motif", max_length=200, blank=True)
    at = models.DateTimeField("le", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "courriel de restitution"
        verbose_name_plural = "courriels de restitution"
        ordering = ("-at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("wave", "respondent"), name="one_notice_per_wave"),
            models.CheckConstraint(
                condition=Q(outcome__in=NoticeOutcome.values), name="notice_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome="sent") | ~Q(reason=""), name="notice_not_sent_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"restitution {self.get_outcome_display()} à {self.respondent}"
