"""Questionnaires: answer validation, compilation, synthetic respondents, indicators.

- validation: every synthetic wave-1..3 answer set of the nine questionnaires, validated whole
  (and one page, as autosave does) by ``validate_answers``; the peer is the same check with the
  expressions re-parsed at every call (what skipping the compile-once step costs);
- compilation: the nine library questionnaires, YAML → frozen questionnaire, against pyxform 4.5
  converting the same questionnaires (exported as XLSForm) to XForm XML;
- synthetic respondents: ``synthesize`` of one million answer sets, and writing them as Parquet;
- indicators: every indicator of wave 1 over the 8,187 synthetic answer sets (row evaluator).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyxform.xls2xform import convert

from barometre.questionnaire import Questionnaire, compile_path, indicator_values, validate_answers
from barometre.questionnaire.expressions import compile_node, parse, truthy
from barometre.questionnaire.library import library_paths, load_library, wave_questionnaires
from barometre.questionnaire.xlsform import export_xlsform
from barometre.referentiel import load_frame
from barometre.synth import answer_sets, synthesize

SEED = 20261128


def per_call(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def naive_validate(questionnaire: Questionnaire, answers: dict[str, object]) -> int:
    """The peer: same relevance and constraint checks, each expression parsed at every call."""
    errors = 0
    for question in questionnaire.ordered_questions:
        for expression in (question.relevance, question.constraint):
            if expression is not None:
                value = answers.get(question.id)
                evaluate = compile_node(parse(expression.source))
                errors += not truthy(evaluate(answers, value))  # type: ignore[arg-type]
    return errors


def row(label: str, median: str, p99: str = "–", ratio: str = "–") -> str:
    return f"| {label} | {median} | {p99} | {ratio} |"


def micro(times: list[float]) -> tuple[str, str]:
    return f"{statistics.median(times) * 1e6:.0f} µs", f"{_p99(times) * 1e6:.0f} µs"


def validation_rows() -> list[str]:
    pairs = []
    for wave in (1, 2, 3):
        table = synthesize(wave, seed=SEED)
        pairs += [(q, a) for q in wave_questionnaires(wave) for a in answer_sets(table, q)]
    whole = [t for q, a in pairs for t in per_call(lambda q=q, a=a: validate_answers(q, a), 1)]
    page = [
        t
        for q, a in pairs
        for t in per_call(lambda q=q, a=a: validate_answers(q, a, q.sections[1].id), 1)
    ]
    naive = [t for q, a in pairs for t in per_call(lambda q=q, a=a: naive_validate(q, a), 1)]
    ratio = f"{statistics.median(naive) / statistics.median(whole):.1f}×"
    return [
        row(
            f"validation d'un jeu complet ({len(pairs)} jeux, 9 questionnaires)",
            *micro(whole),
            "1.0×",
        ),
        row("validation d'une page (sauvegarde automatique)", *micro(page)),
        row("pair : expressions ré-analysées à chaque appel", *micro(naive), ratio),
    ]


def _p99(times: list[float]) -> float:
    return sorted(times)[int(0.99 * (len(times) - 1))]


def compile_rows() -> list[str]:
    paths = library_paths()
    ours = [t for path in paths for t in per_call(lambda path=path: compile_path(path), 5)]
    with tempfile.TemporaryDirectory() as folder:
        workbooks = []
        for questionnaire in load_library().values():
            workbook = Path(folder) / f"{questionnaire.id}.xlsx"
            export_xlsform(questionnaire, workbook)
            workbooks.append(workbook)
        imported = [t for w in workbooks for t in per_call(lambda w=w: compile_path(w), 3)]
        peer = [t for w in workbooks for t in per_call(lambda w=w: convert(str(w)), 3)]
    median = statistics.median(ours)
    imported_median = statistics.median(imported)
    peer_median = statistics.median(peer)
    return [
        row("compilation YAML → questionnaire figé", f"{median * 1e3:.1f} ms", ratio="1.0×"),
        row(
            "import XLSForm (.xlsx) → questionnaire figé",
            f"{imported_median * 1e3:.1f} ms",
            ratio=f"{imported_median / median:.1f}×",
        ),
        row(
            "pair : pyxform 4.5, XLSForm → XForm",
            f"{peer_median * 1e3:.1f} ms",
            ratio=f"{peer_median / median:.1f}×",
        ),
    ]


def synth_rows() -> list[str]:
    load_frame()
    start = time.perf_counter()
    table = synthesize(1, n=333_334, seed=SEED)
    generated = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        table.write_parquet(Path(folder) / "synth.parquet")
        written = time.perf_counter() - start
    wave1 = synthesize(1, seed=SEED)
    start = time.perf_counter()
    for questionnaire in wave_questionnaires(1):
        indicator_values(questionnaire, answer_sets(wave1, questionnaire))
    indicators = time.perf_counter() - start
    return [
        row(f"synthèse de {table.height} jeux de réponses (vague 1)", f"{generated:.1f} s"),
        row("écriture Parquet de ces jeux", f"{written:.1f} s"),
        row(f"indicateurs de la vague 1 ({wave1.height} jeux)", f"{indicators * 1e3:.0f} ms"),
    ]


def main() -> None:
    print("| mesure | médiane | p99 | ratio |")
    print("|---|---:|---:|---:|")
    for line in [*validation_rows(), *compile_rows(), *synth_rows()]:
        print(line)


if __name__ == "__main__":
    main()
