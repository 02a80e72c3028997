"""The chart of the report as drawn on the server: bars to scale, dots in the coordinates, and
nothing drawn for a figure the disclosure rule holds back (pure)."""

from __future__ import annotations

from barometre.questionnaire.scoring import ThemeScore
from barometre.reports.display import LEFT, WIDTH, bars, percent, score_figure
from barometre.reports.groups import PeerGroup
from barometre.reports.peers import Figure, PeerFigures
from barometre.reports.report import ThemeReport

HIDDEN = Figure(None, None, None, 0)


def theme(label: str, earned: float, mean: Figure | None) -> ThemeReport:
    group = PeerGroup("commune", "<500", "departement", "43", frozenset({"a", "b"}))
    peers = PeerFigures(group, mean, (HIDDEN, HIDDEN, HIDDEN), ()) if mean else None
    return ThemeReport(
        id=label.lower(),
        label=label,
        description="",
        questionnaire="q",
        questionnaire_title="Q",
        version="1",
        model="0d8e",
        score=ThemeScore(label.lower(), earned, 4.0 if earned >= 0 else 0.0, ()),
        items=(),
        peers=peers,
        peer_label="",
        peers_reason="",
    )


def test_a_bar_is_as_long_as_the_score_with_dots_in_its_coordinates() -> None:
    chart = bars((theme("Données", 2.5, Figure(41.25, 29.4, 60.2, 8)),))
    (row,) = chart["rows"]  # type: ignore[misc]
    assert row["own_width"] == f"{WIDTH * 0.625:g}"  # 62,5 sur 100
    assert row["own_text"] == "62,5"
    assert row["peer_text"] == "41,2"
    assert row["low_x"] == f"{round(LEFT + WIDTH * 0.294, 1):g}"
    assert row["high_x"] == f"{round(LEFT + WIDTH * 0.602, 1):g}"
    assert "," not in "".join(str(v) for k, v in row.items() if not k.endswith("text"))


def test_a_secret_group_mean_draws_no_grey_bar_and_no_interval() -> None:
    chart = bars((theme("Données", 4.0, HIDDEN),))
    (row,) = chart["rows"]  # type: ignore[misc]
    assert row["own_text"] == "100,0"
    assert "peer_text" not in row
    assert "low_x" not in row


def test_a_theme_without_score_has_no_bar_and_the_chart_shrinks() -> None:
    scored = theme("Données", 1.0, None)
    unscored = theme("Sites", -1.0, None)
    one = bars((scored, unscored))
    two = bars((scored, scored))
    assert [row["label"] for row in one["rows"]] == ["Données"]  # type: ignore[attr-defined]
    assert float(str(one["height"])) < float(str(two["height"]))


def test_a_held_back_figure_prints_secret_without_a_number() -> None:
    shown = score_figure(HIDDEN)
    assert (shown.value, shown.interval, shown.base, shown.secret) == (
        "secret statistique",
        "",
        "",
        True,
    )
    assert percent(0.375) == "37,5\u202f%"
