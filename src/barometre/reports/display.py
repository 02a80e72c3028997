"""The report as a page shows it: French numbers, and the bars of the SVG chart (pure).

Nothing here computes a figure: it formats those of :class:`Report`, and a figure held back by
the disclosure rule stays without value, interval nor base.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from barometre.questionnaire.maturity import LEVELS
from barometre.reports.advice import OPSN_UNKNOWN, Advised
from barometre.reports.evolution import Evolution, Status, points
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


CHANGE_ROW: Final = 64
CHANGE_RIGHT: Final = 150  # « groupe 44,9 → 47,7 » after the axis


def _change_line(before: float, after: float, y: float) -> dict[str, str]:
    return {
        "x1": svg(x_of(before)),
        "x2": svg(x_of(after)),
        "y": svg(y),
        "text": f"{decimal(before)} → {decimal(after)}",
        "text_y": svg(y + 4),
    }


def changes_chart(themes: tuple[ThemeReport, ...]) -> dict[str, object]:
    """Rows of the evolution chart: for each theme compared, the authority's score then and now
    and, when published at both waves, the group's mean then and now."""
    rows = []
    compared = [t for t in themes if t.evolution and t.evolution.status is Status.COMPARED]
    for index, theme in enumerate(compared):
        evolution = theme.evolution
        assert evolution is not None  # noqa: S101 - filtered above
        y = TOP + index * CHANGE_ROW
        row: dict[str, object] = {
            "label": theme.label,
            "label_y": svg(y + 14),
            "grid_top": svg(y + 19),
            "grid_bottom": svg(y + 58),
            "own": _change_line(evolution.before or 0.0, evolution.after or 0.0, y + 30),
        }
        peers = evolution.peers
        if peers is not None and peers.change is not None and peers.before and peers.after:
            before, after = peers.before.value, peers.after.value
            if before is not None and after is not None:
                row["peers"] = _change_line(before, after, y + 48)
        rows.append(row)
    anchors = [{"x": svg(x_of(level.lower)), "label": decimal(level.lower, 0)} for level in LEVELS]
    return {
        "rows": rows,
        "height": svg(TOP + CHANGE_ROW * len(rows)),
        "width": svg(LEFT + WIDTH + CHANGE_RIGHT),
        "left": svg(LEFT),
        "text_x": svg(LEFT + WIDTH + 6),
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
    view["evolution"] = evolution_view(theme.evolution)
    return view


def signed_interval(low: float, high: float) -> str:
    """« de −5,1 à +12,3 points »."""
    return f"de {points(low).removesuffix(' points').removesuffix(' point')} à {points(high)}"


def evolution_view(evolution: Evolution | None) -> dict[str, object] | None:
    """The words and figures of a theme's evolution; a held-back mean prints no number."""
    if evolution is None:
        return None
    view: dict[str, object] = {
        "status": evolution.status.value,
        "compared": evolution.status is Status.COMPARED,
        "message": evolution.message,
        "wave": evolution.earlier.wave if evolution.earlier else "",
        "short": _short(evolution),
    }
    if evolution.status is not Status.COMPARED:
        return view
    view["before"] = decimal(evolution.before or 0.0)
    view["after"] = decimal(evolution.after or 0.0)
    view["difference"] = points(evolution.difference or 0.0)
    peers = evolution.peers
    if peers is not None:
        change = peers.change
        view["peers"] = {
            "label": peers.label,
            "before": score_figure(peers.before) if peers.before else None,
            "after": score_figure(peers.after),
            "difference": points(change.difference) if change else "",
            "interval": signed_interval(change.low, change.high) if change else "",
            "conclusion": peers.conclusion,
            "significant": peers.significant,
            "reason": peers.reason,
        }
    return view


def _short(evolution: Evolution) -> str:
    """The evolution in a table cell."""
    if evolution.status is Status.COMPARED:
        return points(evolution.difference or 0.0)
    return {
        Status.FIRST: "première participation",
        Status.MODEL_CHANGED: "modèle différent, pas de comparaison",
        Status.NO_SCORE: "pas de score à l'une des deux réponses",
        Status.UNAVAILABLE: "réponse précédente illisible",
    }[evolution.status]


def advice_view(item: Advised) -> dict[str, object]:
    recommendation = item.recommendation
    return {
        "rank": item.rank,
        "first": item.first,
        "id": f"reco-{item.questionnaire}-{recommendation.id}",
        "title": recommendation.title.fr,
        "why": recommendation.why.fr,
        "how": recommendation.how.fr,
        "priority": item.priority,
        "theme": item.theme_label,
        "points": decimal(item.points),
        "reasons": item.reasons,
        "links": [(link.label.fr, link.url) for link in recommendation.links],
        "opsn": OPSN_UNKNOWN if recommendation.opsn else "",
    }


def report_view(report: Report) -> dict[str, object]:
    advice = [advice_view(item) for item in report.recommendations]
    return {
        "report": report,
        "themes": [theme_view(theme) for theme in report.themes],
        "chart": bars(report.themes),
        "changes": changes_chart(report.themes),
        "levels": LEVELS,
        "built_at": report.source.built_at,
        "first_advice": [a for a in advice if a["first"]],
        "other_advice": [a for a in advice if not a["first"]],
    }
