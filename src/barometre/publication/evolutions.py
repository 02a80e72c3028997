"""The ``evolutions`` table of a wave: its weighted changes since its reference edition.

The reference is the first of ``results.comparison.references`` among the published waves
that have a final result set (the same wave of the previous edition when there is one, as on
the dashboard and in the API). A cell under statistical secret on either side publishes no
number on that side and no change: nothing that the ``indicateurs`` table of either wave hides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from barometre.campaigns.models import Wave
from barometre.publication.records import CHANGES
from barometre.publication.tables import Table, place_names, table_of
from barometre.referentiel import Frame
from barometre.results.comparison import (
    CellChange,
    changes,
    references,
    side_values,
)
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import Edition, published_editions
from barometre.vocabulary import Names, cell_key, modality_label

#: The same domains as the ``indicateurs`` table.
DOMAINS: Final = CHANGES.by_name["domaine"].enum


def reference_edition(wave: Wave, result_set: ResultSet) -> Edition | None:
    """The earlier published edition this one is compared with, if any."""
    found = references(Edition(wave, result_set), published_editions())
    return found[0] if found else None


def _hidden(estimate: ResultEstimate | None) -> bool:
    return estimate is not None and bool(estimate.suppressed)


def secret_side(pair: CellChange) -> str:
    before, after = _hidden(pair.before), _hidden(pair.after)
    return {(False, False): "", (True, False): "reference", (False, True): "courante"}.get(
        (before, after), "les_deux"
    )


def change_row(
    cell: Cell,
    pair: CellChange,
    reference: Edition,
    indicators: Mapping[str, Any],
    names: Names,
) -> dict[str, object]:
    """One row of ``evolutions`` (and of the API's changes): nothing on a side under secret,
    no change unless both sides are published."""
    indicator, domain, level = cell
    meta = indicators[indicator]
    side = secret_side(pair)
    moved = pair.change if not side else None
    return CHANGES.row(
        {
            "questionnaire": meta.get("questionnaire", ""),
            "indicateur": indicator,
            "libelle": meta.get("libelle", indicator),
            "domaine": domain,
            "modalite": level,
            "modalite_libelle": modality_label(domain, level, names),
            "vague_reference": reference.wave.pk,
            "campagne_reference": reference.wave.campaign.name,
            **side_values(pair.before, "_reference"),
            **side_values(pair.after, ""),
            "ecart": moved.difference if moved else None,
            "erreur_type_ecart": moved.se if moved else None,
            "ic_bas_ecart": moved.low if moved else None,
            "ic_haut_ecart": moved.high if moved else None,
            "p_valeur": moved.p_value if moved else None,
            "significatif": moved.significant() if moved else None,
            "secret": bool(side),
            "cote_secret": side,
            "comparabilite": pair.standing,
            "motif_comparabilite": " ".join(pair.reasons),
        }
    )


Cell = tuple[str, str, str]  # indicator, domain, modality


def change_order(indicators: Mapping[str, Any]) -> Callable[[Cell], tuple[object, ...]]:
    """Theme, indicator, then levels as declared and their modalities (strata by size)."""
    return lambda c: (indicators[c[0]].get("questionnaire", ""), c[0], cell_key(c[1], c[2]))


def evolutions_table(reference: Edition, result_set: ResultSet, frame: Frame) -> Table:
    """One row per comparable indicator × domain level, weighted estimates only."""
    indicators, names = result_set.indicators, place_names(frame)
    found = changes(
        reference.result_set, result_set, DOMAINS, list(result_set.indicators), with_breaks=True
    )
    cells = sorted(found, key=change_order(indicators))
    rows = [change_row(cell, found[cell], reference, indicators, names) for cell in cells]
    wave = reference.wave
    return table_of(
        CHANGES,
        rows,
        f"Écart de chaque indicateur comparable entre cette vague et la vague de référence "
        f"« {wave.label} » (identifiant {wave.pk}), estimations pondérées, pour l'ensemble et "
        "par région, département, type, strate et rôle, avec l'intervalle de confiance à 95 % "
        "de l'écart et le test z (section 8 de la note méthodologique). Un indicateur dont la "
        "question a changé est comparé après recodage des réponses de la référence par la "
        "table confirmée par l'équipe (comparabilite = comparable_apres_recodage) ; quand aucun "
        "recodage ne le rend comparable, ses lignes disent rupture_de_serie, sans valeur de "
        "référence ni écart. Une cellule sous secret statistique d'un côté n'a ni chiffre de ce "
        "côté ni écart.",
    )
