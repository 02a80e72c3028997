"""Stratification schemes put each population in the right bin."""

from __future__ import annotations

import pytest

from barometre.referentiel import AMF6, DECLIC9, DGF15, FrameError, get_scheme


@pytest.mark.parametrize(
    ("population", "stratum"),
    [
        (0, "<500"),
        (499, "<500"),
        (500, "500-999"),
        (3499, "1000-3499"),
        (3500, "3500-9999"),
        (49999, "10000-49999"),
        (50000, ">=50000"),
        (2_100_000, ">=50000"),
    ],
)
def test_amf_bins_follow_the_legal_thresholds(population: int, stratum: str) -> None:
    assert AMF6.stratum_of(population) == stratum


def test_declic_has_nine_bins_and_dgf_fifteen() -> None:
    assert len(DECLIC9.labels) == 9
    assert len(DGF15.labels) == 15
    assert DECLIC9.stratum_of(4999) == "3500-4999"
    assert DGF15.stratum_of(199_999) == "100000-199999"
    assert DGF15.stratum_of(200_000) == ">=200000"


def test_display_labels_are_french() -> None:
    assert AMF6.display_label("<500") == "moins de 500 hab."
    assert AMF6.display_label(">=50000") == "50\u202f000 hab. et plus"


def test_unknown_scheme_is_a_french_error() -> None:
    with pytest.raises(FrameError, match="Schéma de strates inconnu"):
        get_scheme("insee12")
