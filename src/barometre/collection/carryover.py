"""The previous edition's answers of an authority, read for a response of this edition.

The previous edition is the most recent earlier campaign that served the same questionnaire
(the same key: one lineage of versions), its wave of the same number when it has one — the
pair ``campaigns.recoding`` compares. Its answers count only from a submitted response of a
wave that no longer collects. When its version differs from this response's, the recode map
confirmed for that pair (if any) reads them in the new terms; ``questionnaire.carryover``
decides what can be carried and why not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from barometre.campaigns.models import Wave, WaveQuestionnaire, WaveStatus
from barometre.campaigns.recoding import latest_recode
from barometre.collection.models import Answer, Respondent, Response, ResponseStatus
from barometre.questionnaire.carryover import Carried, carry_over
from barometre.questionnaire.expressions import Value


@dataclass(frozen=True)
class PreviousAnswer:
    """One previous answer and who gave it."""

    carried: Carried
    given_by: Respondent

    @property
    def who(self) -> str:
        """« marie@ville.fr, agent (Secrétaire de mairie) »."""
        return f"{self.given_by.user.get_username()}, {self.given_by.capacity}"


@dataclass(frozen=True)
class PreviousEdition:
    """The authority's submitted response of the previous edition, read for this one."""

    response: Response
    answers: dict[str, PreviousAnswer]

    @property
    def year(self) -> int:
        return int(self.response.wave.campaign.year)

    @property
    def submitted_at(self) -> dt.datetime:
        assert self.response.submitted_at is not None  # noqa: S101 - only submitted ones are read
        return self.response.submitted_at

    @property
    def carried(self) -> dict[str, Carried]:
        return {qid: item.carried for qid, item in self.answers.items()}


def _order(wave: Wave) -> tuple[int, int, int]:
    return (wave.campaign.year, wave.campaign_id, wave.number)


def reference_wave(wave: Wave, key: str) -> Wave | None:
    """The wave of the previous edition that served ``key``: same number if it has one."""
    earlier = [
        link.wave
        for link in WaveQuestionnaire.objects.filter(questionnaire_key=key)
        .exclude(wave__campaign_id=wave.campaign_id)
        .select_related("wave__campaign")
        if link.wave.campaign.year < wave.campaign.year
        or (link.wave.campaign.year == wave.campaign.year and _order(link.wave) < _order(wave))
    ]
    if not earlier:
        return None
    latest = max(earlier, key=_order)
    same = [w for w in earlier if w.campaign_id == latest.campaign_id and w.number == wave.number]
    return same[0] if same else latest


def previous_edition(response: Response) -> PreviousEdition | None:
    """The authority's previous answers to this questionnaire, or ``None`` when it has none
    (no previous edition, not answered then, or that wave still collecting)."""
    reference = reference_wave(response.wave, response.questionnaire_key)
    if reference is None or reference.status not in (WaveStatus.CLOSED, WaveStatus.PUBLISHED):
        return None
    earlier = (
        Response.objects.filter(
            wave=reference,
            questionnaire_key=response.questionnaire_key,
            authority_id=response.authority_id,
            status=ResponseStatus.SUBMITTED,
        )
        .select_related("wave__campaign", "version")
        .first()
    )
    if earlier is None:
        return None
    stored = list(
        Answer.objects.filter(response=earlier, set_aside=False).select_related("answered_by__user")
    )
    values: dict[str, Value] = {a.question_id: _typed(a.value) for a in stored}
    mapping = None
    if earlier.version.version_hash != response.version.version_hash:
        recode = latest_recode(
            earlier.version.version_hash, response.version.version_hash, response.questionnaire_key
        )
        mapping = recode.recoded if recode else None
    carried = carry_over(
        earlier.version.questionnaire, response.version.questionnaire, values, mapping
    )
    by_question = {a.question_id: a.answered_by for a in stored}
    answers = {qid: PreviousAnswer(c, by_question[qid]) for qid, c in carried.items()}
    return PreviousEdition(earlier, answers)


def _typed(value: object) -> Value:
    return tuple(value) if isinstance(value, list) else value  # type: ignore[return-value]
