"""Where the built reports are kept: one PDF per authority under ``RESTITUTIONS_ROOT``.

``vague-<id>/r<revision>-k<group minimum>/<type>-<code>.pdf``: a new revision of the final
result set, or another group minimum, gives new files; the old ones are never served for them.
A file is written to a temporary name and renamed into place, so a file that exists is whole:
the batch skips it and a download serves it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from barometre.reports.printing import write_whole
from barometre.reports.report import Source


def wave_directory(wave_id: int, revision: int, peers_minimum: int) -> Path:
    root = Path(settings.RESTITUTIONS_ROOT)
    return root / f"vague-{wave_id}" / f"r{revision}-k{peers_minimum}"


def pdf_path(source: Source, unit_id: str) -> Path:
    """The file of ``unit_id``'s report built from the result set ``source`` names."""
    directory = wave_directory(source.wave_id, source.revision, source.peers_minimum)
    return directory / file_name(unit_id)


def file_name(unit_id: str) -> str:
    return f"{unit_id.replace(':', '-')}.pdf"


def stored(path: Path, make: Callable[[], bytes]) -> Path:
    """The file at ``path``, made and written first if it is not there yet."""
    if not path.is_file():
        write_whole(path, make())
    return path
