"""Personal data past its retention period goes; the responses and the estimates stay the same."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from barometre.accounts.login_limits import record_failure
from barometre.accounts.models import StaffProfile
from barometre.audit.log import record
from barometre.audit.models import AuditEvent
from barometre.campaigns.models import Wave
from barometre.collection import access
from barometre.collection.links import consume_link, enrol, issue_link
from barometre.collection.models import (
    AccessRequest,
    Answer,
    LinkRequest,
    LoginLink,
    PageSave,
    Respondent,
    Response,
)
from barometre.operations import retention
from barometre.operations.retention import PURGED, Plan, plan, purge
from barometre.participation.models import Invitation, OptOut, ReminderLog
from barometre.participation.progress import participation
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.models import ResultSet
from config import env
from tests.results.factory import make_wave

pytestmark = pytest.mark.django_db

YEAR = dt.timedelta(days=365)
ADDRESSES = ("@essai.invalid", "contact@saint-etienne.fr", "dsi@lyon.fr", "Jeanne")


@pytest.fixture
def people(db: None, frame: Frame) -> Wave:
    """Around the wave's 30 respondents: contacts, links, requests, reminders, log entries."""
    closed_wave = make_wave(frame)
    contact = enrol("42218", "contact@saint-etienne.fr", "agent", "Jeanne, secrétaire")
    get_user_model().objects.filter(pk=contact.user_id).update(first_name="Jeanne")
    OptOut.objects.create(user=contact.user)
    consume_link(issue_link(contact))
    issue_link(contact, purpose="relogin")
    answered = Respondent.objects.exclude(pk=contact.pk).first()
    assert answered is not None
    issue_link(answered)
    record("login", answered, answered.user, purpose="invitation")
    record_failure("dsi@lyon.fr")
    LinkRequest.objects.create(email_hash="0" * 64, client="1" * 64)
    ReminderLog.objects.create(
        wave=closed_wave, respondent=contact, authority_id=contact.authority_id,
        outcome="skipped", reason="désinscrit des relances", batch="lot-1",
    )  # fmt: skip
    Invitation.objects.create(  # a refused delivery: the server's answer names the address
        wave=closed_wave, respondent=contact, outcome="failed",
        error="550 <contact@saint-etienne.fr> : destinataire inconnu",
    )  # fmt: skip
    staff = get_user_model().objects.create(
        username="operatrice@anct.invalid", email="o@anct.invalid"
    )
    StaffProfile.objects.create(user=staff, role="operator")
    request = AccessRequest.objects.create(
        authority_id="commune:69123", email="dsi@lyon.fr", role="agent"
    )
    access.refuse(request.pk, staff)
    for target in (contact, contact.user):
        LogEntry.objects.log_actions(
            staff.pk, [target], CHANGE, change_message="Jeanne", single_object=True
        )
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now())
    return closed_wave


