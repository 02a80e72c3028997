"""Theme tables are computed once per result set and filter choice, never shown for another set."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.www.dashboard.cache import result_key
from tests.www.test_dashboard_helpers import publish, rendered_cells

pytestmark = pytest.mark.django_db
THEME = "essai_resultats"


def estimate_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    count = sum("results_resultestimate" in q["sql"] for q in queries.captured_queries)
    return count, response.content.decode()


def test_a_second_reader_gets_the_same_tables_without_recomputing_them(
    client: Client, frame: Frame
) -> None:
    cache.clear()
    wave, _result_set = publish(frame)
    url = f"/resultats/{wave.pk}/{THEME}/?ventilation=stratum"
    first_count, first = estimate_queries(client, url)
    second_count, second = estimate_queries(client, url)
    assert first_count >= 1
    assert second_count == 0
    assert rendered_cells(first) == rendered_cells(second)
    other_count, other = estimate_queries(client, f"/resultats/{wave.pk}/{THEME}/?ventilation=role")
    assert other_count == 1  # new tables: the estimates are read once, the choices are cached
    assert "essai.site|role|agent" in rendered_cells(other)
    assert "essai.site|role|agent" not in rendered_cells(first)


def test_a_new_revision_is_never_served_from_the_previous_one(client: Client, frame: Frame) -> None:
    cache.clear()
    wave, old = publish(frame)
    url = f"/resultats/{wave.pk}/{THEME}/"
    estimate_queries(client, url)
    new = build_result_set(wave, "final", frame=frame)
    assert result_key(new, "tables") != result_key(old, "tables")
    count, html = estimate_queries(client, url)
    assert count >= 1
    assert "révision 2" in html
