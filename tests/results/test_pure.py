"""The row and estimation modules of results, and the publication builders, need no Django."""

from __future__ import annotations

import math
import subprocess
import sys

from barometre.questionnaire import compile_yaml
from barometre.results.rows import indicator_cells, response_row
from tests.results.factory import SOURCE

PURE = (
    "barometre.results.rows",
    "barometre.results.estimation",
    "barometre.publication.records",
    "barometre.publication.records_api",
    "barometre.publication.codebook",
    "barometre.publication.methodology",
)


def test_pure_modules_import_without_loading_django() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in PURE)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'config'})\n"
        + "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_a_share_outside_its_base_is_missing() -> None:
    questionnaire = compile_yaml(SOURCE).questionnaire
    assert questionnaire is not None
    cells = indicator_cells(questionnaire, {"a_site": "non"})
    assert cells["base:essai.part_en_ligne"] is False
    assert math.isnan(cells["num:essai.part_en_ligne"])
    assert cells["num:essai.site"] == 0.0


def test_a_mean_indicator_reads_the_numeric_answer() -> None:
    questionnaire = compile_yaml(SOURCE).questionnaire
    assert questionnaire is not None
    row = response_row(
        questionnaire, {"authority": "commune:42218"}, {"a_site": "oui", "part_en_ligne": 40}
    )
    assert row["num:essai.part_en_ligne"] == 0.4
    assert row["outils"] is None
