from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.participation.smtp import Collector, running_smtp


@pytest.fixture
def smtp(settings: Any) -> Iterator[Collector]:
    yield from running_smtp(settings)
