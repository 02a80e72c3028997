"""Pure packages load without Django (the import-linter contracts check the static imports)."""

from __future__ import annotations

import subprocess
import sys

PURE = ("referentiel", "questionnaire", "stats", "synth", "vocabulary")


def test_pure_packages_import_without_loading_django() -> None:
    code = (
        "import sys\n"
        + "".join(f"import barometre.{name}\n" for name in PURE)
        + "roots = {'django', 'dsfr', 'config'}\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        + "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
