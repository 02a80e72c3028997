"""The dashboard on the library's wave 1 (synthetic respondents): three themes, every declared
indicator tabled, no suppressed figure on any page × filter, a bounded number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from barometre.questionnaire.library import wave_questionnaires
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from tests.results.factory import library_wave
from tests.www.test_dashboard_disclosure import dashboard_urls, published_cells
from tests.www.test_dashboard_helpers import DIGIT, rendered_cells

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_library_wave_on_the_dashboard(
    client: Client, frame: Frame, django_assert_max_num_queries: Any
) -> None:
    wave = library_wave(1, 150)
    result_set = build_result_set(wave, "final", frame=frame)
    home = client.get("/resultats/").content.decode()
    for questionnaire in wave_questionnaires(1):
        assert questionnaire.title.fr in home
        with django_assert_max_num_queries(12):
            page = client.get(f"/resultats/{wave.pk}/{questionnaire.id}/").content.decode()
        for indicator in questionnaire.indicators:
            assert f'data-indicator="{indicator.id}"' in page
    public = published_cells(result_set)
    for url in dashboard_urls(wave, result_set):
        response = client.get(url)
        assert response.status_code == 200, url
        for cell, content in rendered_cells(response.content.decode()).items():
            assert (cell in public) is bool(DIGIT.search(content)), (url, cell, content)
