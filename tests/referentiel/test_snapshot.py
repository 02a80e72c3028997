"""The snapshot is shipped with its provenance, checked on load, and rebuilt by a pure function."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from barometre.referentiel import SnapshotError, load_frame
from barometre.referentiel.build import build_snapshot
from barometre.referentiel.frame import frame_from_snapshot
from barometre.referentiel.snapshot import (
    default_directory,
    read_provenance,
    read_snapshot,
    write_snapshot,
)


def test_provenance_names_package_version_licence_and_source_hash() -> None:
    provenance = read_provenance()
    assert provenance["package"] == "@etalab/decoupage-administratif"
    assert provenance["version"] == "6.0.0"
    assert provenance["vintage"] == 2026
    assert "Licence Ouverte" in provenance["licence"]
    assert len(provenance["source_sha256"]) == 64
    assert provenance["counts"] == {
        "communes": 34875,
        "epci": 1255,
        "departements": 101,
        "regions": 18,
    }


def test_missing_snapshot_is_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="introuvable"):
        read_snapshot(tmp_path)


def test_corrupt_snapshot_is_refused(tmp_path: Path) -> None:
    shutil.copytree(default_directory(), tmp_path, dirs_exist_ok=True)
    snapshot = tmp_path / "frame.json.gz"
    data = bytearray(snapshot.read_bytes())
    data[100] ^= 0xFF
    snapshot.write_bytes(bytes(data))
    with pytest.raises(SnapshotError, match="corrompu"):
        load_frame(tmp_path)


def test_unreadable_provenance_is_refused(tmp_path: Path) -> None:
    (tmp_path / "provenance.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SnapshotError, match="illisible"):
        read_snapshot(tmp_path)


def _commune(code: str, name: str, **extra: object) -> dict[str, object]:
    return {
        "code": code,
        "nom": name,
        "type": "commune-actuelle",
        "departement": "42",
        "region": "84",
        "zone": "metro",
        **extra,
    }


SOURCE = {
    "communes": [
        _commune(
            "42218",
            "Saint-Étienne",
            siren="214202186",
            population=173136,
            codesPostaux=["42000"],
            anciensCodes=["42190"],
        ),
        _commune("42001", "Aboën", siren="214200016", population=481, codesPostaux=["42380"]),
        {
            "code": "42190",
            "nom": "Rochetaillée",
            "type": "commune-deleguee",
            "chefLieu": "42218",
            "departement": "42",
            "region": "84",
            "zone": "metro",
        },
        {
            "code": "42299",
            "nom": "Saint-Étienne 1er",
            "type": "arrondissement-municipal",
            "commune": "42218",
            "departement": "42",
            "region": "84",
            "zone": "metro",
            "codesPostaux": ["42100"],
        },
        {
            "code": "98735",
            "nom": "Papeete",
            "type": "commune-actuelle",
            "departement": "987",
            "region": "987",
            "zone": "com",
        },
    ],
    "epci": [
        {
            "code": "244200770",
            "nom": "Saint-Étienne Métropole",
            "type": "METRO",
            "membres": [{"code": "42218"}, {"code": "42001"}],
        }
    ],
    "departements": [
        {"code": "42", "nom": "Loire", "region": "84", "zone": "metro"},
        {"code": "987", "nom": "Polynésie française", "region": "987", "zone": "com"},
    ],
    "regions": [{"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro"}],
}


def test_build_folds_secondary_records_and_drops_out_of_scope_ones(tmp_path: Path) -> None:
    snapshot = build_snapshot(**SOURCE)  # type: ignore[arg-type]
    write_snapshot(snapshot, {"package": "test"}, tmp_path)
    frame = frame_from_snapshot(read_snapshot(tmp_path), read_provenance(tmp_path))
    assert [u.id for u in frame.units] == [
        "commune:42001",
        "commune:42218",
        "epci:244200770",
        "departement:42",
        "region:84",
    ]
    saint_etienne = frame.lookup("42218")
    assert saint_etienne.aliases == ("Rochetaillée", "Saint-Étienne 1er")
    assert saint_etienne.postcodes == ("42000", "42100")
    assert frame.lookup("42190") == saint_etienne
    assert frame.lookup("42299") == saint_etienne
    assert frame.lookup("epci:244200770").population == 173136 + 481


def test_snapshot_bytes_are_reproducible(tmp_path: Path) -> None:
    snapshot = build_snapshot(**SOURCE)  # type: ignore[arg-type]
    write_snapshot(snapshot, {}, tmp_path / "a")
    write_snapshot(snapshot, {}, tmp_path / "b")
    first = json.loads((tmp_path / "a" / "provenance.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "b" / "provenance.json").read_text(encoding="utf-8"))
    assert first["snapshot_sha256"] == second["snapshot_sha256"]
