"""Turn the records of ``@etalab/decoupage-administratif`` into the compact frame snapshot.

Pure: takes the parsed JSON files of the package, returns a plain dict ready to be serialised by
:mod:`barometre.referentiel.snapshot`. The script ``scripts/build_frame.py`` fetches the package and
calls :func:`build_snapshot`.

Rules:
- communes are the current communes that carry a SIREN (metropolitan France and the overseas
  départements; the overseas collectivities have none and are out of scope);
- the 45 municipal arrondissements are folded into Paris, Lyon and Marseille: their names become
  search aliases and their postcodes are added to the commune's;
- delegated and associated communes are kept only as search aliases of their chef-lieu, and their
  codes (with the ``anciensCodes`` of current communes) resolve to the current commune;
- EPCI are the groupings of ``epci.json``; membership comes from their ``membres``;
- départements and régions are those of metropolitan France and the overseas départements.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

Record = dict[str, Any]

SNAPSHOT_FORMAT = 1
IN_SCOPE_ZONES = frozenset({"metro", "drom"})


def build_snapshot(
    communes: list[Record],
    epci: list[Record],
    departements: list[Record],
    regions: list[Record],
) -> dict[str, Any]:
    current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle" and c.get("siren")}
    membership = {m["code"]: group["code"] for group in epci for m in group["membres"]}
    aliases, extra_postcodes, former_codes = _fold_secondary_records(communes, current)
    commune_rows = [
        [
            code,
            record["siren"],
            record["nom"],
            int(record.get("population", 0)),
            record["departement"],
            record["region"],
            membership.get(code),
            sorted(set(record.get("codesPostaux", [])) | extra_postcodes.get(code, set())),
            sorted(aliases.get(code, set())),
        ]
        for code, record in sorted(current.items())
    ]
    return {
        "format": SNAPSHOT_FORMAT,
        "communes": commune_rows,
        "epci": [
            [g["code"], g["nom"], g["type"], g.get("modeFinancement")]
            for g in sorted(epci, key=lambda g: str(g["code"]))
        ],
        "departements": [
            [d["code"], d["nom"], d["region"]]
            for d in sorted(departements, key=lambda d: str(d["code"]))
            if d.get("zone") in IN_SCOPE_ZONES
        ],
        "regions": [
            [r["code"], r["nom"]]
            for r in sorted(regions, key=lambda r: str(r["code"]))
            if r.get("zone") in IN_SCOPE_ZONES
        ],
        "former_codes": dict(sorted(former_codes.items())),
    }


def _fold_secondary_records(
    communes: list[Record], current: dict[str, Record]
) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """Aliases, extra postcodes and former codes, each keyed by the current commune's code."""
    aliases: dict[str, set[str]] = defaultdict(set)
    postcodes: dict[str, set[str]] = defaultdict(set)
    former: dict[str, str] = {}
    for record in communes:
        kind = record["type"]
        parent = record.get("commune") or record.get("chefLieu")
        if kind == "commune-actuelle" and record["code"] in current:
            for old in record.get("anciensCodes", []):
                if old not in current:
                    former[old] = record["code"]
            continue
        if kind == "commune-actuelle" or parent not in current:
            continue
        if record["nom"] != current[parent]["nom"]:
            aliases[parent].add(record["nom"])
        postcodes[parent].update(record.get("codesPostaux", []))
        if record["code"] not in current:
            former[record["code"]] = parent
    return aliases, postcodes, former
