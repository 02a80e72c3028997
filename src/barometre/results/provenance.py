"""Where a result set comes from: code version, git commit, frame, questionnaires, and the
parameters of the estimation as ``barometre.stats`` ran it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

import barometre
from barometre.results.extraction import WaveExtract
from barometre.stats import BarometerParameters, DisclosureRule

COMMIT_LENGTH = 40


def git_commit(root: Path | None = None) -> str | None:
    """The commit checked out in ``root`` (read from ``.git``, no subprocess), if any."""
    git = Path(root or settings.BASE_DIR) / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref: "):
            return head if len(head) == COMMIT_LENGTH else None
        ref = head.removeprefix("ref: ")
        loose = git / ref
        if loose.exists():
            return loose.read_text(encoding="utf-8").strip()
        for line in (git / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        return None
    return None


def provenance(
    extract: WaveExtract,
    frame_provenance: dict[str, Any],
    estimation: tuple[BarometerParameters, DisclosureRule],
) -> dict[str, Any]:
    """``estimation``: the parameters ``stats.estimate_wave`` ran with, and the disclosure rule;
    the engine states them in words (``BarometerParameters.in_words``)."""
    parameters, rule = estimation
    wave = extract.wave
    return {
        "vague": {
            "id": wave.pk,
            "campagne": str(wave.campaign),
            "numero": wave.number,
            "titre": wave.title,
            "etat": wave.status,
        },
        "extraction": extract.extracted_at.isoformat(),
        "questionnaires": {
            table.key: [
                {
                    "empreinte": v.version_hash,
                    "version": v.version_label,
                    "titre": v.title,
                    "reponses": table.counts.get(v.version_hash, 0),
                }
                for v in table.versions
            ]
            for table in extract.tables
        },
        "referentiel": {
            key: frame_provenance.get(key)
            for key in ("package", "version", "vintage", "licence", "snapshot_sha256")
        },
        "code": {"version": barometre.__version__, "commit": git_commit()},
        "ponderation": parameters.in_words(rule),
    }
