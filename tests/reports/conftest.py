from __future__ import annotations

from collections.abc import Iterator

import pytest

from barometre.reports.wave import clear_cache


@pytest.fixture(autouse=True)
def fresh_scores() -> Iterator[None]:
    """Each test reads its own database: no scores kept from another test's result set."""
    clear_cache()
    yield
    clear_cache()
