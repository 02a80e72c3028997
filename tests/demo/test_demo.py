"""The demo data: synthetic waves loaded once, deterministic, usable through one-time links."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.core.management import call_command
from django.test import Client

from barometre.campaigns.models import Campaign, WaveStatus
from barometre.cli import cli
from barometre.collection import flows
from barometre.collection.links import enrol
from barometre.collection.models import Respondent, Response
from barometre.demo.links import respondent_link, staff_link
from barometre.demo.load import PREVIOUS, SEED, demo_campaign, load_demo
from barometre.questionnaire.library import load_library
from barometre.results.comparison import comparable
from barometre.results.models import ResultSet
from barometre.results.queries import latest_final
from barometre.synth import synthesize

pytestmark = pytest.mark.django_db

SMALL = {1: 40, 2: 12, 3: 12}


def test_waves_one_and_two_are_over_and_three_is_open_with_partial_answers() -> None:
    campaign = load_demo(progress=lambda _: None, sizes=SMALL)
    waves = list(campaign.waves.order_by("number"))
    assert [w.status for w in waves][2] == WaveStatus.OPEN
    for wave in waves[:2]:
        assert wave.status in {WaveStatus.CLOSED, WaveStatus.PUBLISHED}
        published = wave.status == WaveStatus.PUBLISHED
        assert ResultSet.objects.filter(wave=wave, kind="final").exists() == published
    third = Response.objects.filter(wave__number=3)
    assert third.filter(status="submitted").exists()
    assert third.filter(status="in_progress").exists()
    assert not Response.objects.filter(wave__number=1, status="in_progress").exists()


def test_the_demo_loads_exactly_the_seeded_synthetic_authorities() -> None:
    campaign = load_demo(progress=lambda _: None, sizes=SMALL)
    expected = set(synthesize(wave=1, n=SMALL[1], seed=SEED)["unit_id"])
    first = Response.objects.filter(wave__campaign=campaign, wave__number=1)
    assert set(first.values_list("authority_id", flat=True)) == expected


def test_the_previous_edition_is_published_and_comparable_with_the_current_one() -> None:
    current = load_demo(progress=lambda _: None, sizes=SMALL)
    previous = Campaign.objects.get(slug=PREVIOUS.slug)
    assert previous.year == current.year - 1
    assert set(previous.waves.values_list("status", flat=True)) == {WaveStatus.PUBLISHED}
    before = latest_final(previous.waves.get(number=1))
    after = latest_final(current.waves.get(number=1))
    assert before is not None
    assert after is not None
    assert set(comparable(before, after)) == set(after.indicators)
    assert Respondent.objects.filter(user__username__startswith="2025-").exists()


def test_demo_respondents_carry_their_function_as_people_read_it() -> None:
    load_demo(progress=lambda _: None, sizes=SMALL)
    functions = set(Respondent.objects.exclude(function="").values_list("function", flat=True))
    assert "Secrétaire de mairie" in functions
    assert not {f for f in functions if "_" in f or f.islower()}
    agent = Respondent.objects.filter(role="agent", function="Secrétaire de mairie").first()
    assert agent is not None
    assert agent.capacity == "agent (Secrétaire de mairie)"


def test_load_demo_command_runs_once(capsys: pytest.CaptureFixture[str]) -> None:
    load_demo(progress=lambda _: None, sizes=SMALL)
    call_command("load_demo")
    assert "déjà chargée" in capsys.readouterr().out
    assert demo_campaign() is not None


def test_a_demo_link_opens_a_session_of_a_demo_authority() -> None:
    """Preferably of an authority whose pages offer last edition's answers."""
    load_demo(progress=lambda _: None, sizes=SMALL)
    before = (
        Response.objects.filter(wave__campaign__slug=PREVIOUS.slug, wave__number=3,
                                status="submitted")
        .order_by("-authority_id")
        .first()
    )  # fmt: skip
    assert before is not None
    campaign = demo_campaign()
    assert campaign is not None
    wave = campaign.waves.get(number=3)
    colleague = enrol(before.authority_id, "demo-reprise@demo.barometre.invalid", "agent", "")
    Response.objects.filter(
        wave=wave, authority_id=before.authority_id, questionnaire_key=before.questionnaire_key
    ).delete()
    flows.open_response(wave, before.questionnaire_key, colleague)
    url, description = respondent_link("http://testserver", None)
    client = Client()
    client.post(url.removeprefix("http://testserver"))
    page = client.get("/repondre/")
    assert page.status_code == 200
    home = page.content.decode()
    assert "Reprendre" in home
    assert "lien à usage unique" in description
    pages = []
    library = load_library()
    for start in re.findall(r'action="(/repondre/\d+/[\w-]+/commencer/)"', home):
        client.post(start)
        # the first section asks who answers, never carried over: last edition's answers show
        # from the second section on
        second = library[start.split("/")[3]].sections[1].id
        pages.append(client.get(start.replace("commencer/", f"{second}/")).content.decode())
    assert any("Réponse de l&#x27;édition 2025, donnée par" in page for page in pages)


def test_a_demo_link_for_a_named_authority() -> None:
    load_demo(progress=lambda _: None, sizes=SMALL)
    url, description = respondent_link("http://testserver", "42218")
    assert "Saint-Étienne" in description
    assert "/connexion/" in url


def test_the_cli_overview_prints_synthetic_and_published_figures() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0
    assert "chiffres bruts face aux chiffres publiés" in result.stdout
    assert "Victime d'une cyberattaque" in result.stdout


@pytest.mark.parametrize(("role", "page"), [("operator", "/equipe/"), ("relay", "/equipe/")])
def test_demo_staff_links_open_the_staff_pages(role: str, page: str) -> None:
    load_demo(progress=lambda _: None, sizes=SMALL)
    url, description = staff_link("http://testserver", role)
    client = Client()
    assert client.post(url.removeprefix("http://testserver")).status_code == 302
    assert client.get(page).status_code == 200
    assert "lien à usage unique" in description


def test_the_demo_prints_raw_weighted_and_change_of_the_published_wave_one() -> None:
    load_demo(progress=lambda _: None, sizes={1: 300, 2: 12, 3: 12})
    result = CliRunner().invoke(cli, ["demo", "results"])
    assert result.exit_code == 0, result.output
    assert "Publié réel" in result.stdout
    assert "Depuis 2025" in result.stdout
    assert "Dispose d'un site internet" in result.stdout
    assert re.search(r"[+−]\d+,\d pt", result.stdout)


def test_before_loading_the_results_command_says_what_to_do() -> None:
    result = CliRunner().invoke(cli, ["demo", "results"])
    assert result.exit_code == 0
    assert "make demo" in result.stdout
