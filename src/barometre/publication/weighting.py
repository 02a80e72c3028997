"""The weighting report of a result set in words (no Django): what the weights were calibrated
on, which régions were pooled and why, what was given up, and how well the frame is met.

One source for the wave page, the infographic, the methodology note, the open-data package
and the API, so that none of them can say « raking sur la région » when it was not done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from barometre.results.estimation import GROUPS, REGION, margins_of
from barometre.stats.barometer import MIN_REGION_AUTHORITIES


def plural(count: int, singular: str, several: str | None = None) -> str:
    """« 1 itération », « 11 itérations » (French: 0 and 1 take the singular)."""
    word = singular if abs(count) < 2 else (several or singular + "s")  # noqa: PLR2004
    return f"{number(count)} {word}"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


SUPERSCRIPT: Final = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(value: float) -> str:
    """« 2,3 × 10⁻⁹ »; 0 stays « 0 »."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa.replace('.', ',')} × 10{str(int(exponent)).translate(SUPERSCRIPT)}"


def names_list(names: Sequence[str]) -> str:
    """« Guyane, Martinique et Mayotte »."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


@dataclass(frozen=True)
class WeightingWords:
    """One questionnaire's weighting, in sentences a statistician and a journalist can read."""

    headline: str  # one sentence: what the weights reproduce
    margins: str  # « type × strate et région »
    iterations: str  # « 11 itérations »
    convergence: str
    pooled: tuple[str, ...]  # one sentence per pooled level
    dropped: str  # what was given up, or ""
    detail: str  # the engine's own note (technical), or ""
    precision: str  # Kish effective size and weight range
    levels: tuple[dict[str, str], ...]  # the région margin's levels: target and achieved

    @property
    def complete(self) -> bool:
        """True when the weights meet the frame by type × stratum and by single région."""
        return not self.pooled and not self.dropped


def _region_names(codes: Sequence[str], names: Mapping[str, str]) -> list[str]:
    return [names.get(code, code) for code in codes]


def _pooled(report: Mapping[str, Any], names: Mapping[str, str], step: str) -> tuple[str, ...]:
    why = (
        f"moins de {MIN_REGION_AUTHORITIES} collectivités répondantes"
        if step == REGION
        else "les régions une à une ne pouvaient pas toutes être atteintes"
    )
    return tuple(
        f"{names_list(_region_names(pool['members'], names))} calées ensemble ({why}) ; "
        "le total de chacune prise seule n'est pas calé sur le référentiel."
        for pool in report.get("collapsed", [])
    )


def _levels(report: Mapping[str, Any], names: Mapping[str, str]) -> tuple[dict[str, str], ...]:
    return tuple(
        {
            "level": names_list(_region_names(row["members"], names)),
            "responses": number(row["responses"]),
            "target": number(row["target"]),
            "achieved": number(row["achieved"], 1),
        }
        for row in report.get("region_levels", [])
        if row.get("target") is not None
    )


def _headline(margins: list[str], *, pooled: bool) -> str:
    if GROUPS in margins:
        return (
            "Pondéré sur le type, la taille et le groupe de régions voisines des collectivités : "
            "les régions une à une n'ont pas pu être atteintes ensemble."
        )
    if REGION in margins:
        tail = " (régions peu représentées calées ensemble)" if pooled else ""
        return f"Pondéré sur le type, la taille et la région des collectivités{tail}."
    return (
        "Pondéré sur le type et la taille des collectivités seulement : les totaux par région "
        "n'ont pas pu être calés sur le référentiel."
    )


def _convergence(report: Mapping[str, Any], margins: list[str]) -> str:
    if report.get("method") != "rake":
        return (
            "Post-stratification sur type × strate : chaque cellule reproduit exactement son "
            "effectif du référentiel, en une passe (pas de raking)."
        )
    misfit = float(report.get("max_misfit", 0.0))
    return (
        f"Raking convergé en {plural(int(report.get('iterations', 0)), 'itération')} : "
        f"chaque modalité des marges {' et '.join(margins)} atteint son effectif du référentiel "
        f"à 10⁻⁶ près (écart relatif maximal {scientific(misfit)})."
    )


def describe(report: Mapping[str, Any], names: Mapping[str, str]) -> WeightingWords:
    """``report``: a questionnaire's stored weighting report; ``names``: région code → name."""
    margins = margins_of(report)
    step = GROUPS if GROUPS in margins else REGION
    pooled = _pooled(report, names, step)
    dropped = ""
    if REGION not in margins:
        dropped = (
            "Marge région abandonnée : l'échantillon ne permet pas d'atteindre ensemble les "
            "effectifs par type × strate et par région (ni par groupe de régions voisines). "
            "Les poids sont post-stratifiés par type × strate seulement ; les totaux et les "
            "chiffres par région ne sont pas calés sur le référentiel."
        )
    elif step == GROUPS:
        dropped = "Marge région remplacée par les groupes de régions voisines."
    weights = report.get("weights", {})
    spread = (
        f" ; poids de {number(weights['min'], 2)} à {number(weights['max'], 1)}" if weights else ""
    )
    return WeightingWords(
        headline=_headline(margins, pooled=bool(pooled)),
        margins=" et ".join(margins),
        iterations=plural(int(report.get("iterations", 0)), "itération"),
        convergence=_convergence(report, margins),
        pooled=pooled,
        dropped=dropped,
        detail=str(report.get("note", "")),
        precision=(
            f"Taille effective de Kish {number(report.get('effective_n'), 1)} pour "
            f"{plural(int(report.get('n', 0)), 'réponse')}, soit un effet de plan de pondération "
            f"de {number(report.get('kish_deff'), 2)}{spread}."
        ),
        levels=_levels(report, names),
    )


def region_names(units: Any) -> dict[str, str]:
    """Région code → name, from the frame's régions (``frame.of_type("region")``)."""
    return {unit.code: unit.name for unit in units}


def open_data(report: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """A questionnaire's weighting as the open-data package and the API publish it."""
    margins = margins_of(report)
    words = describe(report, names)
    return {
        "resume": words.headline,
        "methode": "raking" if report.get("method") == "rake" else "post-stratification",
        "marges": margins,
        "marges_abandonnees": [] if len(margins) > 1 else [REGION],
        "regions_regroupees": [
            _region_names(pool["members"], names) for pool in report.get("collapsed", [])
        ],
        "iterations": int(report.get("iterations", 0)),
        "convergence": words.convergence,
        "ecart_relatif_max": float(report.get("max_misfit", 0.0)),
        "taille_effective": report.get("effective_n"),
        "effet_de_plan_kish": report.get("kish_deff"),
        "explication": " ".join(filter(None, [*words.pooled, words.dropped, words.detail])),
    }


def summary_lines(
    reports: Mapping[str, Mapping[str, Any]], titles: Mapping[str, str], names: Mapping[str, str]
) -> list[str]:
    """One Markdown item per questionnaire: what its weights meet, what was pooled or dropped."""
    lines = []
    for key, report in reports.items():
        words = describe(report, names)
        extra = " ".join(filter(None, [*words.pooled, words.dropped]))
        lines.append(
            f"- {titles.get(key, key)} (`{key}`) : {words.headline} {words.convergence}"
            + (f" {extra}" if extra else "")
        )
    return lines
