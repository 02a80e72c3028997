"""Password guessing on the staff login is slowed down: a few failures per account, then a pause."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Final

from django.utils import timezone

from barometre.audit.log import record
from barometre.audit.models import AuditEvent

MAX_FAILURES: Final = 5
WINDOW: Final = dt.timedelta(minutes=15)
FAILED: Final = "staff_login_failed"


def _account_key(username: str) -> str:
    """The audit log keeps a hash of the typed identifier, never the identifier itself."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def record_failure(username: str) -> None:
    record(FAILED, None, None, account=_account_key(username))


def is_locked(username: str) -> bool:
    """Whether this identifier failed too often lately (whatever the password tried now)."""
    since = timezone.now() - WINDOW
    failures = AuditEvent.objects.filter(
        action=FAILED, at__gte=since, detail__account=_account_key(username)
    )
    return failures.count() >= MAX_FAILURES
