"""Read and write the frame snapshot shipped inside the package, checked against its provenance."""

from __future__ import annotations

import gzip
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from barometre.referentiel.errors import SnapshotError

SNAPSHOT_NAME = "frame.json.gz"
PROVENANCE_NAME = "provenance.json"


def default_directory() -> Path:
    return Path(str(resources.files("barometre.referentiel") / "data"))


def write_snapshot(snapshot: dict[str, Any], provenance: dict[str, Any], directory: Path) -> None:
    """Write the snapshot (gzip, reproducible bytes) and its provenance with the snapshot hash."""
    payload = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode()
    data = gzip.compress(payload, compresslevel=9, mtime=0)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / SNAPSHOT_NAME).write_bytes(data)
    record = {**provenance, "snapshot_file": SNAPSHOT_NAME, "snapshot_sha256": _sha256(data)}
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    (directory / PROVENANCE_NAME).write_text(text, encoding="utf-8")


def read_provenance(directory: Path | None = None) -> dict[str, Any]:
    path = (directory or default_directory()) / PROVENANCE_NAME
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(
            f"Le fichier de provenance du référentiel est introuvable ({path})."
        ) from None
    except (OSError, ValueError) as error:
        raise SnapshotError(
            f"Le fichier de provenance du référentiel est illisible ({path}) : {error}."
        ) from None
    if not isinstance(record, dict) or "snapshot_sha256" not in record:
        raise SnapshotError(f"Le fichier de provenance du référentiel est incomplet ({path}).")
    return record


def read_snapshot(directory: Path | None = None) -> dict[str, Any]:
    """Load the snapshot, refusing a missing, truncated or altered file with a French message."""
    folder = directory or default_directory()
    provenance = read_provenance(folder)
    path = folder / SNAPSHOT_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SnapshotError(
            f"Le référentiel des collectivités est introuvable ({path}). "
            "Réinstallez le paquet ou reconstruisez-le avec « make frame »."
        ) from None
    if _sha256(data) != provenance["snapshot_sha256"]:
        raise SnapshotError(
            f"Le référentiel des collectivités est corrompu ({path}) : son empreinte SHA-256 "
            "ne correspond pas à celle de son fichier de provenance. Réinstallez le paquet."
        )
    try:
        snapshot = json.loads(gzip.decompress(data))
    except (OSError, ValueError, EOFError) as error:
        raise SnapshotError(
            f"Le référentiel des collectivités est illisible ({path}) : {error}."
        ) from None
    if not isinstance(snapshot, dict):
        raise SnapshotError(f"Le référentiel des collectivités est mal formé ({path}).")
    return snapshot


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
