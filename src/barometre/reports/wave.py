"""A wave's scores and weighted designs, computed once; peer figures memoised per group."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from barometre import stats
from barometre.campaigns.models import Wave
from barometre.questionnaire.maturity import LEVELS
from barometre.referentiel import Frame
from barometre.reports.data import wave_tables
from barometre.reports.groups import PeerGroup, plan_groups
from barometre.reports.peers import PeerFigures, level_column, peer_figures, score_column
from barometre.reports.scored import ScoredTable, score_table
from barometre.results.models import ResultSet


@dataclass
class WaveScores:
    """Everything the reports of one wave share: scored tables, designs, groups, figures."""

    wave: Wave
    result_set: ResultSet
    rule: stats.DisclosureRule
    peers_minimum: int
    tables: dict[str, ScoredTable]
    designs: dict[str, stats.Design] = field(default_factory=dict)
    plans: dict[tuple[str, str], dict[str, PeerGroup | None]] = field(default_factory=dict)
    cache: dict[tuple[str, str, tuple[str, ...]], PeerFigures] = field(default_factory=dict)
    frame_counts: Any = None

    def design(self, key: str) -> stats.Design:
        if key not in self.designs:
            table = self.tables[key]
            themes = table.themes
            extra = [score_column(t) for t in themes]
            extra += [level_column(t, level) for t in themes for level in LEVELS]
            design, _, _ = stats.barometer_design(table.frame, self.frame_counts, extra=extra)
            self.designs[key] = design
        return self.designs[key]

    def group(self, key: str, theme: str, authority: str) -> PeerGroup | None:
        if (key, theme) not in self.plans:
            self.plans[key, theme] = plan_groups(
                self.tables[key].members(theme), self.peers_minimum
            )
        return self.plans[key, theme].get(authority)

    def shown_group(
        self, key: str, theme: str, group_key: tuple[str, str, str, str]
    ) -> PeerGroup | None:
        """The group of that key if this wave's reports show it to some authority, else None."""
        table = self.tables.get(key)
        if table is None or theme not in table.themes:
            return None
        self.group(key, theme, "")  # plans the wave's groups once
        shown = (g for g in self.plans[key, theme].values() if g is not None)
        return next((g for g in shown if g.key == group_key), None)

    def figures(self, key: str, theme: str, group: PeerGroup) -> PeerFigures:
        """The group's figures, computed once per group and theme, whoever asks."""
        memo = (key, theme, group.key)
        if memo not in self.cache:
            authorities = self.tables[key].frame["authority"].tolist()
            self.cache[memo] = peer_figures(self.design(key), authorities, theme, group, self.rule)
        return self.cache[memo]


def rule_of(result_set: ResultSet) -> stats.DisclosureRule:
    """The disclosure rule the final result set was built with (its provenance says)."""
    secret = result_set.provenance.get("ponderation", {}).get("secret", {})
    return stats.DisclosureRule(int(secret.get("base_minimale", stats.DisclosureRule().min_base)))


#: The scores of the last few result sets read, per process (a result set never changes).
_CACHE: dict[tuple[int, str, int], WaveScores] = {}
CACHE_SIZE = 4


def cached_wave_scores(
    wave: Wave, result_set: ResultSet, frame: Frame, peers_minimum: int
) -> WaveScores:
    """:func:`wave_scores` of every questionnaire, kept for the next reports of the same set."""
    key = (result_set.pk, result_set.built_at.isoformat(), peers_minimum)
    if key not in _CACHE:
        while len(_CACHE) >= CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = wave_scores(wave, result_set, frame, peers_minimum, None)
    return _CACHE[key]


def clear_cache() -> None:
    _CACHE.clear()


def wave_scores(
    wave: Wave, result_set: ResultSet, frame: Frame, peers_minimum: int, keys: set[str] | None
) -> WaveScores:
    """Score the questionnaires ``keys`` of the wave (all with a model when ``None``)."""
    tables = {}
    for table in wave_tables(wave, result_set, frame):
        if keys is not None and table.key not in keys:
            continue
        if not table.questionnaire.maturity_themes:
            continue
        versions = {v.version_hash: v.questionnaire for v in table.versions}
        tables[table.key] = score_table(table.key, table.table, versions, table.questionnaire)
    rule = rule_of(result_set)
    scores = WaveScores(wave, result_set, rule, max(peers_minimum, rule.min_base), tables)
    scores.frame_counts = frame.counts()
    return scores
