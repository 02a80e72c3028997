"""Which versions an edition compares with, and the recode map confirmed for a pair (reads).

A pair is (previous edition's version, new version) of one questionnaire: the version a wave
serves, and the one the same questionnaire had in the wave of the same number of the most
recent earlier campaign that has it (or, failing that, its most recent earlier wave).
"""

from __future__ import annotations

from dataclasses import dataclass

from barometre.campaigns.models import QuestionnaireVersion, RecodeMap, Wave, WaveQuestionnaire
from barometre.questionnaire.diff import Diff, diff


def latest_recode(previous_hash: str, current_hash: str, key: str) -> RecodeMap | None:
    """The newest confirmed map of a pair of versions (by their hashes), if any."""
    return (
        RecodeMap.objects.filter(
            questionnaire_key=key,
            previous__version_hash=previous_hash,
            current__version_hash=current_hash,
        )
        .order_by("-confirmed_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Pair:
    """One questionnaire of a wave and its version in the previous edition."""

    key: str
    wave: Wave
    reference: Wave
    previous: QuestionnaireVersion
    current: QuestionnaireVersion

    @property
    def diff(self) -> Diff:
        return diff(self.previous.questionnaire, self.current.questionnaire)

    @property
    def recode(self) -> RecodeMap | None:
        return latest_recode(self.previous.version_hash, self.current.version_hash, self.key)


def _order(wave: Wave) -> tuple[int, int, int]:
    return (wave.campaign.year, wave.campaign.pk, wave.number)


def _links() -> list[WaveQuestionnaire]:
    return list(
        WaveQuestionnaire.objects.select_related("wave__campaign", "version").order_by(
            "wave__campaign__year", "wave__campaign__pk", "wave__number", "position"
        )
    )


def pairs() -> list[Pair]:
    """Every questionnaire of every wave that has a version in an earlier campaign, newest
    wave first."""
    links = _links()
    found = []
    for link in links:
        earlier = [
            other
            for other in links
            if other.questionnaire_key == link.questionnaire_key
            and other.wave.campaign_id != link.wave.campaign_id
            and _order(other.wave) < _order(link.wave)
        ]
        if not earlier:
            continue
        same = [o for o in earlier if o.wave.number == link.wave.number]
        chosen = max(same or earlier, key=lambda o: _order(o.wave))
        found.append(Pair(link.questionnaire_key, link.wave, chosen.wave, chosen.version,
                          link.version))  # fmt: skip
    return sorted(found, key=lambda p: (_order(p.wave), p.key), reverse=True)


def pair_of(previous_id: int, current_id: int) -> Pair | None:
    """The pair of these two versions, as some wave compares them; ``None`` otherwise."""
    return next(
        (p for p in pairs() if p.previous.pk == previous_id and p.current.pk == current_id),
        None,
    )
