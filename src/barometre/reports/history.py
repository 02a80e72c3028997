"""The authority's previous answer to a questionnaire, and each theme's evolution since.

The previous answer is the most recent one submitted to the same questionnaire in an earlier
**published** wave (earlier wave of the edition, or an earlier edition) that has a final
result set holding it; its scores and its peers' figures come from that result set, as that
wave's own report gave them.
"""

from __future__ import annotations

from dataclasses import dataclass

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response, ResponseStatus
from barometre.questionnaire.maturity import model_fingerprint
from barometre.referentiel import Frame
from barometre.reports.data import AnswersNotFrozenError
from barometre.reports.evolution import (
    Earlier,
    Evolution,
    PeerChange,
    Status,
    evolution,
    first_answer,
    peer_change,
)
from barometre.reports.peers import PeerFigures
from barometre.reports.scored import ScoredTable
from barometre.reports.wave import WaveScores, cached_wave_scores
from barometre.results.queries import latest_final


@dataclass(frozen=True)
class Previous:
    """An earlier wave's scores holding the authority's previous answer to one questionnaire."""

    wave: Wave
    scores: WaveScores
    table: ScoredTable


@dataclass(frozen=True)
class Unavailable:
    """An earlier answer whose result set cannot be read again (answers not frozen with it)."""

    wave: Wave
    reason: str


def _order(wave: Wave) -> tuple[int, int, int]:
    return (wave.campaign.year, wave.campaign.pk, wave.number)


def earlier_waves(wave: Wave, unit_id: str, key: str) -> list[Wave]:
    """Published waves before ``wave`` where the authority submitted ``key``, newest first."""
    ids = (
        Response.objects.filter(
            authority_id=unit_id,
            questionnaire_key=key,
            status=ResponseStatus.SUBMITTED,
            wave__status=WaveStatus.PUBLISHED,
        )
        .exclude(wave=wave)
        .values_list("wave_id", flat=True)
    )
    waves = Wave.objects.select_related("campaign").filter(pk__in=set(ids))
    mine = _order(wave)
    return sorted((w for w in waves if _order(w) < mine), key=_order, reverse=True)


def previous_answer(
    wave: Wave, unit_id: str, key: str, frame: Frame, peers_minimum: int
) -> Previous | Unavailable | None:
    """The authority's previous answer to ``key`` before ``wave`` (``None``: its first)."""
    for earlier in earlier_waves(wave, unit_id, key):
        result_set = latest_final(earlier)
        if result_set is None:
            continue
        try:
            scores = cached_wave_scores(earlier, result_set, frame, peers_minimum)
        except AnswersNotFrozenError as error:
            return Unavailable(earlier, error.message)
        table = scores.tables.get(key)
        if table is not None and unit_id in table.scores:
            return Previous(earlier, scores, table)
    return None


def theme_evolution(
    previous: Previous | Unavailable | None,
    table: ScoredTable,
    theme: str,
    unit_id: str,
    *,
    peers: PeerFigures | None,
    peer_label: str,
) -> Evolution:
    """What the report says of ``theme`` since the previous answer."""
    answered = table.versions[unit_id]
    if previous is None:
        return first_answer(answered.title.fr)
    if isinstance(previous, Unavailable):
        return Evolution(
            Status.UNAVAILABLE,
            f"Votre réponse précédente ({previous.wave.label}) ne peut pas être relue : "
            f"{previous.reason}",
        )
    before = previous.table.versions[unit_id]
    earlier = Earlier(
        previous.wave.pk,
        previous.wave.label,
        before.version,
        model_fingerprint(before) or "",
        previous.table.scores[unit_id].get(theme),
    )
    change = _peer_change(previous, table, theme, peers, peer_label) if peers else None
    model = model_fingerprint(answered) or ""
    return evolution(earlier, model, table.scores[unit_id][theme], change)


def _peer_change(
    previous: Previous, table: ScoredTable, theme: str, peers: PeerFigures, label: str
) -> PeerChange:
    if previous.table.model != table.model:
        return PeerChange(
            label,
            None,
            peers.mean,
            None,
            f"Les collectivités de la vague précédente ({previous.wave.label}) ont été notées "
            "selon un autre modèle de maturité : l'évolution du groupe n'est pas calculée.",
        )
    group = previous.scores.shown_group(table.key, theme, peers.group.key)
    before = previous.scores.figures(table.key, theme, group).mean if group else None
    return peer_change(label, before, peers.mean, previous.wave.label)
