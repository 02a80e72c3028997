"""An authority's report as one data object: the HTML page, the JSON and (later) the PDF render
it (pure). Built from its scored answers and its peers' figures; nothing here is formatted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from barometre.questionnaire import Questionnaire
from barometre.questionnaire.expressions import Value
from barometre.questionnaire.maturity import Level
from barometre.questionnaire.scoring import ItemScore, ThemeScore
from barometre.reports.advice import Advised, advised_json, answer_label
from barometre.reports.evolution import Evolution, PeerChange
from barometre.reports.peers import Figure, PeerFigures, position


@dataclass(frozen=True, slots=True)
class Authority:
    id: str
    name: str
    kind: str  # « Commune de 500 à 999 hab. »
    departement: str
    region: str


@dataclass(frozen=True, slots=True)
class Source:
    """Where the figures come from: the wave, its final result set, the rules applied."""

    wave_id: int
    wave: str
    revision: int
    built_at: dt.datetime
    min_base: int
    peers_minimum: int


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One scored question as the authority answered it."""

    question: str
    label: str
    answer: str
    item: ItemScore


@dataclass(frozen=True, slots=True)
class ThemeReport:
    id: str
    label: str
    description: str
    questionnaire: str
    questionnaire_title: str
    version: str
    model: str
    score: ThemeScore
    items: tuple[ItemLine, ...]
    peers: PeerFigures | None
    peer_label: str
    peers_reason: str
    evolution: Evolution | None = None

    @property
    def value(self) -> float | None:
        return self.score.value

    @property
    def level(self) -> Level | None:
        return self.score.level

    @property
    def position(self) -> str | None:
        if self.value is None or self.peers is None:
            return None
        return position(self.value, self.peers)


@dataclass(frozen=True, slots=True)
class Report:
    authority: Authority
    source: Source
    themes: tuple[ThemeReport, ...]
    recommendations: tuple[Advised, ...] = ()

    @property
    def first(self) -> tuple[Advised, ...]:
        """The « prioritaires »: the first six, by priority then weakness."""
        return tuple(a for a in self.recommendations if a.first)

    def to_json(self) -> dict[str, Any]:
        return {
            "collectivite": _authority_json(self.authority),
            "source": _source_json(self.source),
            "themes": [_theme_json(theme) for theme in self.themes],
            "recommandations": [advised_json(advised) for advised in self.recommendations],
        }


def item_lines(
    questionnaire: Questionnaire, score: ThemeScore, answers: Mapping[str, Value]
) -> tuple[ItemLine, ...]:
    lines = []
    for item in score.items:
        question = questionnaire.questions[item.question]
        answer = answer_label(question, answers.get(item.question))
        lines.append(ItemLine(item.question, question.label.fr, answer, item))
    return tuple(lines)


def _authority_json(authority: Authority) -> dict[str, Any]:
    return {
        "id": authority.id,
        "nom": authority.name,
        "categorie": authority.kind,
        "departement": authority.departement,
        "region": authority.region,
    }


def _source_json(source: Source) -> dict[str, Any]:
    return {
        "vague": {"id": source.wave_id, "libelle": source.wave},
        "jeu_de_resultats": {"revision": source.revision, "construit": source.built_at.isoformat()},
        "secret": {"base_minimale": source.min_base},
        "groupe": {"minimum_hors_collectivite": source.peers_minimum},
    }


def _figure_json(figure: Figure) -> dict[str, Any]:
    if figure.value is None:
        return {"secret": True}
    return {"valeur": figure.value, "ic95": [figure.low, figure.high], "base": figure.n}


def _peers_json(theme: ThemeReport) -> dict[str, Any] | None:
    peers = theme.peers
    if peers is None:
        return None
    return {
        "libelle": theme.peer_label,
        "perimetre": peers.group.scope,
        "zone": peers.group.area,
        "effectif": peers.n,
        "score_moyen": _figure_json(peers.mean),
        "quartiles": {
            name: _figure_json(figure)
            for name, figure in zip(("q1", "mediane", "q3"), peers.quartiles, strict=True)
        },
        "niveaux": [
            {"niveau": level.number, "nom": level.name, "part": _figure_json(figure)}
            for level, figure in peers.levels
        ],
    }


def _theme_json(theme: ThemeReport) -> dict[str, Any]:
    level = theme.level
    return {
        "id": theme.id,
        "libelle": theme.label,
        "questionnaire": {
            "id": theme.questionnaire,
            "version": theme.version,
            "modele": theme.model,
        },
        "score": theme.value,
        "niveau": {"numero": level.number, "nom": level.name} if level else None,
        "sans_score": theme.score.reason or None,
        "items": [
            {
                "question": line.question,
                "reponse": line.answer,
                "etat": line.item.state.value,
                "valeur": line.item.value,
                "poids": line.item.weight,
            }
            for line in theme.items
        ],
        "groupe": _peers_json(theme),
        "sans_groupe": theme.peers_reason or None,
        "position": theme.position,
        "evolution": _evolution_json(theme.evolution),
    }


def _level_json(level: Level | None) -> dict[str, Any] | None:
    return {"numero": level.number, "nom": level.name} if level else None


def _peer_change_json(peers: PeerChange | None) -> dict[str, Any] | None:
    if peers is None:
        return None
    change = peers.change
    return {
        "libelle": peers.label,
        "moyenne_precedente": _figure_json(peers.before) if peers.before else None,
        "moyenne": _figure_json(peers.after),
        "ecart": None
        if change is None
        else {
            "valeur": change.difference,
            "erreur_type": change.se,
            "ic95": [change.low, change.high],
            "p_valeur": change.p_value,
            "significatif": change.significant(),
            "conclusion": peers.conclusion,
        },
        "sans_ecart": peers.reason or None,
    }


def _evolution_json(evolution: Evolution | None) -> dict[str, Any] | None:
    if evolution is None:
        return None
    earlier = evolution.earlier
    return {
        "statut": evolution.status.value,
        "message": evolution.message,
        "reference": None
        if earlier is None
        else {
            "vague": {"id": earlier.wave_id, "libelle": earlier.wave},
            "version": earlier.version,
            "modele": earlier.model,
        },
        "score_precedent": evolution.before,
        "niveau_precedent": _level_json(evolution.before_level),
        "ecart": evolution.difference,
        "groupe": _peer_change_json(evolution.peers),
    }
