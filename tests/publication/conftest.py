from __future__ import annotations

from pathlib import Path

import pytest

from barometre.campaigns.models import Wave, WaveStatus
from barometre.publication.export import export_wave
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from tests.results.factory import make_wave


@pytest.fixture
def published_wave(db: None, frame: Frame) -> Wave:
    wave = make_wave(frame, status=WaveStatus.PUBLISHED)
    build_result_set(wave, "final")
    return wave


@pytest.fixture
def package(published_wave: Wave, frame: Frame, tmp_path: Path) -> Path:
    export_wave(published_wave, tmp_path / "donnees", frame)
    return tmp_path / "donnees"
