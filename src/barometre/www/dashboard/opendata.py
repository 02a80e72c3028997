"""/donnees/<vague>/: the open-data package of a published wave, generated once per revision.

The package (CSV, Parquet, datapackage.json, codebook, methodology note) is written by
``publication.export_wave`` into ``OPENDATA_ROOT/vague-<id>/r<revision>/`` the first time it is
asked for, through a temporary folder renamed into place, so a reader never sees half a package.
When the wave has a reference edition (its ``evolutions`` table), the folder is
``r<revision>-ref<result set id of the reference>``: a new reference makes a new package.
Files are served by name from that folder's own listing only (no path from the request is used).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from barometre.publication.errors import PublicationError
from barometre.publication.evolutions import reference_edition
from barometre.publication.export import export_wave
from barometre.www.dashboard.query import Published, published_wave

LOGGER = logging.getLogger(__name__)
CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".parquet": "application/vnd.apache.parquet",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


class PackageUnavailableError(Exception):
    """The package cannot be written for this result set (its message says why, in French)."""


def package_folder(item: Published) -> Path:
    root = Path(settings.OPENDATA_ROOT)
    reference = reference_edition(item.wave, item.result_set)
    suffix = f"-ref{reference.result_set.pk}" if reference else ""
    folder = root / f"vague-{item.wave.pk}" / f"r{item.result_set.revision}{suffix}"
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="paquet-", dir=folder.parent))
        try:
            export_wave(item.wave, staging)
            staging.rename(folder)
        except OSError:  # another request finished first: keep its package
            shutil.rmtree(staging, ignore_errors=True)
        except PublicationError as error:  # e.g. a result set older than its frozen answers
            shutil.rmtree(staging, ignore_errors=True)
            raise PackageUnavailableError(str(error)) from error
    return folder


def _descriptions(folder: Path) -> dict[str, str]:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {
        Path(resource["path"]).name: resource.get("title") or resource.get("description", "")
        for resource in package.get("resources", [])
    }


@require_safe
def opendata_page(request: HttpRequest, wave_id: int) -> HttpResponse:
    item = published_wave(wave_id)
    try:
        folder = package_folder(item)
    except PackageUnavailableError as error:
        LOGGER.exception("Données ouvertes de la vague %s impossibles à écrire", wave_id)
        context = {"title": f"Données ouvertes — {item.wave}", "item": item, "reason": str(error)}
        return render(request, "www/dashboard/opendata_unavailable.html", context, status=503)
    described = _descriptions(folder)
    files = [
        {
            "name": path.name,
            "size": path.stat().st_size,
            "description": described.get(path.name, ""),
        }
        for path in sorted(folder.iterdir())
        if path.is_file()
    ]
    context = {
        "title": f"Données ouvertes — {item.wave}",
        "item": item,
        "files": files,
    }
    return render(request, "www/dashboard/opendata.html", context)


@require_safe
def opendata_file(_request: HttpRequest, wave_id: int, name: str) -> FileResponse:
    try:
        folder = package_folder(published_wave(wave_id))
    except PackageUnavailableError:
        raise Http404("Les données ouvertes de cette vague ne sont pas disponibles.") from None
    found = {path.name: path for path in folder.iterdir() if path.is_file()}
    if name not in found:
        raise Http404("Ce fichier ne fait pas partie des données ouvertes de la vague.")
    path = found[name]
    content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
