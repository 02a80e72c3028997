"""Synthetic respondents: realistic sample, valid answers, published figures reproduced."""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from click.testing import CliRunner

from barometre.cli import cli
from barometre.questionnaire import indicator_values, validate_answers
from barometre.questionnaire.expressions import truthy
from barometre.questionnaire.library import load_library, wave_questionnaires
from barometre.referentiel import load_frame, stratum_of
from barometre.synth import answer_sets, synthesize, wave_figures
from barometre.synth.answer import Respondents, answer
from barometre.synth.vector import MISSING, Choice, Multi, evaluate_mask

FIGURES = json.loads(
    (Path(__file__).parent.parent / "questionnaire" / "data" / "published-figures.json").read_text(
        encoding="utf-8"
    )
)
WAVE1_FIGURES = [
    f for f in FIGURES["figures"] if f["wave"] == 1 and "consolidated" not in f["base"]
]
CONSOLIDATED_LATER = [f for f in FIGURES["figures"] if f["wave"] > 1]


@lru_cache(maxsize=4)
def table(wave: int, seed: int = 11) -> pl.DataFrame:
    return synthesize(wave, seed=seed)


@lru_cache(maxsize=4)
def values(wave: int) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for questionnaire in wave_questionnaires(wave):
        computed = indicator_values(questionnaire, answer_sets(table(wave), questionnaire))
        out |= {key: value.value for key, value in computed.items()}
    return out


def respondents(wave: int) -> pl.DataFrame:
    return table(wave).filter(pl.col("questionnaire") == wave_questionnaires(wave)[0].id)


def test_the_same_seed_gives_the_same_table() -> None:
    assert synthesize(1, n=40, seed=5).equals(synthesize(1, n=40, seed=5))


def test_another_seed_gives_another_table() -> None:
    assert not synthesize(1, n=40, seed=5).equals(synthesize(1, n=40, seed=6))


def test_wave_1_has_2729_respondents_answering_three_questionnaires() -> None:
    assert (respondents(1).height, table(1).height) == (2729, 3 * 2729)


@pytest.mark.parametrize("figure", WAVE1_FIGURES, ids=lambda f: f["id"])
def test_published_wave_1_figure_is_reproduced_within_2_points(figure: dict[str, object]) -> None:
    value = values(1)[str(figure["id"])]
    assert value is not None
    assert abs(value - float(figure["value"])) <= 0.02  # type: ignore[arg-type]


@pytest.mark.parametrize("figure", CONSOLIDATED_LATER, ids=lambda f: f["id"])
def test_later_waves_follow_the_consolidated_figures(figure: dict[str, object]) -> None:
    value = values(int(figure["wave"]))[str(figure["id"])]  # type: ignore[call-overload]
    assert value is not None
    assert abs(value - float(figure["value"])) <= 0.02  # type: ignore[arg-type]


def test_88_percent_of_responses_come_from_communes() -> None:
    share = (respondents(1)["unit_type"] == "commune").mean()
    assert abs(share - 0.88) <= 0.01  # type: ignore[operator]


def test_communes_under_1000_are_60_percent_and_1000_to_5000_are_25_percent() -> None:
    communes = respondents(1).filter(pl.col("unit_type") == "commune")["population"]
    under, middle = (communes < 1000).mean(), ((communes >= 1000) & (communes < 5000)).mean()
    assert (round(under, 2), round(middle, 2)) == (0.60, 0.25)  # type: ignore[arg-type]


def test_three_quarters_of_respondents_are_agents() -> None:
    share = (respondents(1)["role"] == "agent").mean()
    assert abs(share - 0.76) <= 0.01  # type: ignore[operator]


@pytest.mark.parametrize("region", ["75", "84"])
def test_nouvelle_aquitaine_and_auvergne_rhone_alpes_have_400_to_600_responses(region: str) -> None:
    assert 400 <= (respondents(1)["region"] == region).sum() <= 600


def test_occitanie_is_over_represented() -> None:
    communes = load_frame().of_type("commune")
    frame_share = sum(c.region == "76" for c in communes) / len(communes)
    sample = respondents(1).filter(pl.col("unit_type") == "commune")
    assert (sample["region"] == "76").mean() > frame_share  # type: ignore[operator]


def test_occitanie_stays_under_400_responses() -> None:
    assert (respondents(1)["region"] == "76").sum() < 400


