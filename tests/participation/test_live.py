"""The representativeness of a scope in words (pure: cells and statuses, no database)."""

from __future__ import annotations

import math

from barometre.participation.live import degree, live, signed
from barometre.participation.rates import Cell

NAMES = {"84": "Auvergne-Rhône-Alpes", "11": "Île-de-France"}


def scope(
    *groups: tuple[Cell, int, int],
) -> tuple[dict[str, Cell], dict[str, str]]:
    cells, statuses = {}, {}
    for number, (cell, units, answered) in enumerate(groups):
        for i in range(units):
            authority = f"commune:{number}{i:04d}"
            cells[authority] = cell
            if i < answered:
                statuses[authority] = "submitted"
            elif i == answered:
                statuses[authority] = "started"  # started does not count as an answer
    return cells, statuses


SMALL = Cell("84", "commune", "<500")
LARGE = Cell("84", "commune", ">=50000")
PARIS = Cell("11", "commune", ">=50000")


def test_one_region_one_type_two_strata_by_hand() -> None:
    # <500: 30 units, 3 answered (10 %); ≥ 50 000: 10 units, 5 answered (50 %); ρ̄ = 0,2.
    # S² = (30 · 0,1² + 10 · 0,3²) / 39 = 1,2 / 39 → R = 1 − 2 √(1,2/39) = 0,649…
    cells, statuses = scope((SMALL, 30, 3), (LARGE, 10, 5))
    seen = live(cells, statuses, NAMES)
    assert seen.reason == ""
    r = 1 - 2 * math.sqrt(1.2 / 39)
    assert seen.value == f"{r:.2f}".replace(".", ",")
    assert seen.reading.startswith(f"{seen.value} : la participation varie fortement")
    assert "surtout selon la strate de population" in seen.reading
    assert "Communes de moins de 500 hab. (10,0 %) répond moins que l'ensemble" in seen.reading
    assert "Taux de réponse d'ensemble : 20,0 %" in seen.reading
    assert "ne peut pas descendre sous 0,20" in seen.reading  # 1 − 2 √(0,2 · 0,8)
    assert [v.variable for v in seen.variables] == ["stratum"]
    assert [note.split(" dans")[0] for note in seen.omitted] == [
        "Une seule modalité pour la variable « région »",
        "Une seule modalité pour la variable « type »",
    ]
    (stratum,) = seen.variables
    assert stratum.top[0].side == "sur-représentation"  # 10 units at +0,3 outweigh 30 at −0,1
    assert stratum.top[0].unconditional == signed(math.sqrt(10 / 40) * 0.3)
    assert seen.empty_cells == ()
    assert seen.national is not None
    assert seen.national.text.startswith("± ")


def test_an_empty_region_and_stratum_are_named() -> None:
    cells, statuses = scope((SMALL, 30, 3), (LARGE, 10, 5), (PARIS, 5, 0))
    seen = live(cells, statuses, NAMES)
    assert [(c.kind, c.label, c.units) for c in seen.empty_cells] == [
        ("région", "Île-de-France", 5)
    ]
    width = {w.label: w.text for w in seen.widths}
    assert width["Île-de-France"] == "non calculable : aucun répondant"


def test_nothing_to_compute_says_why() -> None:
    assert live({}, {}, NAMES).reason.startswith("Aucune collectivité du référentiel")
    cells, statuses = scope((SMALL, 30, 0), (LARGE, 10, 0))
    nobody = live(cells, statuses, NAMES)
    assert nobody.reason.startswith("Aucune collectivité n'a encore répondu")
    assert nobody.value == ""
    cells, statuses = scope((SMALL, 30, 3))
    assert "rien à comparer" in live(cells, statuses, NAMES).reason


def test_words_for_values() -> None:
    assert [degree(v) for v in (0.95, 0.85, 0.75, 0.5)] == [
        "peu",
        "modérément",
        "nettement",
        "fortement",
    ]
    assert signed(-0.00001) == "0,0000"
    assert signed(-0.0123) == "−0,0123"
