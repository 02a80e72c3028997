"""A wave's invitations: who would receive one (a plan, shown before sending), then a background
job sends them through SMTP, throttled, each one at most once per wave and respondent.

The ``Invitation`` row is written before its message leaves and settled after: a worker killed
in between leaves « envoi interrompu », which is never sent again; a refused delivery is
« échec d'envoi », which the next attempt of the job (or a new job) tries again.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from barometre.audit.log import record
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.links import issue_link
from barometre.collection.models import Respondent, Response
from barometre.jobs.models import FINISHED, Job, JobKind
from barometre.jobs.runner import JobError, Progress, RetryLaterError, run, start
from barometre.participation.models import Invitation, InvitationOutcome, OptOut
from barometre.participation.optout import opt_out_token
from barometre.participation.reminders import MAX_FAILURES_IN_A_ROW
from barometre.participation.throttle import Throttle
from barometre.referentiel import FrameError, load_frame

ALREADY = "déjà invité·e à cette vague"
INVITED = (InvitationOutcome.SENT, InvitationOutcome.SENDING)


class InvitationError(ValueError):
    """Invitations that cannot be planned or started, in French."""


@dataclass
class InvitationPlan:
    wave: Wave
    to_send: list[Respondent] = field(default_factory=list)
    skipped: list[tuple[Respondent, str]] = field(default_factory=list)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        counted: dict[str, int] = {}
        for _, reason in self.skipped:
            counted[reason] = counted.get(reason, 0) + 1
        return sorted(counted.items())


def plan_invitations(wave: Wave) -> InvitationPlan:
    """Every known respondent, but those already invited, opted out, without an address, whose
    authority already answers this wave, or whose authority left the frame."""
    if wave.status != WaveStatus.OPEN:
        raise InvitationError(
            f"Cette vague est {WaveStatus(wave.status).label} : on n'invite qu'à une vague ouverte."
        )
    invited = set(
        Invitation.objects.filter(wave=wave, outcome__in=INVITED).values_list(
            "respondent_id", flat=True
        )
    )
    answering = set(Response.objects.filter(wave=wave).values_list("authority_id", flat=True))
    opted_out = set(OptOut.objects.values_list("user_id", flat=True))
    plan = InvitationPlan(wave)
    respondents = Respondent.objects.select_related("user").order_by("authority_id", "pk")
    for respondent in respondents:
        reason = _skip_reason(respondent, (invited, answering, opted_out))
        if reason:
            plan.skipped.append((respondent, reason))
        else:
            plan.to_send.append(respondent)
    return plan


def _skip_reason(respondent: Respondent, known: tuple[set[int], set[str], set[int]]) -> str:
    invited, answering, opted_out = known
    if respondent.pk in invited:
        return ALREADY
    if respondent.authority_id in answering:
        return "sa collectivité répond déjà à cette vague"
    if respondent.user_id in opted_out:
        return "désinscrit·e des relances"
    if not respondent.user.email:
        return "pas d'adresse électronique"
    try:
        load_frame().get(respondent.authority_id)
    except FrameError:
        return "collectivité absente du référentiel"
    return ""


@task()
def send_invitations_job(job_id: int) -> None:
    run(job_id, _send)


def start_invitations(wave: Wave, actor: User | None) -> Job:
    """Queue the sending of the wave's invitations, as the plan shows them now."""
    with transaction.atomic():
        wave = Wave.objects.select_for_update().select_related("campaign").get(pk=wave.pk)
        plan = plan_invitations(wave)
        if not plan.to_send:
            raise InvitationError("Personne à inviter : chaque contact est déjà invité ou écarté.")
        waiting = (
            Job.objects.filter(wave=wave, kind=JobKind.INVITATIONS)
            .exclude(state__in=FINISHED)
            .order_by("-pk")
        )
        running = next((job for job in waiting if not job.interrupted), None)
        if running is not None:
            raise InvitationError(
                f"Un envoi d'invitations pour cette vague est déjà {running.state_label} "
                f"(tâche n° {running.pk}) : attendez sa fin."
            )
        title = f"Invitations — {wave.campaign.name}, vague {wave.number}"
        return start(
            JobKind.INVITATIONS,
            title,
            send_invitations_job,
            params={},
            actor=actor,
            wave=wave,
            total=len(plan.to_send),
        )


