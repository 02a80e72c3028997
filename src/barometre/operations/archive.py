"""The backup archive: one tar file, a manifest first, then each part with its SHA-256.

The manifest says when and from what the backup was taken (versions, migrations), the row count
and checksum of every table, and the size and SHA-256 of every part. ``unpack`` checks all of it
before the restore writes anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
from pathlib import Path, PurePosixPath
from typing import Any

from barometre.operations.errors import OperationError

FORMAT = "barometre-sauvegarde/1"
MANIFEST = "manifest.json"
SEAL = "manifest.sha256"  # the manifest's own SHA-256: a changed byte in it is seen too
REQUIRED = {"date": str, "moteur": str, "migrations": list, "tables": dict, "parts": dict}
FILES = "fichiers/opendata"
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def describe_parts(parts: dict[str, Path]) -> dict[str, dict[str, Any]]:
    return {
        name: {"octets": path.stat().st_size, "sha256": sha256_of(path)}
        for name, path in sorted(parts.items())
    }


def write(target: Path, manifest: dict[str, Any], parts: dict[str, Path]) -> None:
    """Write the archive under a temporary name, then rename it: never a half-written backup."""
    if target.exists():
        raise OperationError(f"L'archive {target} existe déjà : elle n'est pas écrasée.")
    partial = target.with_name(target.name + ".partiel")
    body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            seal = hashlib.sha256(body).hexdigest().encode()
            for name, content in ((MANIFEST, body), (SEAL, seal)):
                info = tarfile.TarInfo(name)
                info.size, info.mode, info.mtime = len(content), 0o600, int(manifest["mtime"])
                tar.addfile(info, io.BytesIO(content))
            for name, path in sorted(parts.items()):
                tar.add(path, arcname=name, recursive=False)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def _read_member(tar: tarfile.TarFile, name: str, source: Path) -> bytes:
    member = tar.next()
    handle = tar.extractfile(member) if member is not None and member.name == name else None
    if handle is None:
        raise OperationError(f"{source} n'est pas une sauvegarde du baromètre (pas de {name}).")
    return handle.read()


def _read_manifest(tar: tarfile.TarFile, source: Path) -> dict[str, Any]:
    body = _read_member(tar, MANIFEST, source)
    if _read_member(tar, SEAL, source).decode(errors="replace") != hashlib.sha256(body).hexdigest():
        raise OperationError(f"Le manifeste de {source} est corrompu (empreinte SHA-256 fausse).")
    try:
        manifest = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise OperationError(f"Le manifeste de {source} est illisible ou d'un autre format.")
    wrong = [key for key, kind in REQUIRED.items() if not isinstance(manifest.get(key), kind)]
    if wrong:
        raise OperationError(f"Le manifeste de {source} est incomplet : {', '.join(wrong)}.")
    return manifest


def _extract(tar: tarfile.TarFile, parts: dict[str, Any], into: Path) -> set[str]:
    seen = set()
    for member in tar:  # from the start again: the manifest comes first
        if member.name in {MANIFEST, SEAL}:
            continue
        if member.name not in parts or not member.isfile() or not _safe(member.name):
            raise OperationError(f"L'archive contient « {member.name} », absent du manifeste.")
        target = into / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tar.extractfile(member)
        if handle is None:
            raise OperationError(f"La partie « {member.name} » est illisible.")
        with target.open("wb") as out:
            shutil.copyfileobj(handle, out, CHUNK)
        seen.add(member.name)
    return seen


def _check(parts: dict[str, Any], seen: set[str], into: Path) -> None:
    missing = sorted(set(parts) - seen)
    if missing:
        raise OperationError(f"L'archive est incomplète : il manque {', '.join(missing)}.")
    for name, expected in parts.items():
        path = into / name
        if path.stat().st_size != expected["octets"] or sha256_of(path) != expected["sha256"]:
            raise OperationError(f"La partie « {name} » est corrompue (empreinte SHA-256 fausse).")


def unpack(source: Path, into: Path) -> dict[str, Any]:
    """Extract every part into ``into`` and check it against the manifest; French error if not."""
    try:
        return _unpack(source, into)
    except OperationError as error:
        raise OperationError(f"{error} Rien n'a été restauré.") from None


def _unpack(source: Path, into: Path) -> dict[str, Any]:
    try:
        with tarfile.open(source, "r:") as tar:
            manifest = _read_manifest(tar, source)
            parts = manifest["parts"]
            seen = _extract(tar, parts, into)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise OperationError(f"L'archive {source} est illisible ou tronquée ({error}).") from None
    _check(parts, seen, into)
    return manifest
