"""Every model change has its migration: ``makemigrations --check`` in the suite, hence in CI."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration() -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as leaving:  # makemigrations --check exits 1 when one is missing
        pytest.fail(f"migration manquante (code {leaving.code}) :\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
