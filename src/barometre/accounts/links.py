"""One-time login links for staff: Django's token generator, spent by the login it opens.

The token covers the user's last login time, so logging in invalidates it (single use), and it
expires after ``PASSWORD_RESET_TIMEOUT``. Only users with an active staff profile can use one.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from barometre.accounts.models import StaffProfile


def staff_link_parts(user: AbstractBaseUser) -> tuple[str, str]:
    """The (user id, token) pair of a one-time staff login URL."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def staff_user_for(uidb64: str, token: str) -> AbstractBaseUser | None:
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
