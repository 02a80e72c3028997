"""Set Django up for the few commands that need the database (the demo's and open data's)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def setup_django() -> None:
    """Make ``config`` importable from the repository and load the dev settings by default."""
    root = Path(__file__).resolve().parents[3]
    if (root / "manage.py").exists() and str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django  # noqa: PLC0415 - only the commands that need the database

    django.setup()
