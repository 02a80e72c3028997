"""What the dashboard reads: published waves, their final result set, themes and estimates.

Only a **published** wave with a **final** result set is public; anything else is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from barometre.campaigns.models import Wave
from barometre.results.models import ResultEstimate, ResultSet
from barometre.results.queries import Edition, published_edition, published_editions

Key = tuple[str, str, str, str]  # indicator, domain, level, weighting


#: A published wave and its newest final result set (the one object the site, the API and
#: the open data read a wave through).
Published = Edition


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    indicators: tuple[tuple[str, str], ...]  # (id, French label), in declaration order


def published() -> list[Published]:
    """Every published wave that has a final result set, newest first."""
    return list(reversed(published_editions()))


def published_wave(wave_id: int) -> Published:
    """The wave and its newest final result set, or a 404 (unknown, unpublished, no final set)."""
    found = published_edition(wave_id)
    if found is None:
        raise Http404("Aucun résultat publié pour cette vague.")
    return found


def _declared_order(wave: Wave) -> tuple[list[str], dict[str, list[str]]]:
    keys, indicators = [], {}
    for link in wave.questionnaires.select_related("version"):
        keys.append(link.questionnaire_key)
        indicators[link.questionnaire_key] = [i.id for i in link.version.questionnaire.indicators]
    return keys, indicators


def _ordered(items: Iterable[str], order: list[str]) -> list[str]:
    rank = {item: position for position, item in enumerate(order)}
    return sorted(items, key=lambda item: (rank.get(item, len(rank)), item))


def themes(item: Published) -> list[Theme]:
    """The result set's questionnaires (themes), in the wave's order, with their indicators."""
    result_set = item.result_set
    keys, declared = _declared_order(item.wave)
    titles = result_set.provenance.get("questionnaires", {})
    by_theme: dict[str, list[str]] = {}
    for indicator_id, meta in result_set.indicators.items():
        by_theme.setdefault(meta["questionnaire"], []).append(indicator_id)
    found = []
    for key in _ordered(by_theme, keys):
        versions = titles.get(key) or [{"titre": key}]
        ids = _ordered(by_theme[key], declared.get(key, []))
        labels = tuple((i, result_set.indicators[i]["libelle"]) for i in ids)
        found.append(Theme(key, versions[-1]["titre"], labels))
    return found


def theme_or_404(item: Published, key: str) -> Theme:
    for theme in themes(item):
        if theme.key == key:
            return theme
    raise Http404("Thème inconnu pour cette vague.")


def estimates(result_set: ResultSet, theme: str, domains: Iterable[str]) -> dict[Key, Any]:
    """The theme's estimates in these domains, keyed by indicator, domain, level, weighting."""
    rows = ResultEstimate.objects.filter(
        result_set=result_set, questionnaire_key=theme, domain__in=list(domains)
    )
    return {(e.indicator_id, e.domain, e.level, e.weighting): e for e in rows}


def levels(found: dict[Key, Any], domain: str) -> list[str]:
    return sorted({key[2] for key in found if key[1] == domain})