def _send(job: Job, progress: Progress) -> str:
    if job.wave is None:
        raise JobError("Cette tâche d'invitations ne désigne plus de vague.")
    try:
        plan = plan_invitations(job.wave)
    except InvitationError as error:
        raise JobError(str(error)) from None
    sent, failed = send_invitations(plan, job.created_by, progress)
    record("invitations_sent", job.wave, job.created_by, job=job.pk, sent=sent, failed=failed)
    if failed:
        raise RetryLaterError(
            f"{failed} échec(s) d'envoi : le serveur de messagerie refuse ou ne répond pas ; "
            f"{invited_by(job.wave)} invitation(s) déjà envoyée(s) ne le seront pas deux fois"
        )
    return (
        f"{invited_by(job.wave)} invitation(s) envoyée(s) pour cette vague en tout "
        f"({sent} par ce dernier essai) ; {len(plan.skipped)} contact(s) écarté(s)."
    )


def invited_by(wave: Wave) -> int:
    return Invitation.objects.filter(wave=wave, outcome=InvitationOutcome.SENT).count()


def send_invitations(
    plan: InvitationPlan, actor: User | None, progress: Progress | None = None
) -> tuple[int, int]:
    """Send each invitation of ``plan`` once; stop after a few failures in a row (server down)."""
    throttle = Throttle(settings.REMINDERS_PER_MINUTE)
    sent = failed = in_a_row = 0
    connection = get_connection()
    try:
        for done, respondent in enumerate(plan.to_send, start=1):
            if in_a_row >= MAX_FAILURES_IN_A_ROW:
                break
            row = _claim(plan.wave, respondent, actor)
            if row is not None:
                throttle.wait()
                if _deliver(row, connection):
                    sent, in_a_row = sent + 1, 0
                else:
                    failed, in_a_row = failed + 1, in_a_row + 1
            if progress:
                progress(done, len(plan.to_send))
    finally:
        connection.close()
    return sent, failed


def _claim(wave: Wave, respondent: Respondent, actor: User | None) -> Invitation | None:
    """The row of this invitation, now « envoi interrompu », or None if it is not ours to send."""
    try:
        with transaction.atomic():
            row, created = Invitation.objects.get_or_create(
                wave=wave,
                respondent=respondent,
                defaults={"outcome": InvitationOutcome.SENDING, "by": actor},
            )
    except IntegrityError:  # another sender created it at the same instant
        return None
    if created:
        return row
    retried = Invitation.objects.filter(pk=row.pk, outcome=InvitationOutcome.FAILED).update(
        outcome=InvitationOutcome.SENDING, error="", by=actor
    )
    return Invitation.objects.get(pk=row.pk) if retried else None


def _deliver(row: Invitation, connection: Any) -> bool:
    message = _message(row.wave, row.respondent, connection)
    try:
        connection.open()
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        connection.close()
        row.outcome, row.error = InvitationOutcome.FAILED, f"{error}"[:200]
        row.save(update_fields=["outcome", "error", "at"])
        return False
    row.outcome = InvitationOutcome.SENT
    row.save(update_fields=["outcome", "at"])
    return True


def _message(wave: Wave, respondent: Respondent, connection: Any) -> EmailMessage:
    authority = load_frame().get(respondent.authority_id)
    site = settings.SITE_URL.rstrip("/")
    login_url = site + reverse("public:login", args=[issue_link(respondent, "invitation")])
    opt_out_url = site + reverse("staff:unsubscribe", args=[opt_out_token(respondent.user)])
    context = {
        "wave": wave,
        "authority": authority,
        "login_url": login_url,
        "opt_out_url": opt_out_url,
    }
    return EmailMessage(
        subject=f"Baromètre numérique : {authority.name} est invitée à répondre",
        body=render_to_string("participation/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[respondent.user.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{opt_out_url}>"},
    )
