"""The report as a page shows it: French numbers, and the bars of the SVG chart (pure).

Nothing here computes a figure: it formats those of :class:`Report`, and a figure held back by
the disclosure rule stays without value, interval nor base.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from barometre.questionnaire.maturity import LEVELS
from barometre.reports.peers import Figure
from barometre.reports.report import Report, ThemeReport

SECRET: Final = "secret statistique"  # noqa: S105 - the words shown, not a password
NBSP: Final = "\u202f"
#: Chart geometry, in SVG user units: each theme's label above its two bars, the 0–100 scale
#: across the width and room on the right for the figures printed after the bars.
LEFT: Final = 12
WIDTH: Final = 420
RIGHT: Final = 96
ROW: Final = 80
TOP: Final = 32


def decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def percent(share: float) -> str:
    return f"{decimal(100 * share)}{NBSP}%"


def whole(number: int) -> str:
    return f"{number:,}".replace(",", NBSP)


@dataclass(frozen=True, slots=True)
class Shown:
    """One figure as printed: value, « de … à … », base; ``secret`` without any number."""

    value: str
    interval: str
    base: str
    secret: bool


def score_figure(figure: Figure) -> Shown:
    if figure.value is None:
        return Shown(SECRET, "", "", secret=True)
    interval = (
        f"de {decimal(figure.low)} à {decimal(figure.high)}"
        if figure.low is not None and figure.high is not None
        else "non calculable"
    )
    return Shown(decimal(figure.value), interval, whole(figure.n), secret=False)


def share_figure(figure: Figure) -> Shown:
    if figure.value is None:
        return Shown(SECRET, "", "", secret=True)
    interval = (
        f"de {decimal(100 * figure.low)} à {percent(figure.high)}"
        if figure.low is not None and figure.high is not None
        else "non calculable"
    )
    return Shown(percent(figure.value), interval, whole(figure.n), secret=False)


def x_of(score: float) -> float:
    return round(LEFT + WIDTH * max(0.0, min(100.0, score)) / 100, 1)


def svg(number: float) -> str:
    """A coordinate as SVG reads it (a dot, never the French decimal comma)."""
    return f"{number:g}"


def bars(themes: tuple[ThemeReport, ...]) -> dict[str, object]:
    """Rows of the chart: the authority's bar and, when shown, the group's mean and interval.

    Coordinates are text already (``svg``): a template would print a float the French way."""
    rows = []
    for index, theme in enumerate(t for t in themes if t.value is not None):
        y = TOP + index * ROW
        own = theme.value or 0.0
        row: dict[str, object] = {
            "label": theme.label,
            "label_y": svg(y + 14),
            "grid_top": svg(y + 19),
            "grid_bottom": svg(y + 64),
            "y": svg(y + 22),
            "text_y": svg(y + 37),
            "own_width": svg(x_of(own) - LEFT),
            "own_text": decimal(own),
            "own_text_x": svg(x_of(own) + 4),
        }
        mean = theme.peers.mean if theme.peers else None
        if mean is not None and mean.value is not None:
            row |= {
                "peer_y": svg(y + 46),
                "peer_width": svg(x_of(mean.value) - LEFT),
                "peer_text": decimal(mean.value),
                "peer_text_x": svg(x_of(max(mean.value, mean.high or mean.value)) + 4),
                "peer_text_y": svg(y + 58),
                "low_x": svg(x_of(mean.low)) if mean.low is not None else None,
                "high_x": svg(x_of(mean.high)) if mean.high is not None else None,
                "whisker_y": svg(y + 53),
            }
        rows.append(row)
    anchors = [{"x": svg(x_of(level.lower)), "label": decimal(level.lower, 0)} for level in LEVELS]
    return {
        "rows": rows,
        "height": svg(TOP + ROW * len(rows)),
        "width": svg(LEFT + WIDTH + RIGHT),
        "left": svg(LEFT),
        "anchors": [*anchors, {"x": svg(x_of(100)), "label": "100"}],
    }


def theme_view(theme: ThemeReport) -> dict[str, object]:
    peers = theme.peers
    view: dict[str, object] = {
        "theme": theme,
        "score": decimal(theme.value) if theme.value is not None else None,
        "level": theme.level,
        "position": theme.position,
        "items": [
            {
                "label": line.label,
                "answer": line.answer,
                "state": line.item.state.value,
                "value": decimal(line.item.value) if line.item.value is not None else "",
                "weight": decimal(line.item.weight),
            }
            for line in theme.items
        ],
    }
    if peers is not None:
        view["peers"] = {
            "label": theme.peer_label,
            "n": whole(peers.n),
            "mean": score_figure(peers.mean),
            "quartiles": [
                (name, score_figure(f))
                for name, f in zip(
                    ("Premier quartile", "Médiane", "Troisième quartile"),
                    peers.quartiles,
                    strict=True,
                )
            ],
            "levels": [(level, share_figure(f)) for level, f in peers.levels],
        }
    return view


def report_view(report: Report) -> dict[str, object]:
    return {
        "report": report,
        "themes": [theme_view(theme) for theme in report.themes],
        "chart": bars(report.themes),
        "levels": LEVELS,
        "built_at": report.source.built_at,
    }
