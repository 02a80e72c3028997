"""``manage.py send_reminders``: nothing without --wet-run, progress shown, real SMTP otherwise."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from barometre.campaigns.models import Wave
from barometre.participation.models import ReminderLog
from tests.participation.data import scene
from tests.participation.smtp import Collector

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_without_wet_run_nothing_is_sent_nor_logged(open_wave: Wave, smtp: Collector) -> None:
    scene(open_wave)
    output = run("--wave", str(open_wave.pk))
    assert "À relancer : 4 personne(s)" in output
    assert "Rien n'est envoyé sans --wet-run." in output
    assert not smtp.messages
    assert not ReminderLog.objects.exists()


def test_wet_run_sends_with_progress(open_wave: Wave, smtp: Collector, settings: object) -> None:
    settings.REMINDERS_PER_MINUTE = 60_000  # type: ignore[attr-defined]
    scene(open_wave)
    output = run("--wave", str(open_wave.pk), "--status", "invited", "--region", "84", "--wet-run")
    assert "1/3 envoyée(s)" in output
    assert "3/3 envoyée(s)" in output
    assert "3 relance(s) envoyée(s)" in output
    assert {m["To"] for m in smtp.messages} == {"dsi@roanne.fr", "maire@roanne.fr", "dsi@lyon.fr"}


def test_an_unknown_wave_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="Aucune vague"):
        run("--wave", "999")
