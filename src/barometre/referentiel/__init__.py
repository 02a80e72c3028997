"""The territorial frame: every French commune, EPCI, département and région (pure).

>>> from barometre.referentiel import load_frame
>>> frame = load_frame()
>>> frame.lookup("42218").name
'Saint-Étienne'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from barometre.referentiel.errors import (
    AmbiguousCodeError,
    EmptyQueryError,
    FrameError,
    MalformedCodeError,
    SnapshotError,
    UnknownUnitError,
)
from barometre.referentiel.frame import Frame, FrameCount, frame_from_snapshot
from barometre.referentiel.search import SearchHit
from barometre.referentiel.snapshot import read_provenance, read_snapshot
from barometre.referentiel.strata import (
    AMF6,
    DECLIC9,
    DEFAULT_SCHEME,
    DGF15,
    SCHEMES,
    PopulationScheme,
    get_scheme,
    stratum_label,
    stratum_of,
)
from barometre.referentiel.summary import summarize
from barometre.referentiel.units import UNIT_TYPES, Unit, UnitType, unit_id

__all__ = [
    "AMF6",
    "DECLIC9",
    "DEFAULT_SCHEME",
    "DGF15",
    "SCHEMES",
    "UNIT_TYPES",
    "AmbiguousCodeError",
    "EmptyQueryError",
    "Frame",
    "FrameCount",
    "FrameError",
    "MalformedCodeError",
    "PopulationScheme",
    "SearchHit",
    "SnapshotError",
    "Unit",
    "UnitType",
    "UnknownUnitError",
    "get_scheme",
    "load_frame",
    "stratum_label",
    "stratum_of",
    "summarize",
    "unit_id",
]


def load_frame(directory: Path | None = None) -> Frame:
    """The frame from the snapshot shipped in the package (or from ``directory``), cached."""
    return _load(str(directory) if directory else None)


@lru_cache(maxsize=4)
def _load(directory: str | None) -> Frame:
    folder = Path(directory) if directory else None
    return frame_from_snapshot(read_snapshot(folder), read_provenance(folder))
