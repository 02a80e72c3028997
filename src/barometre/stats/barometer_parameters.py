"""The parameters of the barometer's estimation, as data, and their statement in French.

``estimate_wave`` runs with one ``BarometerParameters`` and returns it with its results, so a
result set records the parameters its figures were computed with, not a copy written by hand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from barometre.stats.design import LONELY_POLICIES, LonelyPSU
from barometre.stats.disclosure import DisclosureRule
from barometre.stats.errors import StatsError
from barometre.stats.proportions import Method

RAKE_EPSILON: Final = 1e-10  # raking converged when no cell moves by more than this × Σw
RAKE_MAX_ITER: Final = 500
RAKE_MAX_MISFIT: Final = 1e-6  # a région or cell may miss its frame count by at most this
MIN_REGION_AUTHORITIES: Final = 10  # fewer responding authorities: the région is pooled
#: Declared groups of neighbouring régions (codes of the Code officiel géographique): a sparse
#: région is pooled within its group; when the régions cannot all be met, the groups are.
REGION_GROUPS: Final = {
    "outre-mer": ("01", "02", "03", "04", "06"),
    "nord-ouest": ("11", "24", "28"),
    "nord-est": ("27", "32", "44"),
    "ouest": ("52", "53"),
    "sud-ouest": ("75", "76"),
    "sud-est": ("84", "93", "94"),
}
#: Shares: Korn–Graubard everywhere, never a point interval at 0 % or 100 % (methodology § 8).
SHARE_INTERVAL: Final[Method] = "beta"
LEVEL: Final = 0.95
CELLS: Final = "type × strate"  # the first margin, in the words of the weighting report
REGION: Final = "région"
GROUPS: Final = "groupe de régions voisines"

_SHARE_INTERVALS: Final = {
    "beta": (
        "Korn–Graubard (loi bêta sur la taille effective n/deff, ajustée par "
        "(t à n − 1 ddl / t à degf ddl)², comme svyciprop(method = « beta ») du paquet R "
        "survey) ; quand la variance estimée est nulle (part de 0 % ou 100 %, ou réponses "
        "identiques dans chaque strate du domaine), deff est pris égal à 1, la taille effective "
        "est la base : l'intervalle n'est jamais réduit à un point"
    ),
}


@dataclass(frozen=True)
class BarometerParameters:
    """Everything ``estimate_wave`` decides that is not in the data.

    ``strata``: the name of the size stratification the frame counts use (« amf6 »), told by
    the caller; ``min_region_authorities``: below it a région is pooled with its neighbours
    (``region_groups``); ``rake_*``: the raking's convergence and tolerance; ``lonely_psu``:
    a stratum with one responding authority; ``share_interval``: the interval of a share;
    ``level``: the confidence level.
    """

    strata: str = ""
    min_region_authorities: int = MIN_REGION_AUTHORITIES
    region_groups: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: REGION_GROUPS)
    rake_epsilon: float = RAKE_EPSILON
    rake_max_iter: int = RAKE_MAX_ITER
    rake_max_misfit: float = RAKE_MAX_MISFIT
    lonely_psu: LonelyPSU = "average"
    share_interval: Method = SHARE_INTERVAL
    level: float = LEVEL

    def __post_init__(self) -> None:
        if self.share_interval not in _SHARE_INTERVALS:
            raise StatsError(
                f"Intervalle des parts « {self.share_interval} » non décrit (undescribed share "
                f"interval) ; valeurs possibles : {', '.join(_SHARE_INTERVALS)}."
            )
        if self.lonely_psu not in LONELY_POLICIES:
            raise StatsError(f"Politique lonely_psu inconnue « {self.lonely_psu} ».")
        if not 0 < self.level < 1 or self.min_region_authorities < 1:
            raise StatsError("Niveau de confiance hors de ]0, 1[ ou seuil de région < 1.")

    def values(self) -> dict[str, Any]:
        """The parameters as plain JSON values (lists for the groups of régions)."""
        values = asdict(self)
        values["region_groups"] = {k: list(v) for k, v in self.region_groups.items()}
        return values

    def in_words(self, rule: DisclosureRule) -> dict[str, Any]:
        """The parameters as the result set's provenance and the methodology note state them."""
        strata = f" ({self.strata})" if self.strata else ""
        return {
            "plan": f"une grappe par collectivité ; strates type × strate de taille{strata}",
            "correction_population_finie": f"effectifs du référentiel par {CELLS}",
            "poids_de_base": "N_h / n_h",
            "post_stratification": CELLS,
            "calage": self._raking_in_words(),
            "strate_a_une_collectivite": self.lonely_psu,
            "variance": "linéarisation (résidus du calage), comme le paquet R survey",
            "intervalle": self._intervals_in_words(),
            "secret": {
                "base_minimale": rule.min_base,
                "secondaire": True,
                "tableaux_lies": "jumeaux, sommes et bornes sur tous les tableaux du jeu",
            },
            "valeurs": self.values(),
        }

    def _raking_in_words(self) -> str:
        return (
            f"raking sur {CELLS} et {REGION}, les régions de moins de "
            f"{self.min_region_authorities} collectivités répondantes calées avec leurs "
            "voisines ; si ces marges ne peuvent pas être atteintes ensemble, sur les groupes de "
            f"régions voisines ; sinon post-stratification {CELLS} seule, signalée (convergence : "
            f"aucune cellule ne bouge de plus de {power_of_ten(self.rake_epsilon)} × Σw entre "
            f"deux passes et chaque marge atteinte à {power_of_ten(self.rake_max_misfit)} près ; "
            f"{self.rake_max_iter} itérations au plus)"
        )

    def _intervals_in_words(self) -> str:
        level = f"{self.level * 100:g}".replace(".", ",")
        return (
            f"niveau {level} % ; parts : {_SHARE_INTERVALS[self.share_interval]} ; "
            "moyennes : Wald, Student à degf degrés de liberté, sans intervalle (cases vides) "
            "quand toutes les réponses du domaine sont égales ; degf = unités primaires moins "
            "strates parmi les répondants qui ont répondu à la question"
        )


def power_of_ten(value: float) -> str:
    """« 1e-10 » for 10⁻¹⁰, as the provenance has always written it; other values as ``%g``."""
    exponent = round(math.log10(value)) if value > 0 else 0
    return f"1e{exponent}" if value > 0 and math.isclose(value, 10.0**exponent) else f"{value:g}"
