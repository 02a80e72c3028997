"""Opt-outs from reminders and the log of every reminder sent or skipped."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from barometre.campaigns.models import Wave
from barometre.collection.models import Respondent


class OptOut(models.Model):
    """A person who asked never to be reminded again (for any authority)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="reminder_opt_out",
    )
    at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "désinscription des relances"
        verbose_name_plural = "désinscriptions des relances"

    def __str__(self) -> str:
        return f"{self.user.get_username()} ne veut plus de relances"


class ReminderOutcome(models.TextChoices):
    SENT = "sent", "envoyée"
    SKIPPED = "skipped", "non envoyée"
    #: Written just before the message goes to the mail server, made SENT (or SKIPPED) after:
    #: a row left in this state was interrupted mid-sending and is never sent again.
    SENDING = "sending", "envoi interrompu"


class ReminderLog(models.Model):
    """One row per reminder considered: sent, or skipped with the reason."""

    wave = models.ForeignKey(
        Wave, verbose_name="vague", on_delete=models.CASCADE, related_name="reminders"
    )
    respondent = models.ForeignKey(
        Respondent, verbose_name="répondant", on_delete=models.CASCADE, related_name="reminders"
    )
    authority_id = models.CharField("collectivité", max_length=32, db_index=True)
    outcome = models.CharField("résultat", max_length=8, choices=ReminderOutcome.choices)
    reason = models.CharField("motif", max_length=200, blank=True)
    batch = models.CharField("lot", max_length=32, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "relance"
        ordering = ("-at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReminderOutcome.values), name="reminder_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome="sent") | ~Q(reason=""), name="skipped_reminder_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"relance {self.get_outcome_display()} à {self.respondent} ({self.at:%Y-%m-%d})"


class InvitationOutcome(models.TextChoices):
    #: Written before the message goes to the mail server, settled after: a row left in this
    #: state was interrupted mid-sending (perhaps received) and is never sent again.
    SENDING = "sending", "envoi interrompu"
    SENT = "sent", "envoyée"
    FAILED = "failed", "échec d'envoi"


class Invitation(models.Model):
    """One wave's invitation to one respondent: one row at most, so never sent twice."""

    wave = models.ForeignKey(
        Wave, verbose_name="vague", on_delete=models.CASCADE, related_name="invitations"
    )
    respondent = models.ForeignKey(
        Respondent,
        verbose_name="répondant",
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    outcome = models.CharField("résultat", max_length=8, choices=InvitationOutcome.choices)
    error = models.CharField("erreur", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("le", auto_now=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ("wave", "respondent")
        constraints = [
            models.UniqueConstraint(fields=("wave", "respondent"), name="one_invitation_per_wave"),
            models.CheckConstraint(
                condition=Q(outcome__in=InvitationOutcome.values), name="invitation_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.get_outcome_display()} à {self.respondent} ({self.wave})"
