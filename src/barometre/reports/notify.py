"""Tell each authority's respondents that the report of a published wave is ready.

A link, never the report: the message says where to log in and where the report is. Who has
opted out of the barometer's messages (participation.optout) or has no address is logged as
skipped. Each row is written before its message leaves (« envoi interrompu ») and settled
after, one row per wave and respondent: a respondent is never told twice, even by a job started
again after its worker was killed; a failed delivery is tried again by the job's next attempt.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from barometre.campaigns.models import Wave
from barometre.collection.links import issue_link
from barometre.collection.models import Respondent
from barometre.participation.models import OptOut
from barometre.participation.optout import opt_out_token
from barometre.participation.throttle import Throttle
from barometre.referentiel import FrameError, load_frame
from barometre.reports.batch import authorities
from barometre.reports.build import final_results
from barometre.reports.models import NoticeOutcome, ReportNotice

Progress = Callable[[int, int], None]
MAX_FAILURES_IN_A_ROW = 3  # a server that refuses the first messages is down: stop there
INTERRUPTED = "envoi interrompu avant confirmation du serveur : non renvoyé"
#: Rows that are settled for good: never sent (again).
SETTLED = (NoticeOutcome.SENT, NoticeOutcome.SENDING, NoticeOutcome.SKIPPED)


@dataclass(frozen=True, slots=True)
class NoticeOutcomes:
    sent: int
    skipped: int
    failed: int
    remaining: int


def respondents(wave: Wave) -> QuerySet[Respondent]:
    """Every respondent of every authority that submitted a questionnaire of the wave."""
    return (
        Respondent.objects.filter(authority_id__in=authorities(wave))
        .select_related("user")
        .order_by("authority_id", "pk")
    )


def send_notices(
    wave: Wave,
    *,
    throttle: Throttle | None = None,
    on_progress: Progress | None = None,
) -> NoticeOutcomes:
    """Tell whoever is not told yet; refuses (``ReportError``) a wave without its reports."""
    final_results(wave)  # not published, or without final results: no report to point at
    settled = set(
        ReportNotice.objects.filter(wave=wave, outcome__in=SETTLED).values_list(
            "respondent_id", flat=True
        )
    )
    opted_out = set(OptOut.objects.values_list("user_id", flat=True))
    waiting = [r for r in respondents(wave) if r.pk not in settled]
    to_send, skipped = [], 0
    for respondent in waiting:
        reason = _skip_reason(respondent, opted_out)
        if reason:
            _settle(wave, respondent, NoticeOutcome.SKIPPED, reason)
            skipped += 1
        else:
            to_send.append(respondent)
    sending = _Sending(wave, throttle or Throttle(settings.REMINDERS_PER_MINUTE), on_progress)
    sent, failed = sending.each(
        to_send, before=len(settled) + skipped, total=len(settled) + len(waiting)
    )
    return NoticeOutcomes(sent, skipped, failed, len(to_send) - sent - failed)


def _skip_reason(respondent: Respondent, opted_out: set[int]) -> str:
    if respondent.user_id in opted_out:
        return "désinscrit des messages du baromètre"
    if not respondent.user.email:
        return "pas d'adresse électronique"
    try:
        load_frame().get(respondent.authority_id)
    except FrameError:
        return "collectivité absente du référentiel"
    return ""


def _settle(wave: Wave, respondent: Respondent, outcome: str, reason: str) -> None:
    ReportNotice.objects.update_or_create(
        wave=wave,
        respondent=respondent,
        defaults={"authority_id": respondent.authority_id, "outcome": outcome, "reason": reason},
    )


@dataclass(frozen=True, slots=True)
class _Sending:
    wave: Wave
    throttle: Throttle
    on_progress: Progress | None

    def each(self, chosen: list[Respondent], *, before: int, total: int) -> tuple[int, int]:
        """Send in order; stop after MAX_FAILURES_IN_A_ROW failures in a row (server down)."""
        sent = failed = in_a_row = 0
        connection = get_connection()
        try:
            for respondent in chosen:
                if in_a_row >= MAX_FAILURES_IN_A_ROW:
                    break
                self.throttle.wait()
                if _deliver(self.wave, respondent, connection):
                    sent, in_a_row = sent + 1, 0
                else:
                    failed, in_a_row = failed + 1, in_a_row + 1
                if self.on_progress:
                    self.on_progress(before + sent + failed, total)
        finally:
            connection.close()
        return sent, failed


def _deliver(wave: Wave, respondent: Respondent, connection: Any) -> bool:
    """Send one message; the row says « envoi interrompu » until the server has taken it."""
    message = _message(wave, respondent, connection)
    _settle(wave, respondent, NoticeOutcome.SENDING, INTERRUPTED)
    try:
        connection.open()
        message.send()
    except ValueError as error:  # an address the mail library cannot write: never deliverable
        reason = f"adresse électronique invalide : {error}"[:200]
        _settle(wave, respondent, NoticeOutcome.SKIPPED, reason)
        return True
    except (smtplib.SMTPException, OSError) as error:
        connection.close()
        _settle(wave, respondent, NoticeOutcome.FAILED, f"échec d'envoi : {error}"[:200])
        return False
    _settle(wave, respondent, NoticeOutcome.SENT, "")
    return True


def _message(wave: Wave, respondent: Respondent, connection: Any) -> EmailMessage:
    authority = load_frame().get(respondent.authority_id)
    site = settings.SITE_URL.rstrip("/")
    opt_out_url = site + reverse("staff:unsubscribe", args=[opt_out_token(respondent.user)])
    context = {
        "wave": wave,
        "authority": authority,
        "login_url": site + reverse("public:login", args=[issue_link(respondent)]),
        "report_url": site + reverse("respond:report", args=[wave.pk]),
        "opt_out_url": opt_out_url,
    }
    return EmailMessage(
        subject=f"Baromètre numérique : la restitution de {authority.name} est prête",
        body=render_to_string("reports/notice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[respondent.user.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{opt_out_url}>"},
    )
