"""Reminders: a plan (dry run), real SMTP delivery, opt-out honoured, cooldown, log, throttle."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from django.test import Client

from barometre.audit.models import AuditEvent
from barometre.campaigns import flows as campaign_flows
from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.links import consume_link
from barometre.participation.models import OptOut, ReminderLog
from barometre.participation.nonrespondents import Filters
from barometre.participation.optout import opt_out
from barometre.participation.reminders import ReminderError, plan_reminders, send_reminders
from barometre.participation.throttle import Throttle, window_delay
from tests.participation.data import scene
from tests.participation.smtp import Collector, body

pytestmark = pytest.mark.django_db

FAST = Throttle(60_000)


def emails(plan_or_messages: Any) -> set[str]:
    return {target.respondent.user.email for target in plan_or_messages.to_send}


def test_the_plan_targets_invited_and_started_authorities_only(open_wave: Wave) -> None:
    scene(open_wave)
    plan = plan_reminders(open_wave, Filters(), None)
    assert emails(plan) == {"dgs@firminy.fr", "dsi@roanne.fr", "maire@roanne.fr", "dsi@lyon.fr"}
    assert not plan.skipped


def test_the_plan_is_targeted_by_status_and_group(open_wave: Wave) -> None:
    scene(open_wave)
    started = plan_reminders(open_wave, Filters(statuses=("started",)), None)
    assert emails(started) == {"dgs@firminy.fr"}
    rhone = plan_reminders(open_wave, Filters(departement="69"), None)
    assert emails(rhone) == {"dsi@lyon.fr"}


def test_a_relay_scope_limits_the_plan(open_wave: Wave) -> None:
    scene(open_wave)
    plan = plan_reminders(open_wave, Filters(), frozenset({"commune:69123"}))
    assert emails(plan) == {"dsi@lyon.fr"}


def test_only_an_open_wave_is_reminded(open_wave: Wave) -> None:
    closed = campaign_flows.transition(open_wave, WaveStatus.CLOSED)
    with pytest.raises(ReminderError, match="vague ouverte"):
        plan_reminders(closed, Filters(), None)


def test_reminders_reach_a_real_smtp_server_with_a_login_and_an_opt_out_link(
    open_wave: Wave, smtp: Collector
) -> None:
    scene(open_wave)
    plan = plan_reminders(open_wave, Filters(statuses=("started",)), None)
    outcome = send_reminders(plan, None, throttle=FAST)
    assert (outcome.sent, outcome.skipped, outcome.failed) == (1, 0, 0)
    [message] = smtp.messages
    assert message["To"] == "dgs@firminy.fr"
    assert "Firminy" in message["Subject"]
    text = body(message)
    assert "pas encore soumises" in text
    login = re.search(r"/connexion/([\w-]+)/", text)
    assert login
    assert consume_link(login.group(1)).user.email == "dgs@firminy.fr"
    assert "/equipe/desinscription/" in message["List-Unsubscribe"]
    assert ReminderLog.objects.get().outcome == "sent"
    assert AuditEvent.objects.filter(action="reminders_sent").exists()


def test_the_opt_out_link_works_without_login_and_is_honoured(
    open_wave: Wave, smtp: Collector
) -> None:
    scene(open_wave)
    send_reminders(plan_reminders(open_wave, Filters(departement="69"), None), None, throttle=FAST)
    link = re.search(r"http://[^/]+(/equipe/desinscription/\S+/)", body(smtp.messages[0]))
    assert link
    client = Client()
    assert client.get(link.group(1)).status_code == 200
    assert not OptOut.objects.exists()
    assert "plus de relances" in client.post(link.group(1)).content.decode()
    assert OptOut.objects.get().user.email == "dsi@lyon.fr"
    plan = plan_reminders(open_wave, Filters(departement="69"), None)
    assert not plan.to_send
    assert [reason for _, reason in plan.skipped] == ["désinscrit des relances"]


def test_a_tampered_opt_out_link_is_refused(client: Client) -> None:
    response = client.post("/equipe/desinscription/abc:def/")
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()


def test_opted_out_and_recently_reminded_people_are_skipped_and_logged(
    open_wave: Wave, smtp: Collector
) -> None:
    people = scene(open_wave)
    opt_out(people["roanne_maire"].user)
    first = send_reminders(plan_reminders(open_wave, Filters(), None), None, throttle=FAST)
    assert (first.sent, first.skipped) == (3, 1)
    second = send_reminders(plan_reminders(open_wave, Filters(), None), None, throttle=FAST)
    assert (second.sent, second.skipped) == (0, 4)
    assert len(smtp.messages) == 3
    assert "maire@roanne.fr" not in {m["To"] for m in smtp.messages}
    reasons = set(ReminderLog.objects.filter(outcome="skipped").values_list("reason", flat=True))
    assert reasons == {"désinscrit des relances", "déjà relancé depuis moins de 72 heures"}


def test_a_limit_sends_part_of_the_plan_and_counts_the_rest(
    open_wave: Wave, smtp: Collector
) -> None:
    scene(open_wave)
    outcome = send_reminders(
        plan_reminders(open_wave, Filters(), None), None, limit=1, throttle=FAST
    )
    assert (outcome.sent, outcome.remaining) == (1, 3)
    assert len(smtp.messages) == 1


def test_an_unreachable_server_is_logged_as_a_failure(open_wave: Wave, settings: Any) -> None:
    scene(open_wave)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    outcome = send_reminders(plan_reminders(open_wave, Filters(), None), None, throttle=FAST)
    assert (outcome.sent, outcome.failed, outcome.remaining) == (0, 3, 1)
    failures = ReminderLog.objects.filter(outcome="skipped")
    assert failures.count() == 3
    assert all(row.reason.startswith("échec d'envoi") for row in failures)


def test_sending_is_throttled_to_the_configured_rate(open_wave: Wave, smtp: Collector) -> None:
    scene(open_wave)
    plan = plan_reminders(open_wave, Filters(), None)
    began = time.monotonic()
    send_reminders(plan, None, throttle=Throttle(600))
    elapsed = time.monotonic() - began
    assert len(smtp.messages) == 4
    assert elapsed >= 0.3  # four messages at 600 a minute: three gaps of 0.1 s at least


def test_the_throttle_spaces_messages_evenly() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(120, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        throttle.wait()
    assert slept == pytest.approx([0.5, 0.5, 0.5, 0.5])
    assert now[0] == pytest.approx(2.0)


def test_the_throttle_does_not_wait_when_sending_is_already_slow() -> None:
    now = [0.0]
    throttle = Throttle(60, clock=lambda: now[0], sleep=lambda s: pytest.fail(f"slept {s}"))
    for _ in range(3):
        throttle.wait()
        now[0] += 2.0


def test_a_rate_below_one_per_minute_is_refused() -> None:
    with pytest.raises(ValueError, match="au moins un message"):
        Throttle(0)


def test_the_window_counts_every_sender_of_the_last_minute() -> None:
    now = dt.datetime(2026, 3, 1, 12, 0, 30, tzinfo=dt.UTC)
    nth = now - dt.timedelta(seconds=20)
    assert window_delay(2, None, 3, now) == 0.0
    assert window_delay(3, nth, 3, now) == pytest.approx(40.0)
    assert window_delay(5, now - dt.timedelta(seconds=70), 3, now) == 0.0


def test_messages_from_another_sender_slow_this_one_down(open_wave: Wave, smtp: Collector) -> None:
    people = scene(open_wave)
    for _ in range(3):  # a colleague's batch, a second ago
        ReminderLog.objects.create(
            wave=open_wave,
            respondent=people["saint_etienne"],
            authority_id="commune:42218",
            outcome="sent",
            batch="autre",
        )
    slept: list[float] = []
    throttle = Throttle(3, sleep=slept.append)
    send_reminders(
        plan_reminders(open_wave, Filters(departement="69"), None), None, throttle=throttle
    )
    assert len(slept) == 1
    assert 55 < slept[0] <= 60
    assert len(smtp.messages) == 1
