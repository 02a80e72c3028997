"""Reminders: who to remind (a plan, shown as a dry run), then sending it, throttled and logged."""

from __future__ import annotations

import datetime as dt
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from barometre.audit.log import record
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.links import issue_link
from barometre.collection.models import Respondent
from barometre.participation.attrition import MISSING, previous_respondents, previous_waves
from barometre.participation.models import OptOut, ReminderLog, ReminderOutcome
from barometre.participation.nonrespondents import Filters
from barometre.participation.optout import opt_out_token
from barometre.participation.progress import frame_cells, wave_statuses
from barometre.participation.throttle import Throttle, window_delay
from barometre.referentiel import FrameError, load_frame

REMINDABLE = ("invited", "started")
MAX_FAILURES_IN_A_ROW = 3  # a server that refuses the first messages is down: stop there
#: Who counts as reminded: sent, or interrupted while sending (perhaps sent: never twice).
REACHED = (ReminderOutcome.SENT, ReminderOutcome.SENDING)
INTERRUPTED = "envoi interrompu avant confirmation du serveur : non renvoyé"
Progress = Callable[[int, int], None]


class ReminderError(ValueError):
    """A reminder that cannot be planned (a wave that is not open, an unknown status)."""


@dataclass(frozen=True, slots=True)
class Target:
    respondent: Respondent
    status: str


