"""The weighting of every demo wave, on the demo's own synthetic answers (no toy data).

Each wave of both editions is drawn exactly as ``load_demo`` draws it (``demo.load.synthetic``,
first answer set per authority, two in three submitted in the open wave), its rows get their
type, stratum and région from the frame as the extraction gives them, and the barometer's
design weights them. The weighting report must then meet, within ``RAKE_MAX_MISFIT``
(10⁻⁶, relative), every frame total of every margin it says it used.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from barometre import stats
from barometre.demo.load import EDITIONS, Edition, is_submitted, synthetic
from barometre.referentiel import load_frame
from barometre.results.estimation import weighting_report
from barometre.results.extraction import Submitted, identity
from barometre.stats.barometer import RAKE_MAX_MISFIT, REGION_GROUPS, barometer_design

WAVES = [(edition, wave) for edition in EDITIONS for wave in (1, 2, 3)]


def _tables(edition: Edition, wave: int) -> Iterator[tuple[str, pl.DataFrame]]:
    frame = load_frame()
    answers = synthetic(edition, wave, None)
    for key in answers["questionnaire"].unique(maintain_order=True):
        rows = answers.filter(pl.col("questionnaire") == key)
        first = rows.unique("unit_id", keep="first", maintain_order=True)
        submitted = [
            identity(frame, Submitted(i, key, unit, 0, role or "agent"), "demo")
            for i, (unit, role) in enumerate(zip(first["unit_id"], first["role"], strict=True))
            if is_submitted(edition, wave, i)
        ]
        table = pl.DataFrame(submitted).select("authority", "type", "stratum", "region", "role")
        yield key, table.with_columns(pl.col("type").cast(pl.Utf8))


def _report(table: pl.DataFrame) -> dict[str, object]:
    counts = load_frame().counts()
    design, cells, regions = barometer_design(table, counts)
    results = stats.BarometerResults(design, (), cells, regions)
    return weighting_report(table, counts, results)


def _gap(row: dict[str, float]) -> float:
    return abs(row["achieved"] - row["target"]) / row["target"]


@pytest.mark.parametrize(("edition", "wave"), WAVES, ids=lambda v: getattr(v, "year", v))
def test_every_demo_wave_meets_the_frame_on_the_margins_its_report_names(
    edition: Edition, wave: int
) -> None:
    for key, table in _tables(edition, wave):
        report = _report(table)
        assert report["method"] == "rake", (key, report["note"])
        assert report["margins"] == ["type × strate", "région"], key
        assert report["note"] == "", key
        cells = [c for c in report["cells"] if c["target"]]
        assert cells, key
        assert max(_gap(c) for c in cells) <= RAKE_MAX_MISFIT, key
        levels = report["region_levels"]
        assert sum(len(level["members"]) for level in levels) == len(report["regions"]), key
        assert max(_gap(level) for level in levels) <= RAKE_MAX_MISFIT, key


def test_the_2026_first_wave_pools_guyane_with_overseas_regions_instead_of_giving_up() -> None:
    """Guyane's only respondent there is the région itself: its frame total (communes, EPCI,
    the région) cannot be met alone; pooled with the other sparse overseas régions it is."""
    current = EDITIONS[-1]
    _, table = next(_tables(current, 1))
    report = _report(table)
    guyane = [c for c in report["collapsed"] if "03" in c["members"]]
    assert guyane, report["collapsed"]
    assert set(guyane[0]["members"]) <= set(REGION_GROUPS["outre-mer"])
    pooled = next(level for level in report["region_levels"] if "03" in level["members"])
    assert pooled["achieved"] == pytest.approx(pooled["target"], rel=RAKE_MAX_MISFIT)
    aquitaine = next(r for r in report["regions"] if r["level"] == "75")
    assert aquitaine["achieved"] == pytest.approx(aquitaine["target"], rel=RAKE_MAX_MISFIT)
    assert report["iterations"] > 1
