"""Personal data past its declared retention period (settings.RETENTION): listed, then purged.

What the statistics need stays: a respondent's row (authority, role) and every response and
answer; the person behind it is anonymised (address, name, function, password gone). What only
served to reach or recognise someone goes: login links, access requests, new-link requests,
reminder, invitation and report-notice logs, expired sessions and the audit events that name a
person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from barometre.audit.log import record
from barometre.audit.models import AuditEvent
from barometre.collection.models import (
    AccessRequest,
    Answer,
    LinkRequest,
    LoginLink,
    PageSave,
    Respondent,
    Response,
)
from barometre.participation.models import Invitation, OptOut, ReminderLog
from barometre.reports.models import ReportNotice

ANONYMOUS = "anonyme-"
#: Audit events whose object, actor or detail names a person (a hashed identifier included).
PERSONAL_ACTIONS = (
    "login",
    "staff_login",
    "staff_login_failed",
    "access_link",
    "access_request",
    "access_request_approved",
    "access_request_refused",
    "proconnect_unknown",
    "reminder_opt_out",
)
PURGED = "personal_data.purged"
CHUNK = 500  # ids per statement: under SQLite's limit on bound parameters


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    period: Callable[[], int | None]  # days, or None for an expiry the row carries itself
    rows: Callable[[dt.datetime], models.QuerySet[models.Model]]  # given the cutoff
    anonymise: bool = False

    def describe(self) -> str:
        days = self.period()
        return "à leur expiration" if days is None else f"après {days} jours"


@dataclass(frozen=True)
class Line:
    rule: Rule
    count: int


@dataclass(frozen=True)
class Plan:
    at: dt.datetime
    lines: tuple[Line, ...]

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)


def _took_part() -> Q:
    person = OuterRef("pk")
    return (
        Q(Exists(Answer.objects.filter(answered_by__user=person)))
        | Q(Exists(PageSave.objects.filter(saved_by__user=person)))
        | Q(Exists(Response.objects.filter(submitted_by__user=person)))
    )


def _active_since(cutoff: dt.datetime) -> Q:
    """Anything the person did since ``cutoff``: enrolled, logged in, answered.

    What the team sent them (invitations, reminders) does not count: sending more e-mails to
    someone who never answers does not extend how long their address is kept.
    """
    person = OuterRef("pk")
    return (
        Q(date_joined__gte=cutoff)
        | Q(last_login__gte=cutoff)
        | Exists(Respondent.objects.filter(user=person, created_at__gte=cutoff))
        | Exists(Answer.objects.filter(answered_by__user=person, updated_at__gte=cutoff))
        | Exists(PageSave.objects.filter(saved_by__user=person, saved_at__gte=cutoff))
        | Exists(Response.objects.filter(submitted_by__user=person, submitted_at__gte=cutoff))
    )


def _people(cutoff: dt.datetime, *, answered: bool) -> models.QuerySet[models.Model]:
    """Respondents (never the team) not yet anonymised and inactive since ``cutoff``."""
    took_part = _took_part()
    return (
        get_user_model()
        .objects.filter(Exists(Respondent.objects.filter(user=OuterRef("pk"))))
        .filter(is_staff=False, is_superuser=False, staff_profile__isnull=True)
        .exclude(username__startswith=ANONYMOUS)
        .filter(took_part if answered else ~took_part)
        .exclude(_active_since(cutoff))
    )


def _days(name: str) -> Callable[[], int]:
    return lambda: int(getattr(settings.RETENTION, name))


#: Deletions first, so that each count says what its own rule removed; then the anonymisations.
RULES = (
    Rule(
        "login_links",
        "liens de connexion expirés ou utilisés",
        _days("login_links"),
        lambda cutoff: LoginLink.objects.filter(Q(expires_at__lt=cutoff) | Q(used_at__lt=cutoff)),
    ),
    Rule(
        "access_requests",
        "demandes d'accès décidées (ou restées sans suite)",
        _days("access_requests"),
        lambda cutoff: AccessRequest.objects.filter(
            Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True, created_at__lt=cutoff)
        ),
    ),
    Rule(
        "audit_events",
        "événements du journal d'audit qui désignent une personne (connexions, demandes)",
        _days("logs"),
        lambda cutoff: AuditEvent.objects.filter(action__in=PERSONAL_ACTIONS, at__lt=cutoff),
    ),
    Rule(
        "reminder_logs",
        "journal des relances",
        _days("logs"),
        lambda cutoff: ReminderLog.objects.filter(at__lt=cutoff),
    ),
    Rule(
        "invitation_logs",
        "journal des invitations (une erreur d'envoi peut citer l'adresse)",
        _days("logs"),
        lambda cutoff: Invitation.objects.filter(at__lt=cutoff),
    ),
    Rule(
        "report_notices",
        "journal des courriels de restitution",
        _days("logs"),
        lambda cutoff: ReportNotice.objects.filter(at__lt=cutoff),
    ),
    Rule(
        "link_requests",
        "demandes de nouveau lien (empreintes gardées pour limiter les envois)",
        _days("logs"),
        lambda cutoff: LinkRequest.objects.filter(at__lt=cutoff),
    ),
    Rule(
        "admin_log",
        "historique du back-office (il cite les personnes modifiées)",
        _days("logs"),
        lambda cutoff: LogEntry.objects.filter(action_time__lt=cutoff),
    ),
    Rule(
        "sessions",
        "sessions de connexion expirées",
        lambda: None,
        lambda cutoff: Session.objects.filter(expire_date__lt=cutoff),
    ),
    Rule(
        "contacts",
        "contacts qui n'ont jamais répondu, sans activité (adresse, nom, fonction anonymisés)",
        _days("contacts"),
        lambda cutoff: _people(cutoff, answered=False),
        anonymise=True,
    ),
    Rule(
        "respondents",
        "répondants sans activité (adresse, nom, fonction anonymisés ; leurs réponses restent)",
        _days("respondents"),
        lambda cutoff: _people(cutoff, answered=True),
        anonymise=True,
    ),
)


def _cutoff(rule: Rule, now: dt.datetime) -> dt.datetime:
    days = rule.period()
    return now if days is None else now - dt.timedelta(days=days)


def plan(now: dt.datetime | None = None) -> Plan:
    """How many rows of each kind are past their period at ``now``; nothing is written."""
    at = now or timezone.now()
    return Plan(at, tuple(Line(rule, rule.rows(_cutoff(rule, at)).count()) for rule in RULES))


def _forget_in_admin_log(ids: list[int]) -> None:
    """The back-office history names a person in its text: their entries go with their name."""
    respondents = [
        str(pk) for pk in Respondent.objects.filter(user_id__in=ids).values_list("pk", flat=True)
    ]
    for model, keys in ((get_user_model(), [str(pk) for pk in ids]), (Respondent, respondents)):
        kind = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(content_type=kind, object_id__in=keys).delete()


def _anonymise_chunk(ids: list[int]) -> int:
    _forget_in_admin_log(ids)
    Respondent.objects.filter(user_id__in=ids).update(function="")
    LoginLink.objects.filter(respondent__user_id__in=ids).delete()
    OptOut.objects.filter(user_id__in=ids).delete()
    # a refused delivery's answer may quote the address; the row stays (never invited twice)
    Invitation.objects.filter(respondent__user_id__in=ids).exclude(error="").update(error="")
    return (
        get_user_model()
        .objects.filter(pk__in=ids)
        .update(
            username=Concat(Value(ANONYMOUS), Cast("pk", CharField())),
            email="",
            first_name="",
            last_name="",
            password=make_password(None),  # unusable: no login, open sessions end
            is_active=False,
        )
    )


def _anonymise(people: models.QuerySet[models.Model]) -> int:
    ids = list(people.values_list("pk", flat=True))
    return sum(_anonymise_chunk(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK))


def _delete(rows: models.QuerySet[models.Model]) -> int:
    label = rows.model._meta.label  # noqa: SLF001 - Django's public _meta API
    return rows.delete()[1].get(label, 0)


def purge(now: dt.datetime | None = None, actor: User | None = None) -> Plan:
    """Remove or anonymise everything past its period, in one transaction, and audit it."""
    at = now or timezone.now()
    with transaction.atomic():
        lines = []
        for rule in RULES:
            rows = rule.rows(_cutoff(rule, at))
            lines.append(Line(rule, _anonymise(rows) if rule.anonymise else _delete(rows)))
        done = Plan(at, tuple(lines))
        if done.total:
            counts = {line.rule.key: line.count for line in done.lines if line.count}
            record(PURGED, None, actor, date=at.isoformat(), **counts)
    return done
