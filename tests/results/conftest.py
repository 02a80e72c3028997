from __future__ import annotations

import pytest

from barometre.campaigns.models import Wave
from barometre.referentiel import Frame
from tests.results.factory import make_wave


@pytest.fixture
def closed_wave(db: None, frame: Frame) -> Wave:
    return make_wave(frame)
