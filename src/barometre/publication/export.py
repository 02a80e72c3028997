"""Open data of a published wave: its final result set and its public answers, as a package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from barometre.audit.log import record
from barometre.campaigns.models import Wave, WaveStatus
from barometre.publication.codebook import codebook
from barometre.publication.errors import PublicationError
from barometre.publication.evolutions import evolutions_table, reference_edition
from barometre.publication.note import render_note
from barometre.publication.package import Document, write_package
from barometre.publication.records_api import WEIGHTING
from barometre.publication.tables import aggregate_table, authority_tables
from barometre.publication.weighting import open_data, region_names, summary_lines
from barometre.referentiel import Frame, load_frame
from barometre.results.models import ResultSet
from barometre.results.queries import Edition, latest_final

NOTE = "Note méthodologique"


def final_result_set(wave: Wave) -> ResultSet:
    """The newest final result set of a published wave, or a French refusal."""
    if wave.status != WaveStatus.PUBLISHED:
        raise PublicationError(
            "Cette vague n'est pas publiée : ses données ouvertes ne peuvent pas être exportées."
        )
    latest = latest_final(wave)
    if latest is None:
        raise PublicationError(
            "Cette vague n'a pas de jeu de résultats définitif : lancez "
            "« manage.py build_results --wave ID --final » d'abord."
        )
    return latest


def reference_name(reference: Edition) -> str:
    """« Baromètre 2025, vague 1 » (vague 12, jeu de résultats 34, révision 2)."""
    wave, result_set = reference.wave, reference.result_set
    return (
        f"« {wave.label} » (vague {wave.pk}, jeu de résultats "
        f"{result_set.pk}, révision {result_set.revision})"
    )


def _titles(result_set: ResultSet) -> dict[str, str]:
    versions = result_set.provenance.get("questionnaires", {})
    return {key: items[-1]["titre"] for key, items in versions.items() if items}


def metadata(
    wave: Wave,
    result_set: ResultSet,
    reference: Edition | None = None,
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The package's description; ``names`` (région code → name) words its weighting."""
    names = names or {}
    slug = f"barometre-{wave.campaign.slug}-vague-{wave.number}".lower()
    provenance = result_set.provenance
    changes = (
        " Évolutions pondérées (table evolutions) depuis la vague de référence "
        f"{reference_name(reference)}."
        if reference
        else ""
    )
    return {
        "name": slug,
        "title": f"{wave.label} : données ouvertes",
        "description": (
            "Baromètre numérique des collectivités : indicateurs estimés (bruts et pondérés) "
            "et réponses publiques par collectivité. Jeu de résultats définitif, révision "
            f"{result_set.revision}, construit le {result_set.built_at:%Y-%m-%d}.{changes}"
            f"{_weighting_sentence(result_set)}"
        ),
        "calage": {
            key: WEIGHTING.row(open_data(report, names))
            for key, report in result_set.weighting.items()
        },
        "version": f"{wave.number}.{result_set.revision}",
        "created": result_set.built_at.isoformat(),
        "sources": [
            {
                "title": "Référentiel : "
                + str(provenance.get("referentiel", {}).get("package"))
                + " "
                + str(provenance.get("referentiel", {}).get("version"))
            },
            *(
                [{"title": f"Vague de référence : {reference_name(reference)}"}]
                if reference
                else []
            ),
        ],
    }


def _weighting_sentence(result_set: ResultSet) -> str:
    """Said in the description when a questionnaire's weights do not meet every région."""
    partial = [
        key
        for key, report in result_set.weighting.items()
        if report.get("collapsed") or open_data(report, {})["marges_abandonnees"]
    ]
    if not partial:
        return " Pondération calée sur type × strate et région pour chaque questionnaire."
    return (
        " Pondération : régions regroupées ou marge région abandonnée pour "
        f"{', '.join(partial)} (détail dans la propriété calage, le codebook et la note)."
    )


def export_wave(wave: Wave, directory: Path, frame: Frame | None = None) -> list[Path]:
    """Write the open data of ``wave`` into ``directory``; returns the files written."""
    wave = Wave.objects.select_related("campaign").get(pk=wave.pk)
    result_set = final_result_set(wave)
    frame = frame or load_frame()
    authorities = authority_tables(result_set, frame)
    reference = reference_edition(wave, result_set)
    tables = [aggregate_table(result_set, frame), *authorities]
    if reference is not None:
        tables.insert(1, evolutions_table(reference, result_set, frame))
    questionnaires = [
        link.version.questionnaire for link in wave.questionnaires.select_related("version")
    ]
    min_base = result_set.provenance["ponderation"]["secret"]["base_minimale"]
    markdown, html = render_note(result_set, frame)
    named = reference_name(reference) if reference else None
    names = region_names(frame.of_type("region"))
    weighting = summary_lines(result_set.weighting, _titles(result_set), names)
    text = codebook(
        str(wave), questionnaires, result_set.indicators, min_base, named, weighting=weighting
    )
    documents = [
        Document("codebook", "codebook.md", "Dictionnaire des données", "text/markdown", text),
        Document("methodologie", "methodologie.md", NOTE, "text/markdown", markdown),
        Document("methodologie-html", "methodologie.html", f"{NOTE} (HTML)", "text/html", html),
    ]
    described = metadata(wave, result_set, reference, names)
    files = write_package(directory, tables, described, documents)
    references = {"reference": reference.result_set.pk} if reference else {}
    record(
        "opendata.exported", wave, None, result_set=result_set.pk, files=len(files), **references
    )
    return files
