"""Where a result set comes from: code version, git commit, frame, questionnaires, parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

import barometre
from barometre.results.extraction import WaveExtract
from barometre.stats import DisclosureRule
from barometre.stats.barometer import MIN_REGION_AUTHORITIES

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


def weighting_parameters(rule: DisclosureRule) -> dict[str, Any]:
    return {
        "plan": "une grappe par collectivité ; strates type × strate de taille (amf6)",
        "correction_population_finie": "effectifs du référentiel par type × strate",
        "poids_de_base": "N_h / n_h",
        "post_stratification": "type × strate",
        "calage": (
            "raking sur type × strate et région, les régions de moins de "
            f"{MIN_REGION_AUTHORITIES} collectivités répondantes calées avec leurs voisines ; "
            "si ces marges ne peuvent pas être atteintes ensemble, sur les groupes de régions "
            "voisines ; sinon post-stratification type × strate seule, signalée (convergence : "
            "aucune cellule ne bouge de plus de 1e-10 × Σw entre deux passes et chaque marge "
            "atteinte à 1e-6 près ; 500 itérations au plus)"
        ),
        "strate_a_une_collectivite": "average",
        "variance": "linéarisation (résidus du calage), comme le paquet R survey",
        "intervalle": (
            "niveau 95 % ; parts : Korn–Graubard (loi bêta sur la taille effective n/deff, "
            "ajustée par (t à n − 1 ddl / t à degf ddl)², comme svyciprop(method = « beta ») "
            "du paquet R survey) ; quand la variance estimée est nulle (part de 0 % ou 100 %, "
            "ou réponses identiques dans chaque strate du domaine), deff est pris égal à 1, "
            "la taille effective est la base : l'intervalle n'est jamais réduit à un point ; "
            "moyennes : Wald, Student à degf degrés de liberté, sans intervalle (cases vides) "
            "quand toutes les réponses du domaine sont égales ; degf = unités primaires moins "
            "strates parmi les répondants qui ont répondu à la question"
        ),
        "secret": {
            "base_minimale": rule.min_base,
            "secondaire": True,
            "tableaux_lies": "jumeaux, sommes et bornes sur tous les tableaux du jeu",
        },
    }


def provenance(
    extract: WaveExtract, frame_provenance: dict[str, Any], rule: DisclosureRule
) -> dict[str, Any]:
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
        "ponderation": weighting_parameters(rule),
    }
