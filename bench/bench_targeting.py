"""Proof by simulation: reminders targeted by the ranking against as many sent at random.

Two scenarios over the whole frame (``barometre.participation.simulation``): response that
depends on size and région only (what the frame knows), then also on the latent digital trait
(what it does not). Each runs ``BENCH_REPLICATES`` replicates (200) of a collection with two
rounds of 3,000 reminders, in two processes; prints the bias, RMSE, mean 95 % interval width
and coverage of the weighted key shares per arm, the mean R-indicator, the time taken, and
writes the plot of the errors to ``docs/img/simulation-relances.svg``.
"""

from __future__ import annotations

import html
import os
import time
from pathlib import Path

import numpy as np

from barometre.participation import simulation as sim

ROOT = Path(__file__).resolve().parents[1]
REPLICATES = int(os.environ.get("BENCH_REPLICATES", "200"))
PROCESSES = 2
SCENARIOS = {
    "A — la réponse dépend de la taille et de la région": sim.Scenario(),
    "B — et aussi de la maturité numérique latente": sim.Scenario(latent_effect=0.5),
}
LABELS = {name: label for name, label, _, _ in sim.INDICATORS}
PLOT = ROOT / "docs" / "img" / "simulation-relances.svg"


def _run(scenario: sim.Scenario) -> tuple[list[sim.Summary], float]:
    started = time.perf_counter()
    outcomes = sim.run(scenario, REPLICATES, PROCESSES)
    return sim.summarise(outcomes), time.perf_counter() - started


def _points(value: float) -> str:
    return f"{100 * value:+.2f}".replace(".", ",").replace("-", "−")


def _decimal(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


HEADER = (
    "| indicateur | bras | répondants (moyenne) | R-indicateur | biais (points) "
    "| REQM (points) | largeur de l'IC à 95 % (points) | couverture |"
)


def _table(summaries: list[sim.Summary]) -> list[str]:
    lines = [HEADER, "|---|---|---:|---:|---:|---:|---:|---:|"]
    for s in summaries:
        r = _decimal(s.r_indicator, 3) if s.r_indicator is not None else "non calculable"
        lines.append(
            f"| {LABELS[s.indicator]} | {s.arm} | {_decimal(s.respondents, 0)} | {r} | "
            f"{_points(s.bias)} | {_decimal(100 * s.rmse)} | {_decimal(100 * s.width)} | "
            f"{_decimal(100 * s.coverage, 1)} % (± {_decimal(196 * s.coverage_se, 1)}) |"
        )
    return lines


def _box(errors: tuple[float, ...]) -> tuple[float, ...]:
    quantiles = np.quantile(np.array(errors) * 100, [0.05, 0.25, 0.5, 0.75, 0.95])
    return tuple(float(q) for q in quantiles)


DESCRIPTION = (
    "Pour chaque scénario, indicateur et bras, la distribution de l'estimation moins la vraie "
    "valeur, en points, sur les réplications : boîte du 1er au 3e quartile, trait à la médiane, "
    "moustaches de 5 % à 95 %. Les chiffres sont dans le tableau de docs/methodology.md."
)


class Axis:
    """Points of percentage → x coordinate."""

    def __init__(self, low: float, high: float, left: float = 380, width: float = 350) -> None:
        self.low, self.high, self.left, self.width = low, high, left, width

    def __call__(self, value: float) -> float:
        return self.left + (value - self.low) / ((self.high - self.low) or 1) * self.width


def _row(x: Axis, y: float, label: str, box: tuple[float, ...]) -> list[str]:
    p5, q1, median, q3, p95 = box
    return [
        f'<text x="{x.left - 8}" y="{y + 4:.1f}" text-anchor="end">{html.escape(label)}</text>',
        f'<line x1="{x(p5):.1f}" y1="{y:.1f}" x2="{x(p95):.1f}" y2="{y:.1f}" stroke="#3a3a3a"/>',
        (
            f'<rect x="{x(q1):.1f}" y="{y - 8:.1f}" width="{max(x(q3) - x(q1), 1):.1f}" '
            'height="16" fill="#6a6af4" stroke="#000091"/>'
        ),
        (
            f'<line x1="{x(median):.1f}" y1="{y - 8:.1f}" x2="{x(median):.1f}" '
            f'y2="{y + 8:.1f}" stroke="#fff" stroke-width="2"/>'
        ),
    ]


def plot(results: dict[str, list[sim.Summary]]) -> str:
    """Box plots of the error (estimate − truth, points) per scenario, indicator and arm."""
    rows = [(name, s) for name, summaries in results.items() for s in summaries]
    boxes = [_box(s.errors) for _, s in rows]
    x = Axis(min(0.0, *(min(b) for b in boxes)), max(0.0, *(max(b) for b in boxes)))
    row_height, top = 26, 40
    height = top + row_height * len(rows) + 50
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 {height}" role="img" '
            'aria-labelledby="titre desc" font-family="sans-serif" font-size="12">'
        ),
        '<title id="titre">Erreur des parts pondérées selon les relances (simulation)</title>',
        f'<desc id="desc">{html.escape(DESCRIPTION)}</desc>',
        (
            f'<line x1="{x(0):.1f}" y1="{top - 10}" x2="{x(0):.1f}" y2="{height - 40}" '
            'stroke="#000" stroke-dasharray="4 3"/>'
        ),
        f'<text x="{x(0):.1f}" y="{top - 16}" text-anchor="middle">vraie valeur</text>',
    ]
    for i, ((scenario, s), box) in enumerate(zip(rows, boxes, strict=True)):
        label = f"{scenario[0]} · {LABELS[s.indicator]} · {s.arm}"
        parts += _row(x, top + i * row_height + row_height / 2, label, box)
    axis = height - 30
    for tick in np.linspace(x.low, x.high, 6):
        parts.append(
            f'<text x="{x(float(tick)):.1f}" y="{axis}" text-anchor="middle">'
            f"{_decimal(float(tick), 1)}</text>"
        )
    parts.append(
        f'<text x="{x.left + x.width / 2}" y="{axis + 18}" text-anchor="middle">'
        "estimation − vraie valeur (points de pourcentage)</text></svg>"
    )
    return "\n".join(parts) + "\n"


def main() -> None:
    results: dict[str, list[sim.Summary]] = {}
    print("## Simulation : relances ciblées ou au hasard\n")
    print(
        f"`python bench/run.py targeting` — référentiel entier (36 249 collectivités), "
        f"{REPLICATES} réplications par scénario sur {PROCESSES} processus ; chaque réplication "
        "simule la collecte trois fois (sans relance, au hasard, ciblée) et pondère comme le "
        "baromètre.\n"
    )
    for name, scenario in SCENARIOS.items():
        summaries, seconds = _run(scenario)
        results[name] = summaries
        print(f"### Scénario {name}\n")
        print("\n".join(_table(summaries)))
        print(f"\n{REPLICATES} réplications en {_decimal(seconds, 1)} s.\n")
    PLOT.parent.mkdir(exist_ok=True)
    PLOT.write_text(plot(results), encoding="utf-8")
    print(f"Graphique : {PLOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
