"""The areas of the ``<map-chart>`` of ``@gouvfr/dsfr-chart`` 2.0.4, named as it names them.

The component colours the path whose class is ``FR-`` followed by a key of its ``data``; a key
it does not know colours nothing, without a word. Its département map names each département
by its INSEE code. Its région map does not use the INSEE région codes: the thirteen régions of
metropolitan France bear three-letter names (Corse is « 20R »), and the five overseas régions
are drawn in the insets of their only département, under that département's code. Every map of
the dashboard sends its data through ``chart_data``; ``tests/www/test_dashboard_map_areas.py``
checks these names against the component's own source.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Final

#: INSEE code of each région → the name of its area on ``<map-chart level="reg">``.
CHART_REGIONS: Final = {
    "01": "971",  # Guadeloupe
    "02": "972",  # Martinique
    "03": "973",  # Guyane
    "04": "974",  # La Réunion
    "06": "976",  # Mayotte
    "11": "IDF",
    "24": "CVL",
    "27": "BFC",
    "28": "NOR",
    "32": "HDF",
    "44": "GES",
    "52": "PDL",
    "53": "BRE",
    "75": "NAQ",
    "76": "OCC",
    "84": "ARA",
    "93": "PAC",
    "94": "20R",  # Corse
}


class UnknownAreaError(LookupError):
    """A région the map component has no area for: the map would leave it uncoloured."""


def chart_area(level: str, code: str) -> str:
    """The name ``<map-chart>`` gives the région or the département of this INSEE code."""
    if level == "departement":
        return code
    try:
        return CHART_REGIONS[code]
    except KeyError:
        raise UnknownAreaError(
            f"La carte des régions n'a pas de zone pour la région {code}."
        ) from None


def chart_data(level: str, values: Mapping[str, float]) -> str:
    """``<map-chart data>``: each value (INSEE code → figure) under the name of its area."""
    return json.dumps({chart_area(level, code): value for code, value in values.items()})
