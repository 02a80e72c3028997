from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from barometre.campaigns.models import Wave
from barometre.collection.links import enrol
from barometre.collection.models import AccessRequest, LinkRequest
from barometre.publication.export import export_wave
from barometre.referentiel import Frame
from tests.results.factory import published_edition


@pytest.fixture
def opendata_root(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / "opendata"
    settings.OPENDATA_ROOT = root  # type: ignore[attr-defined]
    return root


@pytest.fixture
def installation(transactional_db: None, frame: Frame, opendata_root: Path) -> Wave:
    """A used installation, committed: a published wave, its open data package, people."""
    wave = published_edition(frame, 2026)
    export_wave(wave, Path(settings.OPENDATA_ROOT) / f"vague-{wave.pk}" / "r1", frame)
    enrol("42218", "secretariat@saint-etienne.fr", "agent", "secrétaire de mairie")
    AccessRequest.objects.create(authority_id="commune:69123", email="dsi@lyon.fr", role="agent")
    LinkRequest.objects.create(email_hash="0" * 64, client="1" * 64)
    return wave


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
