"""Disclosure control on the dashboard: every page × every filter, no suppressed number.

Each figure the dashboard prints sits under an element whose ``data-cell`` names its
indicator, domain and level; a suppressed cell must read « secret statistique » and hold no
digit at all (neither value, nor interval, nor base).
"""

from __future__ import annotations

import pytest
from django.test import Client

from barometre.campaigns.models import Wave
from barometre.referentiel import Frame
from barometre.results.models import ResultSet
from barometre.www.dashboard.figures import DIMENSIONS
from barometre.www.dashboard.maps import LEVELS as MAP_LEVELS
from tests.results.factory import sample_communes
from tests.www.test_dashboard_helpers import DIGIT, publish, rendered_cells

pytestmark = pytest.mark.django_db


def dashboard_urls(wave: Wave, result_set: ResultSet) -> list[str]:
    """Every dashboard page, and every theme page under every filter and breakdown value."""
    urls = ["/resultats/", f"/resultats/{wave.pk}/", f"/resultats/{wave.pk}/methodologie/"]
    urls += [f"/resultats/{wave.pk}/participation/?ventilation={n}" for n in MAP_LEVELS]
    for theme in sorted({e["questionnaire"] for e in result_set.indicators.values()}):
        base = f"/resultats/{wave.pk}/{theme}/"
        urls += [base, *(f"{base}?ventilation={d}" for d in DIMENSIONS)]
        mine = sorted(i for i, m in result_set.indicators.items() if m["questionnaire"] == theme)
        maps = (f"{base}carte/?indicateur={i}&ventilation={n}" for i in mine for n in MAP_LEVELS)
        urls += list(maps)
        levels = result_set.estimates.filter(domain__in=list(DIMENSIONS), questionnaire_key=theme)
        for domain, level in sorted(set(levels.values_list("domain", "level"))):
            if level:
                urls.append(f"{base}?{domain}={level.replace('<', '%3C')}")
    return urls


def published_cells(result_set: ResultSet) -> set[str]:
    """Cells with a publishable estimate; any other cell (suppressed or absent) is secret."""
    rows = result_set.estimates.filter(suppressed="")
    return {f"{e.indicator_id}|{e.domain}|{e.level}" for e in rows}


def suppressed_cells(result_set: ResultSet) -> set[str]:
    rows = result_set.estimates.exclude(suppressed="")
    return {f"{e.indicator_id}|{e.domain}|{e.level}" for e in rows}


def test_no_page_under_any_filter_prints_a_suppressed_figure(client: Client, frame: Frame) -> None:
    wave, result_set = publish(frame)
    secret, public = suppressed_cells(result_set), published_cells(result_set)
    assert secret, "the test wave must have suppressed cells"
    shown: set[str] = set()
    for url in dashboard_urls(wave, result_set):
        response = client.get(url)
        assert response.status_code == 200, url
        for cell, content in rendered_cells(response.content.decode()).items():
            shown.add(cell)
            if cell in public:
                assert DIGIT.search(content), (url, cell)
            else:
                assert "secret statistique" in content, (url, cell)
                assert not DIGIT.search(content), (url, cell, content)
    assert secret <= shown  # every suppressed cell was rendered (as a secret) somewhere
    assert public & shown


def test_no_authority_is_ever_named_on_the_dashboard(client: Client, frame: Frame) -> None:
    wave, result_set = publish(frame)
    names = {frame.get(unit).name for unit in sample_communes(frame)}
    for url in dashboard_urls(wave, result_set):
        page = client.get(url).content.decode()
        assert "commune:" not in page
        assert not {name for name in names if f">{name}<" in page}, url
