"""One-time login links for staff: Django's token generator, spent by the login it opens.

The token covers the user's last login time, so logging in invalidates it (single use), and it
expires after ``PASSWORD_RESET_TIMEOUT``. Only users with an active staff profile can use one.
Its first opening is written to the audit log (the token's SHA-256, never the token): a link
opened but not used expires ``SEEN_LIFETIME`` later, since its URL may sit in a proxy's log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Final

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from barometre.accounts.models import StaffProfile
from barometre.audit.log import record
from barometre.audit.models import AuditEvent

SEEN_LIFETIME: Final = dt.timedelta(hours=24)
OPENED: Final = "staff_link_opened"


def staff_link_parts(user: User) -> tuple[str, str]:
    """The (user id, token) pair of a one-time staff login URL."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def staff_user_for(uidb64: str, token: str) -> User | None:
    """The staff user a link logs in, or None if it is forged, spent, expired or not staff."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = get_user_model().objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    if not StaffProfile.objects.filter(user=user, active=True).exists():
        return None
    return user


def _first_opening(user: User, token: str) -> AuditEvent | None:
    fingerprint = hashlib.sha256(token.encode()).hexdigest()
    events = AuditEvent.objects.filter(
        action=OPENED, object_id=str(user.pk), detail__lien=fingerprint
    )
    return events.order_by("at").first()


def staff_link_user(uidb64: str, token: str, *, opening: bool = False) -> User | None:
    """:func:`staff_user_for`, and None too once the link was first opened over a day ago.

    ``opening`` (a GET of the link) writes its first opening to the audit log.
    """
    user = staff_user_for(uidb64, token)
    if user is None:
        return None
    first = _first_opening(user, token)
    if first is None:
        if opening:
            record(OPENED, user, None, lien=hashlib.sha256(token.encode()).hexdigest())
        return user
    return user if timezone.now() - first.at <= SEEN_LIFETIME else None
