"""``barometre indicators``: raw (unweighted) value and base n of every indicator of a wave."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from barometre.cli.output import echo_json, table
from barometre.cli.questionnaire import plain
from barometre.questionnaire import IndicatorValue, Questionnaire, indicator_values
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.library import WAVES, wave_questionnaires

QUESTIONNAIRE_COLUMN = "questionnaire"


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Answer sets from Parquet (``barometre synth``) or JSON lines, one per line."""
    if path.suffix.lower() == ".parquet":
        import polars as pl  # noqa: PLC0415 - only this command needs it

        return pl.read_parquet(path).to_dicts()
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def answers_of(row: dict[str, Any], questionnaire: Questionnaire) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for qid in questionnaire.questions:
        value = row.get(qid)
        if value is None:
            continue
        out[qid] = tuple(value) if isinstance(value, list) else value
    return out


def _sets(rows: list[dict[str, Any]], questionnaire: Questionnaire) -> Iterator[dict[str, Value]]:
    for row in rows:
        if row.get(QUESTIONNAIRE_COLUMN) == questionnaire.id:
            yield answers_of(row, questionnaire)


def wave_values(
    rows: list[dict[str, Any]], wave: int
) -> list[tuple[Questionnaire, IndicatorValue]]:
    out = []
    for questionnaire in wave_questionnaires(wave):
        values = indicator_values(questionnaire, _sets(rows, questionnaire))
        out.extend((questionnaire, values[i.id]) for i in questionnaire.indicators)
    return out


def _record(questionnaire: Questionnaire, value: IndicatorValue) -> dict[str, Any]:
    indicator = questionnaire.indicator(value.id)
    assert indicator is not None  # noqa: S101 - the value comes from this questionnaire
    return {
        "value": value.value,
        "n": value.n,
        "count": value.count,
        "kind": indicator.kind,
        "questionnaire": questionnaire.id,
        "label": indicator.label.fr,
        "sensitivity": indicator.sensitivity.value,
        "published": indicator.published_value,
        "published_base": indicator.published_base,
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %".replace(".", ",")


@click.command()
@click.option(
    "--responses",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Réponses (.parquet écrit par « barometre synth », ou JSON lines).",
)
@click.option("--wave", type=click.Choice([str(w) for w in WAVES]), required=True)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON : id → {value, n, …}.")
def indicators(responses: Path, wave: str, *, as_json: bool) -> None:
    """Valeur brute (non pondérée) et base n de chaque indicateur d'une vague."""
    try:
        rows = read_rows(responses)
    except (OSError, ValueError) as error:
        click.echo(
            f"Erreur : fichier de réponses illisible ({error.__class__.__name__}).", err=True
        )
        raise SystemExit(1) from None
    values = wave_values(rows, int(wave))
    if as_json:
        echo_json({v.id: _record(q, v) for q, v in values})
        return
    body = [
        [
            plain(v.id),
            _pct(v.value),
            str(v.n),
            _pct(r["published"]),
            plain(r["published_base"] or ""),
        ]
        for q, v in values
        for r in [_record(q, v)]
    ]
    click.echo(table(["indicateur", "valeur", "n", "publié", "base publiée"], body, "lrrr"))
