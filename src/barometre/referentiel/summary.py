"""Summary of the frame: counts per type, communes per stratum and per région."""

from __future__ import annotations

from collections import Counter
from typing import Any

from barometre.referentiel.frame import Frame
from barometre.referentiel.strata import AMF6, PopulationScheme, stratum_label
from barometre.referentiel.units import EPCI_NATURE_LABELS


def summarize(frame: Frame, scheme: PopulationScheme = AMF6) -> dict[str, Any]:
    """Plain data for the CLI, the demo and the web pages (JSON-serialisable)."""
    communes = frame.of_type("commune")
    by_stratum: Counter[str] = Counter(scheme.stratum_of(c.population) for c in communes)
    population_by_stratum: Counter[str] = Counter()
    for commune in communes:
        population_by_stratum[scheme.stratum_of(commune.population)] += commune.population
    by_region: Counter[str] = Counter(c.region or "" for c in communes)
    epci_by_nature: Counter[str] = Counter(e.nature or "" for e in frame.of_type("epci"))
    regions = {r.code: r.name for r in frame.of_type("region")}
    return {
        "communes": len(communes),
        "epci": sum(epci_by_nature.values()),
        "departements": len(frame.of_type("departement")),
        "regions": len(regions),
        "population": sum(c.population for c in communes),
        "scheme": scheme.name,
        "communes_by_stratum": {label: by_stratum[label] for label in scheme.labels},
        "population_by_stratum": {label: population_by_stratum[label] for label in scheme.labels},
        "stratum_labels": {
            label: stratum_label("commune", label, scheme) for label in scheme.labels
        },
        "communes_by_region": {code: by_region[code] for code in sorted(regions)},
        "region_names": regions,
        "epci_by_nature": {nature: epci_by_nature[nature] for nature in EPCI_NATURE_LABELS},
        "source": {
            key: frame.provenance.get(key)
            for key in ("package", "version", "vintage", "licence")
            if key in frame.provenance
        },
    }
