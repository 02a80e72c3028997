"""Every report of a wave at once: one PDF per authority that answered, printed by worker
processes, resumed where a batch stopped, from the CLI with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from barometre.campaigns.models import WaveStatus
from barometre.cli import cli
from barometre.referentiel import Frame
from barometre.reports import wave as wave_scores
from barometre.reports.batch import build_all
from barometre.reports.errors import ReportNotReadyError
from tests.reports.factory import communes, published_wave
from tests.www.test_infographic import inflated

pytestmark = pytest.mark.django_db
#: Fewer authorities than the factory's usual 24: each of them is a PDF to print.
FEW = (("42", 6), ("24", 3), ("33", 3))


@pytest.fixture(autouse=True)
def small_groups(settings: Any, tmp_path: Path) -> None:
    settings.RESTITUTION_PEERS_MINIMUM = 5
    settings.RESTITUTIONS_ROOT = tmp_path / "restitutions"


def test_worker_processes_print_one_pdf_per_authority_then_a_rerun_skips_them(
    frame: Frame, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = communes(frame, FEW)
    wave = published_wave(frame, units)
    computed: list[tuple[str, ...]] = []
    figures = wave_scores.peer_figures
    monkeypatch.setattr(
        wave_scores,
        "peer_figures",
        lambda *args: computed.append(args[3].key) or figures(*args),
    )
    seen: list[tuple[int, int]] = []
    outcome = build_all(
        wave.pk, peers_minimum=5, processes=2, on_progress=lambda *p: seen.append(p)
    )
    files = sorted(outcome.directory.glob("*.pdf"))
    assert [f.name for f in files] == sorted(f"{u.replace(':', '-')}.pdf" for u in units)
    assert (outcome.built, outcome.skipped, outcome.total) == (len(units), 0, len(units))
    assert seen[0] == (0, len(units))
    assert seen[-1] == (len(units), len(units))
    assert len(computed) == len(set(computed))  # each group's figures once, not once per report
    assert len(computed) < len(units)
    for unit in (units[0], units[-1]):  # each file is its own authority's report
        clear = inflated((outcome.directory / f"{unit.replace(':', '-')}.pdf").read_bytes())
        assert b"/StructTreeRoot" in clear
        assert frame.get(unit).name.encode("utf-16-be").hex().encode() in clear.lower()
    assert outcome.in_words() == (
        f"{len(units)} restitution(s) construite(s), 0 déjà présente(s) sur {len(units)} "
        "collectivité(s) ayant répondu."
    )

    files[0].unlink()
    again = build_all(wave.pk, peers_minimum=5, processes=1)
    assert (again.built, again.skipped) == (1, len(units) - 1)
    assert files[0].is_file()


def test_a_wave_not_published_is_refused_and_nothing_written(frame: Frame, settings: Any) -> None:
    units = communes(frame)
    wave = published_wave(frame, units, status=WaveStatus.CLOSED)
    with pytest.raises(ReportNotReadyError, match="n'est pas encore publiée"):
        build_all(wave.pk, peers_minimum=5)
    assert not Path(settings.RESTITUTIONS_ROOT).exists()


def test_the_command_builds_every_report_with_a_progress_bar(frame: Frame) -> None:
    units = communes(frame, FEW)
    wave = published_wave(frame, units)
    result = CliRunner().invoke(
        cli, ["restitution", "--vague", str(wave.pk), "--toutes", "--processus", "1"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Restitutions")  # the bar itself is drawn on a terminal
    assert "weasyprint" not in result.output  # no step of WeasyPrint's in the way
    assert f"{len(units)} restitution(s) construite(s)" in result.output
    rerun = CliRunner().invoke(cli, ["restitution", "--vague", str(wave.pk), "--toutes"])
    assert f"0 restitution(s) construite(s), {len(units)} déjà présente(s)" in rerun.output


def test_the_command_refuses_every_report_of_an_unknown_wave_and_mixed_options() -> None:
    unknown = CliRunner().invoke(cli, ["restitution", "--vague", "999", "--toutes"])
    assert unknown.exit_code == 1
    assert "Aucune vague n'a l'identifiant 999." in unknown.output
    mixed = CliRunner().invoke(
        cli, ["restitution", "--vague", "1", "--toutes", "--collectivite", "42218"]
    )
    assert mixed.exit_code == 2
    assert "--toutes construit chaque restitution : sans --collectivite ni -o." in mixed.output
