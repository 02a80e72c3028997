"""The curve of complete answers by day, drawn as SVG on the server (no JavaScript, no library).

Only coordinates are computed here; the template draws the axes, the line and the labels, and
the same days stand in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from barometre.participation.rates import DayCount

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 28  # room for the axis labels


@dataclass(frozen=True)
class Curve:
    points: str  # "x,y x,y …" for <polyline>
    top: int  # the highest cumulative count, labelled on the vertical axis
    first: DayCount
    last: DayCount
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    ceiling: int = TOP


def curve(days: list[DayCount]) -> Curve | None:
    """``None`` before the wave opens (no day to draw)."""
    if not days:
        return None
    top = max(days[-1].cumulative, 1)
    span = max(len(days) - 1, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    points = " ".join(
        f"{LEFT + inner_w * index / span:.1f},{TOP + inner_h * (1 - day.cumulative / top):.1f}"
        for index, day in enumerate(days)
    )
    return Curve(points=points, top=days[-1].cumulative, first=days[0], last=days[-1])
