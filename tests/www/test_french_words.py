"""Words as a French reader expects them: « 1er juin », a wave named once, no raw codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone

from barometre.campaigns.models import Campaign, Wave
from barometre.www.templatetags.french import date_fr


def test_the_first_of_the_month_is_written_as_an_ordinal() -> None:
    assert date_fr(dt.date(2026, 6, 1)) == "1er juin 2026"
    assert date_fr(dt.date(2026, 6, 12)) == "12 juin 2026"
    assert date_fr(dt.date(2026, 2, 1)) == "1er février 2026"


def test_a_moment_is_written_in_local_time_with_its_hour() -> None:
    moment = dt.datetime(2026, 3, 1, 8, 5, tzinfo=dt.UTC)
    assert date_fr(moment, "heure") == "1er mars 2026 à 09:05"  # Europe/Paris, winter time
    assert date_fr(moment) == "1er mars 2026"
    assert date_fr(None) == ""


def test_every_template_can_write_french_dates_without_loading_anything() -> None:
    rendered = Template("Clôture le {{ day|date_fr }}.").render(
        Context({"day": dt.date(2026, 6, 1)})
    )
    assert rendered == "Clôture le 1er juin 2026."


@pytest.mark.django_db
def test_a_wave_is_named_once_when_its_title_is_only_its_number() -> None:
    campaign = Campaign.objects.create(name="Baromètre 2026", slug="b-2026", year=2026)
    day = timezone.localdate()
    plain = Wave(campaign=campaign, number=3, title="Vague 3", opens_on=day, closes_on=day)
    named = Wave(campaign=campaign, number=1, title="Inclusion et cybersécurité", opens_on=day,
                 closes_on=day)  # fmt: skip
    assert plain.label == "Baromètre 2026, vague 3"
    assert named.label == "Baromètre 2026, vague 1 : Inclusion et cybersécurité"
