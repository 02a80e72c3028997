"""Rebuild the frame snapshot from the npm package ``@etalab/decoupage-administratif``.

Usage: ``python scripts/build_frame.py [--tarball PATH]``. Without ``--tarball`` the package is
fetched with ``npm pack`` (the only step that needs npm and the registry). The snapshot and its
provenance file are written to ``src/barometre/referentiel/data/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from barometre.referentiel.build import build_snapshot
from barometre.referentiel.snapshot import default_directory, write_snapshot

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
FILES = ("communes", "epci", "departements", "regions")


def fetch(workdir: Path) -> Path:
    print(f"npm pack {PACKAGE}@{VERSION} …", file=sys.stderr)
    output = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return workdir / output[-1]


def read_sources(tarball: Path) -> dict[str, list[dict[str, object]]]:
    with tarfile.open(tarball) as archive:
        sources = {}
        for name in FILES:
            member = archive.extractfile(f"package/data/{name}.json")
            if member is None:
                sys.exit(f"{name}.json manque dans {tarball}")
            sources[name] = json.load(member)
        return sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tarball", type=Path, help="archive .tgz déjà téléchargée")
    parser.add_argument("--output", type=Path, default=default_directory())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        tarball = args.tarball or fetch(Path(temporary))
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        sources = read_sources(tarball)
    snapshot = build_snapshot(**sources)
    provenance = {
        "package": PACKAGE,
        "version": VERSION,
        "registry": "npm",
        "vintage": 2026,
        "content": (
            "Code officiel géographique (INSEE), millésime 2026, avec les populations municipales"
        ),
        "licence": "Licence Ouverte / Open Licence 2.0 (données, Etalab) ; MIT (code du paquet)",
        "source_file": tarball.name,
        "source_sha256": digest,
        "built_by": "scripts/build_frame.py",
        "counts": {key: len(snapshot[key]) for key in FILES},
    }
    write_snapshot(snapshot, provenance, args.output)
    print(f"Référentiel écrit dans {args.output} : {provenance['counts']}", file=sys.stderr)


if __name__ == "__main__":
    main()