def test_a_few_authorities_answer_several_times() -> None:
    counts = Counter(respondents(1)["unit_id"])
    repeated = sum(1 for c in counts.values() if c > 1)
    assert 0 < repeated < 0.05 * len(counts)


def test_wave_2_is_much_smaller_and_mostly_the_same_authorities() -> None:
    wave2 = set(respondents(2)["unit_id"])
    assert respondents(2).height == 629
    assert len(wave2 & set(respondents(1)["unit_id"])) / len(wave2) >= 0.7


def test_wave_3_is_smaller_again() -> None:
    assert respondents(3).height < respondents(2).height


@pytest.mark.parametrize("wave", [1, 2, 3])
def test_every_answer_set_is_valid_and_keeps_no_irrelevant_answer(wave: int) -> None:
    problems = Counter()
    for questionnaire in wave_questionnaires(wave):
        for answers in answer_sets(table(wave), questionnaire):
            result = validate_answers(questionnaire, answers)
            problems.update(e.code for e in result.errors)
            problems.update("set_aside" for _ in result.set_aside)
    assert problems == Counter()


def test_larger_authorities_are_more_digital() -> None:
    data = table(1).filter(pl.col("questionnaire") == "communication")
    small = data.filter(pl.col("stratum") == "<500")["com_site_internet"] == "oui"
    large = data.filter(pl.col("stratum") == "3500-9999")["com_site_internet"] == "oui"
    assert large.mean() > small.mean() + 0.2  # type: ignore[operator]


def test_weighting_the_communes_to_the_frame_moves_the_estimate() -> None:
    data = table(1).filter(
        (pl.col("questionnaire") == "communication") & (pl.col("unit_type") == "commune")
    )
    frame_counts = Counter(stratum_of(u) for u in load_frame().of_type("commune"))
    by_stratum = data.group_by("stratum").agg(
        (pl.col("com_site_internet") == "oui").mean().alias("share")
    )
    total = sum(frame_counts.values())
    weighted = sum(
        frame_counts[row["stratum"]] / total * row["share"]
        for row in by_stratum.iter_rows(named=True)
    )
    raw = (data["com_site_internet"] == "oui").mean()
    assert raw - weighted > 0.03  # type: ignore[operator]


@pytest.mark.parametrize("name", sorted(load_library()))
def test_column_evaluation_agrees_with_the_row_evaluator(name: str) -> None:
    questionnaire = load_library()[name]
    rng = np.random.default_rng(3)
    n = 300
    who = Respondents(rng.standard_normal(n), rng.lognormal(7, 2, n))
    columns = answer(rng, questionnaire, who)
    frame = synthesize(questionnaire.wave or 1, n=n, seed=3)
    rows = answer_sets(frame, questionnaire)
    assert columns
    for question in questionnaire.ordered_questions:
        if question.relevance is None:
            continue
        vector = evaluate_mask(question.relevance.tree, columns, n)
        by_row = [truthy(question.relevance.evaluate(_row(columns, i), None)) for i in range(n)]
        assert vector.tolist() == by_row, question.id
    assert rows


def _row(columns: dict[str, object], index: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for qid, column in columns.items():
        if isinstance(column, Choice):
            code = int(column.codes[index])
            if code != MISSING:
                out[qid] = column.options[code]
        elif isinstance(column, Multi):
            ticked = tuple(
                o for o, t in zip(column.options, column.matrix[index], strict=True) if t
            )
            if ticked:
                out[qid] = ticked
        elif (
            isinstance(column, np.ndarray)
            and column.dtype != np.object_
            and not np.isnan(column[index])
        ):
            out[qid] = float(column[index])
    return out


def test_synth_command_writes_parquet_that_indicators_read(tmp_path: Path) -> None:
    output = tmp_path / "vague1.parquet"
    result = CliRunner().invoke(
        cli, ["synth", "--wave", "1", "--n", "300", "--seed", "2", "-o", str(output)]
    )
    assert result.exit_code == 0
    shown = CliRunner().invoke(
        cli, ["indicators", "--responses", str(output), "--wave", "1", "--json"]
    )
    data = json.loads(shown.stdout)
    assert data["communication.site_internet"]["n"] == 300


def test_wave_figures_put_each_value_next_to_the_published_one() -> None:
    figure = next(f for f in wave_figures(table(1), 1) if f.id == "cyber.sans_rssi")
    assert (figure.published, figure.published_base, figure.n) == (0.64, "all respondents", 2729)