@dataclass
class Plan:
    wave: Wave
    to_send: list[Target] = field(default_factory=list)
    skipped: list[tuple[Target, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Outcome:
    batch: str
    sent: int
    skipped: int
    failed: int
    remaining: int


def plan_reminders(wave: Wave, filters: Filters, visible: frozenset[str] | None) -> Plan:
    """Respondents of authorities in scope whose status is targeted; skipped ones say why."""
    if wave.status != WaveStatus.OPEN:
        raise ReminderError("On ne relance que pendant une vague ouverte.")
    unknown = set(filters.statuses) - set(REMINDABLE)
    if unknown:
        raise ReminderError("On ne relance que les collectivités invitées ou qui ont commencé.")
    statuses = remindable(wave, filters, visible, wave_statuses(wave, visible))
    plan = Plan(wave)
    respondents = (
        Respondent.objects.filter(authority_id__in=sorted(statuses))
        .select_related("user")
        .order_by("authority_id", "pk")
    )
    opted_out = set(OptOut.objects.values_list("user_id", flat=True))
    recent = _recently_reminded(wave)
    for respondent in respondents:
        status = statuses.get(respondent.authority_id)
        if status is None:
            continue
        target = Target(respondent, status)
        reason = _skip_reason(respondent, opted_out, recent)
        if reason:
            plan.skipped.append((target, reason))
        else:
            plan.to_send.append(target)
    return plan


def remindable(
    wave: Wave, filters: Filters, visible: frozenset[str] | None, statuses: dict[str, str]
) -> dict[str, str]:
    """The authorities in scope that the filters target, with their status (attrition too)."""
    wanted = replace(filters, statuses=filters.statuses or REMINDABLE)
    among = None
    if filters.attrition:
        if filters.attrition not in MISSING:
            raise ReminderError(f"Filtre d'attrition inconnu : {filters.attrition}.")
        if not previous_waves(wave, filters.attrition):
            raise ReminderError(MISSING[filters.attrition])
        among = previous_respondents(wave, filters.attrition, visible)
    if not (filters.region or filters.departement or filters.type or filters.stratum):
        known = frame_cells()  # no place filter: the status decides (and the frame, cached)
        return {
            authority_id: status
            for authority_id, status in statuses.items()
            if status in wanted.statuses
            and authority_id in known
            and (among is None or authority_id in among)
        }
    return {
        authority_id: status
        for authority_id, status in statuses.items()
        if (among is None or authority_id in among) and _accepts(wanted, authority_id, status)
    }


def _accepts(filters: Filters, authority_id: str, status: str) -> bool:
    try:
        unit = load_frame().get(authority_id)
    except FrameError:  # an authority that left the frame is not reminded
        return False
    return filters.accepts(unit, status)


def _recently_reminded(wave: Wave) -> set[int]:
    since = timezone.now() - dt.timedelta(hours=settings.REMINDER_COOLDOWN_HOURS)
    rows = ReminderLog.objects.filter(wave=wave, outcome__in=REACHED, at__gte=since)
    return set(rows.values_list("respondent_id", flat=True))


def _skip_reason(respondent: Respondent, opted_out: set[int], recent: set[int]) -> str:
    if respondent.user_id in opted_out:
        return "désinscrit des relances"
    if respondent.pk in recent:
        return f"déjà relancé depuis moins de {settings.REMINDER_COOLDOWN_HOURS} heures"
    if not respondent.user.email:
        return "pas d'adresse électronique"
    return ""


def send_reminders(
    plan: Plan,
    actor: User | None,
    *,
    limit: int | None = None,
    throttle: Throttle | None = None,
    on_progress: Progress | None = None,
    batch: str = "",
) -> Outcome:
    """Log the skipped, send up to ``limit`` messages at the configured rate, log each one.

    Given the ``batch`` of an earlier attempt (a job tried again), whoever that batch already
    reached is neither sent to nor logged again; its failed deliveries are tried again.
    """
    batch = batch or uuid.uuid4().hex
    reached, logged = _already(batch)
    throttle = throttle or Throttle(settings.REMINDERS_PER_MINUTE)
    skipped = [(t, why) for t, why in plan.skipped if t.respondent.pk not in reached]
    for target, reason in skipped:
        if target.respondent.pk not in logged:
            _log(plan.wave, target, batch, actor, reason)
    waiting = [t for t in plan.to_send if t.respondent.pk not in reached]
    chosen = waiting if limit is None else waiting[:limit]
    sending = _Sending(plan.wave, batch, actor, throttle, on_progress)
    sent, failed = _send_each(sending, chosen, before=len(reached))
    outcome = Outcome(batch, sent, len(skipped), failed, len(waiting) - sent - failed)
    record("reminders_sent", plan.wave, actor, **asdict(outcome))
    return outcome


def _already(batch: str) -> tuple[set[int], set[int]]:
    """Who this batch reached, and who it logged at all (sent, skipped or failed)."""
    rows = ReminderLog.objects.filter(batch=batch).values_list("respondent_id", "outcome")
    reached = {pk for pk, outcome in rows if outcome in REACHED}
    return reached, {pk for pk, _ in rows}


@dataclass(frozen=True, slots=True)
class _Sending:
    wave: Wave
    batch: str
    actor: User | None
    throttle: Throttle
    on_progress: Progress | None


def _send_each(sending: _Sending, chosen: list[Target], *, before: int) -> tuple[int, int]:
    """Send in order; stop after MAX_FAILURES_IN_A_ROW failures in a row (the server is down)."""
    sent = failed = in_a_row = 0
    connection = get_connection()
    try:
        for target in chosen:
            if in_a_row >= MAX_FAILURES_IN_A_ROW:
                break
            sending.throttle.wait()
            _respect_the_rate_of_every_sender(sending.throttle)
            if _deliver(sending.wave, target, connection, sending.batch, sending.actor):
                sent, in_a_row = sent + 1, 0
            else:
                failed, in_a_row = failed + 1, in_a_row + 1
            if sending.on_progress:
                sending.on_progress(before + sent + failed, before + len(chosen))
    finally:
        connection.close()
    return sent, failed


def _respect_the_rate_of_every_sender(throttle: Throttle) -> None:
    """Another sender (the command, a colleague's click) may be at work: count its messages too."""
    now = timezone.now()
    recent = ReminderLog.objects.filter(
        outcome=ReminderOutcome.SENT, at__gte=now - dt.timedelta(minutes=1)
    ).order_by("-at")
    counted = recent.count()
    nth = (
        recent.values_list("at", flat=True)[throttle.per_minute - 1]
        if counted >= throttle.per_minute
        else None
    )
    delay = window_delay(counted, nth, throttle.per_minute, now)
    if delay:
        throttle.sleep(delay)


def _deliver(wave: Wave, target: Target, connection: Any, batch: str, actor: User | None) -> bool:
    """Send one reminder and log it; a refused or failed delivery is logged, not raised.

    The row is written before the message leaves (« envoi interrompu ») and settled after: a
    process killed in between leaves that row, and the message is never sent a second time.
    """
    message = _message(wave, target, connection)
    row = _log(wave, target, batch, actor, INTERRUPTED, outcome=ReminderOutcome.SENDING)
    try:
        connection.open()
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        connection.close()
        row.outcome, row.reason = ReminderOutcome.SKIPPED, f"échec d'envoi : {error}"[:200]
        row.save(update_fields=["outcome", "reason"])
        return False
    row.outcome, row.reason = ReminderOutcome.SENT, ""
    row.save(update_fields=["outcome", "reason"])
    return True


def _log(
    wave: Wave,
    target: Target,
    batch: str,
    actor: User | None,
    reason: str,
    *,
    outcome: ReminderOutcome | None = None,
) -> ReminderLog:
    return ReminderLog.objects.create(
        wave=wave,
        respondent=target.respondent,
        authority_id=target.respondent.authority_id,
        outcome=outcome or (ReminderOutcome.SKIPPED if reason else ReminderOutcome.SENT),
        reason=reason,
        batch=batch,
        by=actor,
    )


def _message(wave: Wave, target: Target, connection: Any) -> EmailMessage:
    respondent = target.respondent
    authority = load_frame().get(respondent.authority_id)
    site = settings.SITE_URL.rstrip("/")
    login_url = site + reverse("public:login", args=[issue_link(respondent)])
    opt_out_url = site + reverse("staff:unsubscribe", args=[opt_out_token(respondent.user)])
    context = {
        "wave": wave,
        "authority": authority,
        "status": target.status,
        "login_url": login_url,
        "opt_out_url": opt_out_url,
    }
    return EmailMessage(
        subject=f"Baromètre numérique : relance pour {authority.name}",
        body=render_to_string("participation/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[respondent.user.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{opt_out_url}>"},
    )
