"""Signed opt-out links: no login needed, nothing guessable, one click to stop reminders."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction

from barometre.audit.log import record
from barometre.participation.models import OptOut

SALT = "barometre.participation.opt-out"


class BadOptOutTokenError(ValueError):
    """A tampered, truncated or foreign opt-out token."""


def opt_out_token(user: User) -> str:
    return signing.dumps(user.pk, salt=SALT, compress=True)


def user_of_token(token: str) -> User:
    try:
        user_pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise BadOptOutTokenError(
            "Ce lien de désinscription n'est pas valide : recopiez-le en entier depuis le message."
        ) from None
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        raise BadOptOutTokenError("Ce lien de désinscription ne correspond à aucune personne.")
    return user


def opt_out(user: User) -> OptOut:
    """Stop every reminder to this person (idempotent, audited)."""
    with transaction.atomic():
        row, created = OptOut.objects.get_or_create(user=user)
        if created:
            record("reminder_opt_out", row, user)
    return row


def has_opted_out(user: User) -> bool:
    return OptOut.objects.filter(user=user).exists()
