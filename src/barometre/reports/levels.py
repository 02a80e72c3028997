"""How the members of a territory spread over the five levels of each theme (pure).

For a relay planning its support: among the authorities of its territory that answered, how
many reached each level. These are counts of the members who answered, not estimates for the
territory, and they go through the result set's disclosure rule as any published table
(stats.disclosure): a theme with fewer than ``min_base`` scored members shows no distribution;
a count below ``min_base`` is hidden, and a second one of the same theme beside it so that it
cannot be recovered from the total (secondary suppression). A hidden count has no number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from barometre import stats
from barometre.questionnaire.maturity import LEVELS, Level
from barometre.reports.display import LEFT, percent, svg

#: Bar geometry (SVG user units): the theme's label above its bar, 0–100 % across the width.
BAR_WIDTH = 480
ROW = 58
TOP = 8
#: Level colours, lightest to darkest blue (DSFR « bleu France » tints); « secret » in grey.
COLOURS = ("#e3e3fd", "#b1b1f9", "#8585f6", "#5858ee", "#000091")
HIDDEN_COLOUR = "#d0d0d0"


@dataclass(frozen=True, slots=True)
class LevelCount:
    level: Level
    count: int | None  # None: held back by the disclosure rule

    @property
    def secret(self) -> bool:
        return self.count is None


@dataclass(frozen=True, slots=True)
class ThemeLevels:
    """One theme's members by level; ``counts`` is empty when the theme's base is too small."""

    label: str
    questionnaire: str
    scored: int
    unscored: int
    counts: tuple[LevelCount, ...]

    @property
    def shown(self) -> bool:
        return bool(self.counts)

    def share(self, count: LevelCount) -> str:
        return percent(count.count / self.scored) if count.count is not None else ""

    @property
    def cells(self) -> tuple[tuple[LevelCount, str], ...]:
        """Each level's count and its share of the members with a score, as printed."""
        return tuple((count, self.share(count)) for count in self.counts)

    @property
    def secret_count(self) -> int:
        """How many members the hidden counts hold together (the total minus what is shown)."""
        return self.scored - sum(c.count for c in self.counts if c.count is not None)


def theme_levels(
    label: str,
    questionnaire: str,
    levels: Iterable[Level | None],
    rule: stats.DisclosureRule,
) -> ThemeLevels:
    """The distribution of ``levels`` (one per member who answered; ``None``: no score)."""
    found = list(levels)
    counted = Counter(level.number for level in found if level is not None)
    scored = sum(counted.values())
    unscored = len(found) - scored
    if scored < rule.min_base:
        return ThemeLevels(label, questionnaire, scored, unscored, ())
    table = stats.EstimateTable(
        ("niveau",),
        tuple(
            (
                (level.number,),
                stats.Estimate(float(counted[level.number]), 0.0, counted[level.number]),
            )
            for level in LEVELS
        ),
        statistic="total",
    )
    checked = rule.apply(table)
    counts = tuple(
        LevelCount(level, None if estimate.suppressed else int(estimate.n))
        for level, (_, estimate) in zip(LEVELS, checked, strict=True)
    )
    return ThemeLevels(label, questionnaire, scored, unscored, counts)


def bars(themes: Iterable[ThemeLevels]) -> dict[str, object]:
    """One stacked bar per theme shown: a segment per level published, one grey for the rest."""
    rows = []
    for index, theme in enumerate(t for t in themes if t.shown):
        y = TOP + index * ROW
        x = float(LEFT)
        segments = []
        for count in theme.counts:
            if count.count:
                width = BAR_WIDTH * count.count / theme.scored
                colour = COLOURS[count.level.number - 1]
                segments.append(
                    {"x": svg(round(x, 1)), "width": svg(round(width, 1)), "fill": colour}
                )
                x += width
        if theme.secret_count:
            width = BAR_WIDTH * theme.secret_count / theme.scored
            segments.append(
                {"x": svg(round(x, 1)), "width": svg(round(width, 1)), "fill": HIDDEN_COLOUR}
            )
        rows.append({
            "label": f"{theme.label} ({theme.scored} collectivités)",
            "label_y": svg(y + 14),
            "y": svg(y + 20),
            "segments": segments,
            "summary": _summary(theme),
        })  # fmt: skip
    return {
        "rows": rows,
        "width": svg(LEFT * 2 + BAR_WIDTH),
        "height": svg(TOP + ROW * len(rows)),
        "legend": [
            {"label": f"{level.number} — {level.name}", "fill": colour}
            for level, colour in zip(LEVELS, COLOURS, strict=True)
        ] + [{"label": "secret statistique", "fill": HIDDEN_COLOUR}],
    }  # fmt: skip


def _summary(theme: ThemeLevels) -> str:
    parts = [
        f"niveau {c.level.number} : {c.count}" if c.count is not None else
        f"niveau {c.level.number} : secret statistique"
        for c in theme.counts
    ]  # fmt: skip
    return f"{theme.label}, {theme.scored} collectivités : " + ", ".join(parts) + "."
