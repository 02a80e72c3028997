"""The ``evolutions`` table of a wave: its weighted changes since its reference edition.

The reference is the first of ``results.comparison.references`` among the published waves
that have a final result set (the same wave of the previous edition when there is one, as on
the dashboard and in the API). A cell under statistical secret on either side publishes no
number on that side and no change: nothing that the ``indicateurs`` table of either wave hides.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl

from barometre.campaigns.models import Wave
from barometre.publication.schemas import CHANGE_FIELDS
from barometre.publication.tables import Table, level_label
from barometre.referentiel import Frame
from barometre.results.comparison import (
    CellChange,
    changes,
    comparable,
    references,
    side_values,
)
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import Edition, published_editions
from barometre.vocabulary import cell_key

#: The same domains as the ``indicateurs`` table.
DOMAINS: Final = ("ensemble", "region", "departement", "type", "stratum", "role")
_POLARS: Final = {"number": pl.Float64(), "integer": pl.Int64(), "boolean": pl.Boolean()}


def reference_edition(wave: Wave, result_set: ResultSet) -> Edition | None:
    """The earlier published edition this one is compared with, if any."""
    found = references(Edition(wave, result_set), published_editions())
    return found[0] if found else None


def _hidden(estimate: ResultEstimate | None) -> bool:
    return estimate is not None and bool(estimate.suppressed)


def _secret(pair: CellChange) -> str:
    before, after = _hidden(pair.before), _hidden(pair.after)
    return {(False, False): "", (True, False): "reference", (False, True): "courante"}.get(
        (before, after), "les_deux"
    )


def _row(
    cell: tuple[str, str, str],
    pair: CellChange,
    reference: Edition,
    indicators: dict[str, Any],
    frame: Frame,
) -> tuple[object, ...]:
    indicator, domain, level = cell
    meta = indicators[indicator]
    moved = pair.change if not (_hidden(pair.before) or _hidden(pair.after)) else None
    row: dict[str, object] = {
        "questionnaire": meta.get("questionnaire", ""),
        "indicateur": indicator,
        "libelle": meta.get("libelle", indicator),
        "domaine": domain,
        "niveau": level,
        "libelle_niveau": level_label(frame, domain, level) if level else "Ensemble",
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
        "secret": _secret(pair),
    }
    return tuple(row[field["name"]] for field in CHANGE_FIELDS)


def evolutions_table(reference: Edition, result_set: ResultSet, frame: Frame) -> Table:
    """One row per comparable indicator × domain level, weighted estimates only."""
    indicators = result_set.indicators
    found = changes(
        reference.result_set, result_set, DOMAINS, comparable(reference.result_set, result_set)
    )
    cells = sorted(
        found,
        key=lambda c: (indicators[c[0]].get("questionnaire", ""), c[0], cell_key(c[1], c[2])),
    )
    rows = [_row(cell, found[cell], reference, indicators, frame) for cell in cells]
    schema = {f["name"]: _POLARS.get(f["type"], pl.Utf8()) for f in CHANGE_FIELDS}
    wave = reference.wave
    return Table(
        "evolutions",
        "Évolutions depuis l'édition de référence",
        f"Écart de chaque indicateur comparable (même nature, numérateur et base) entre cette "
        f"vague et la vague de référence « {wave.label} » (identifiant "
        f"{wave.pk}), estimations pondérées, pour l'ensemble et par région, département, type, "
        "strate et rôle, avec l'intervalle de confiance à 95 % de l'écart et le test z "
        "(section 8 de la note méthodologique). Une cellule sous secret statistique d'un côté "
        "n'a ni chiffre de ce côté ni écart.",
        CHANGE_FIELDS,
        pl.DataFrame(rows, schema=schema, orient="row"),
    )
