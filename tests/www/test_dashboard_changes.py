"""Changes between editions on the dashboard: the right reference, the change and its verdict,
nothing for a suppressed cell on either side, and clear errors on bad input."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from barometre.campaigns.models import Wave
from barometre.referentiel import Frame
from barometre.results.models import ResultEstimate, ResultSet
from barometre.stats import change
from barometre.www.dashboard.figures import DIMENSIONS, change_figure
from tests.results.factory import published_edition
from tests.www.test_dashboard_helpers import DIGIT, rendered_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions(frame: Frame) -> tuple[Wave, Wave]:
    return published_edition(frame, 2025), published_edition(frame, 2026)


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def weighted(
    wave: Wave, indicator: str, domain: str = "ensemble", level: str = ""
) -> ResultEstimate:
    return ResultEstimate.objects.get(
        result_set__wave=wave,
        indicator_id=indicator,
        domain=domain,
        level=level,
        weighting="pondere",
    )


def test_the_change_since_last_year_is_printed_with_its_interval_and_verdict(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    before, after = editions
    html = page(client, f"/resultats/{after.pk}/evolution/")
    assert "Comparaison avec Essai 2025, vague 1" in html
    old, new = weighted(before, "essai.site"), weighted(after, "essai.site")
    printed = change_figure(change(old.value, old.se, new.value, new.se))
    assert printed.points in html
    assert printed.interval in html
    assert printed.verdict.replace("'", "&#x27;") in html
    assert "significative</strong> quand son intervalle de confiance à 95 %" in html


def test_every_breakdown_is_offered_and_answers(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    after = editions[1]
    for domain, label in DIMENSIONS.items():
        html = page(client, f"/resultats/{after.pk}/evolution/?ventilation={domain}")
        assert f"par {label.lower()}" in html


def test_the_wave_page_shows_the_change_of_each_key_figure(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    before, after = editions
    html = page(client, f"/resultats/{after.pk}/")
    assert "Depuis 2025, vague 1 :" in html
    assert f'href="/resultats/{after.pk}/evolution/"' in html
    assert "Depuis" not in page(client, f"/resultats/{before.pk}/")  # nothing earlier


def test_without_an_earlier_edition_the_page_says_so(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    html = page(client, f"/resultats/{editions[0].pk}/evolution/")
    assert "pas encore d'évolution à montrer" in html


@pytest.mark.parametrize(
    "query",
    ["?depuis=999999", "?depuis=abc", "?ventilation=commune", "?depuis=%00", "?theme=inconnu"],
)
def test_bad_input_is_a_400_in_french(
    client: Client, editions: tuple[Wave, Wave], query: str
) -> None:
    html = page(client, f"/resultats/{editions[1].pk}/evolution/{query}", status=400)
    assert "Valeur inconnue" in html or "Saisissez un nombre entier" in html or "valide" in html
    assert "hausse significative" not in html


def test_the_current_wave_is_not_its_own_reference(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    after = editions[1]
    page(client, f"/resultats/{after.pk}/evolution/?depuis={after.pk}", status=400)


def test_unpublished_or_unknown_waves_are_404_and_only_get_is_allowed(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    page(client, "/resultats/424242/evolution/", status=404)
    assert client.post(f"/resultats/{editions[1].pk}/evolution/").status_code == 405
    assert client.head(f"/resultats/{editions[1].pk}/evolution/").status_code == 200


class BeforeCells(HTMLParser):
    """Text under each ``data-before-cell`` (the reference edition's figures)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, list[str]] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open.append(dict(attrs).get("data-before-cell") if tag == "td" else None)

    def handle_endtag(self, tag: str) -> None:  # noqa: ARG002 - HTMLParser's signature
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        cell = next((c for c in reversed(self._open) if c), None)
        if cell:
            self.cells.setdefault(cell, []).append(data)


def suppressed(result_set: ResultSet) -> set[str]:
    rows = result_set.estimates.filter(weighting="pondere").exclude(suppressed="")
    return {f"{e.indicator_id}|{e.domain}|{e.level}" for e in rows}


def test_no_suppressed_figure_of_either_edition_under_any_breakdown(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    before, after = (ResultSet.objects.get(wave=w) for w in editions)
    secret_before, secret_after = suppressed(before), suppressed(after)
    assert secret_before
    assert secret_after
    seen_before: set[str] = set()
    seen_after: set[str] = set()
    for domain in ["", *DIMENSIONS]:
        html = page(client, f"/resultats/{editions[1].pk}/evolution/?ventilation={domain}")
        for cell, text in rendered_cells(html).items():
            if cell in secret_after:
                seen_after.add(cell)
                assert "secret statistique" in text
                assert not DIGIT.search(text), (domain, cell, text)
        parser = BeforeCells()
        parser.feed(html)
        for cell, texts in parser.cells.items():
            if cell in secret_before:
                seen_before.add(cell)
                assert not DIGIT.search(" ".join(texts)), (domain, cell, texts)
        for row in re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL):
            if "secret statistique" in row:  # either side: no change, no verdict
                assert "points" not in row
                assert "non calculée" in row
    assert seen_before
    assert seen_after


def test_a_breakdown_shows_one_theme_unless_all_are_asked_for(
    client: Client, editions: tuple[Wave, Wave]
) -> None:
    after = editions[1]
    html = page(client, f"/resultats/{after.pk}/evolution/?ventilation=region")
    assert '<option value="essai_resultats" selected>' in html
    assert f'<option value="{editions[0].pk}" selected>' in html
    everything = page(client, f"/resultats/{after.pk}/evolution/?ventilation=region&theme=")
    assert '<option value="" selected>Tous les thèmes</option>' in everything
    assert "essai.site|region|84" in everything


def test_a_theme_page_links_to_its_changes(client: Client, editions: tuple[Wave, Wave]) -> None:
    before, after = editions
    link = f'href="/resultats/{after.pk}/evolution/?theme=essai_resultats"'
    assert link in page(client, f"/resultats/{after.pk}/essai_resultats/")
    assert "/evolution/" not in page(client, f"/resultats/{before.pk}/essai_resultats/")
