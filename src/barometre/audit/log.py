"""The one function that writes the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from barometre.audit.models import AuditEvent


def record(
    action: str,
    target: models.Model | None = None,
    actor: User | AnonymousUser | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event; call it inside the transaction of the change it describes."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if isinstance(actor, User) else None,
        object_type=target._meta.label_lower if target is not None else "",  # noqa: SLF001 - Django's public _meta API
        object_id=str(target.pk) if target is not None else "",
        detail=detail,
    )