def found_anywhere(needles: tuple[str, ...]) -> list[str]:
    """Tables that still hold one of ``needles`` in any column of any row."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            text = repr(cursor.fetchall())
            hits.extend(f"{table}: {needle}" for needle in needles if needle in text)
    return hits


def estimates(result_set: ResultSet) -> list[tuple[object, ...]]:
    fields = ("indicator_id", "domain", "level", "weighting", "value", "se", "ci_low", "ci_high",
              "n", "suppressed")  # fmt: skip
    return list(result_set.estimates.order_by(*fields[:4]).values_list(*fields))


def count(found: Plan, key: str) -> int:
    return next(line.count for line in found.lines if line.rule.key == key)


def test_after_its_period_personal_data_is_gone_and_the_estimates_are_unchanged(
    frame: Frame, people: Wave
) -> None:
    before = build_result_set(people, "final", frame=frame)
    responses = list(Response.objects.order_by("pk").values_list("pk", "status", "submitted_by"))
    answers = list(Answer.objects.order_by("pk").values_list("pk", "value", "role", "answered_by"))
    roles = list(Respondent.objects.order_by("pk").values_list("pk", "authority_id", "role"))
    rates = participation(people)
    assert sum(row.submitted for row in rates) == 30
    assert found_anywhere(ADDRESSES)  # the test looks where the addresses are

    done = purge(now=timezone.now() + 4 * YEAR)

    assert found_anywhere(ADDRESSES) == []
    assert count(done, "respondents") == 30
    assert count(done, "contacts") == 1
    deleted = (LoginLink, AccessRequest, LinkRequest, ReminderLog, Invitation, OptOut, Session,
               LogEntry)  # fmt: skip
    for model in deleted:
        assert not model.objects.exists(), model
    assert not AuditEvent.objects.filter(action__in=retention.PERSONAL_ACTIONS).exists()
    assert AuditEvent.objects.filter(action="wave.transition").exists()  # not personal: kept
    assert get_user_model().objects.filter(email="o@anct.invalid").exists()  # the team is not
    assert not get_user_model().objects.filter(is_active=True, staff_profile__isnull=True).exists()
    assert (
        list(Response.objects.order_by("pk").values_list("pk", "status", "submitted_by"))
        == responses
    )
    assert (
        list(Answer.objects.order_by("pk").values_list("pk", "value", "role", "answered_by"))
        == answers
    )
    assert (
        list(Respondent.objects.order_by("pk").values_list("pk", "authority_id", "role")) == roles
    )

    assert participation(people) == rates  # invited, started, submitted: the same counts
    after = build_result_set(people, "final", frame=frame)
    assert after.revision > before.revision
    assert len(estimates(before)) > 50
    assert estimates(after) == estimates(before)


def test_what_is_within_its_period_stays(people: Wave) -> None:
    now = timezone.now()
    assert plan(now).total == 1  # only the session that expires now
    within = plan(now + 2 * YEAR - dt.timedelta(days=2))
    assert count(within, "respondents") == count(within, "contacts") == 0
    assert count(within, "login_links") == 3
    beyond = plan(now + 2 * YEAR + dt.timedelta(days=1))
    assert count(beyond, "contacts") == 1
    assert count(beyond, "respondents") == 0  # three years for those who answered


def test_recent_activity_keeps_a_respondent(people: Wave) -> None:
    later = timezone.now() + 4 * YEAR
    one = (
        Respondent.objects.filter(authority_id__startswith="commune:")
        .exclude(function__contains="Jeanne")
        .first()
    )
    assert one is not None
    get_user_model().objects.filter(pk=one.user_id).update(last_login=later - YEAR)
    purge(now=later)
    one.user.refresh_from_db()
    assert one.user.username.endswith("@essai.invalid")
    assert one.user.is_active
    assert count(plan(later), "respondents") == 0  # the others are done already


def age_everything(by: dt.timedelta) -> None:
    """Move time forward: every date of every row goes back by ``by``."""
    dated = (get_user_model(), Respondent, LoginLink, Answer, PageSave, Response, AccessRequest,
             LinkRequest, ReminderLog, Invitation, AuditEvent, OptOut, Session)  # fmt: skip
    for model in dated:
        for field in model._meta.get_fields():
            if isinstance(field, models.DateTimeField):
                model.objects.filter(**{f"{field.name}__isnull": False}).update(
                    **{field.name: F(field.name) - by}
                )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_then_purges_once_and_then_says_there_is_nothing(people: Wave) -> None:
    age_everything(4 * YEAR)
    listed = run()
    assert "Rien n'est supprimé sans --wet-run." in listed
    assert "30  répondants sans activité" in listed
    assert "liens de connexion expirés ou utilisés — conservation : après 30 jours" in listed
    assert found_anywhere(ADDRESSES)  # a dry run writes nothing

    purged = run("--wet-run")
    assert "supprimé(s) ou anonymisé(s)" in purged
    assert found_anywhere(ADDRESSES) == []
    event = AuditEvent.objects.get(action=PURGED)
    assert event.detail["respondents"] == 30
    assert event.detail["login_links"] == 3

    again = run("--wet-run")
    assert again.startswith("Rien à purger au ")
    assert AuditEvent.objects.filter(action=PURGED).count() == 1


def test_a_purge_that_fails_half_way_changes_nothing(
    people: Wave, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("journal indisponible")

    monkeypatch.setattr(retention, "record", broken)
    with pytest.raises(RuntimeError):
        purge(now=timezone.now() + 4 * YEAR)
    assert found_anywhere(ADDRESSES)
    assert LoginLink.objects.count() == 3


def test_many_people_are_anonymised_in_batches(
    people: Wave, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "CHUNK", 4)
    done = purge(now=timezone.now() + 4 * YEAR)
    assert count(done, "respondents") == 30
    assert get_user_model().objects.filter(username__startswith="anonyme-").count() == 31


def test_a_person_anonymised_leaves_no_name_in_the_back_office_history(
    people: Wave, settings: Any
) -> None:
    settings.RETENTION = env.Retention(
        contacts=730, respondents=1095, login_links=30, access_requests=180, logs=3650
    )
    assert LogEntry.objects.count() == 2
    done = purge(now=timezone.now() + 2 * YEAR + dt.timedelta(days=1))
    assert count(done, "contacts") == 1
    assert count(done, "admin_log") == 0  # within its own period…
    assert not LogEntry.objects.exists()  # …but it named the person
    assert found_anywhere(("contact@saint-etienne.fr", "Jeanne")) == []


def test_reminding_someone_who_never_answers_does_not_keep_their_address(people: Wave) -> None:
    later = timezone.now() + 2 * YEAR + dt.timedelta(days=1)
    contact = Respondent.objects.get(user__username="contact@saint-etienne.fr")
    ReminderLog.objects.create(
        wave=people, respondent=contact, authority_id=contact.authority_id,
        outcome="sent", batch="lot-2",
    )  # fmt: skip
    issue_link(contact)
    ReminderLog.objects.filter(batch="lot-2").update(at=later - dt.timedelta(days=1))
    LoginLink.objects.filter(respondent=contact).update(created_at=later - dt.timedelta(days=1))
    done = purge(now=later)
    assert count(done, "contacts") == 1
    assert found_anywhere(("contact@saint-etienne.fr",)) == []
