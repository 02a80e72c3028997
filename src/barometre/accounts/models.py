"""A staff member's role and, for a relay, the territories it may see and remind."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from barometre.accounts.territory import TerritoryError, parse_territories


class StaffRole(models.TextChoices):
    OPERATOR = "operator", "opérateur"
    RELAY = "relay", "relais territorial"
    ANALYST = "analyst", "analyste (lecture seule)"


class StaffProfile(models.Model):
    """Deny by default: a user without an active profile sees no staff page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    role = models.CharField("rôle", max_length=16, choices=StaffRole.choices)
    organisation = models.CharField(
        "organisme", max_length=200, blank=True, help_text="par exemple l'OPSN ou le département"
    )
    territories = models.TextField(
        "territoires",
        blank=True,
        help_text=(
            "Pour un relais : identifiants séparés par des virgules "
            "(region:84, departement:42, epci:244200770 ou leurs codes)."
        ),
    )
    active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "profil de l'équipe"
        verbose_name_plural = "profils de l'équipe"
        constraints = [
            models.CheckConstraint(condition=Q(role__in=StaffRole.values), name="staff_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"

    @property
    def territory_ids(self) -> tuple[str, ...]:
        return tuple(part for part in self.territories.split(",") if part)

    def clean(self) -> None:
        try:
            ids = parse_territories(self.territories)
        except TerritoryError as error:
            raise ValidationError({"territories": str(error)}) from None
        if self.role == StaffRole.RELAY and not ids:
            raise ValidationError({"territories": "Un relais doit avoir au moins un territoire."})
        self.territories = ",".join(ids)
