"""Test answers of a draft: entered screen by screen in the preview, or drawn by ``synth``.

They are stored in ``authoring.TrialResponse`` only — never in ``collection``, which is all that
statistics, participation and exports read — and an operator can remove them all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
from django.db import transaction
from django.utils import timezone

from barometre.audit.log import record
from barometre.authoring.flows import Actor, DraftError, already_published
from barometre.authoring.models import DraftStatus, QuestionnaireDraft, TrialOrigin, TrialResponse
from barometre.questionnaire import Issue, Page, Questionnaire, validate_answers
from barometre.questionnaire.errors import ANSWER_REQUIRED
from barometre.questionnaire.expressions import Value
from barometre.referentiel import load_frame
from barometre.synth import synthesize_questionnaire, wave_sample
from barometre.synth.figures import answer_sets
from barometre.synth.sample import Traits

MAX_GENERATED: Final = 500
#: Test answers kept per draft at most (entered and generated together).
MAX_TEST_RESPONSES: Final = 2000


def typed(values: Mapping[str, object]) -> dict[str, Value]:
    """Stored JSON values as the questionnaire reads them (lists of options become tuples)."""
    return {
        qid: tuple(str(item) for item in value) if isinstance(value, list) else value  # type: ignore[misc]
        for qid, value in values.items()
    }


def _jsonable(values: Mapping[str, Value]) -> dict[str, object]:
    return {qid: list(v) if isinstance(v, tuple) else v for qid, v in values.items()}


def _writable(draft: QuestionnaireDraft) -> tuple[QuestionnaireDraft, Questionnaire]:
    """The draft locked for a write of test answers: still a draft, and compiling."""
    locked = QuestionnaireDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.status == DraftStatus.PUBLISHED:
        raise DraftError(already_published(locked))
    questionnaire = locked.questionnaire
    if questionnaire is None:
        raise DraftError("Ce brouillon ne se compile pas : il n'a pas d'aperçu.", 422)
    return locked, questionnaire


def _room_for(draft: QuestionnaireDraft, count: int) -> None:
    held = TrialResponse.objects.filter(draft=draft).count()
    if held + count > MAX_TEST_RESPONSES:
        raise DraftError(
            f"Ce brouillon a déjà {held} réponses de test ({MAX_TEST_RESPONSES} au plus) : "
            "effacez-les avant d'en ajouter.",
            422,
        )


def start_trial(draft: QuestionnaireDraft, actor: Actor) -> TrialResponse:
    with transaction.atomic():
        locked, _ = _writable(draft)
        _room_for(locked, 1)
        return TrialResponse.objects.create(
            draft=locked,
            revision=locked.revision,
            origin=TrialOrigin.PREVIEW,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )


def _locked_trial(trial: TrialResponse) -> tuple[TrialResponse, Questionnaire]:
    _, questionnaire = _writable(trial.draft)
    locked = TrialResponse.objects.select_for_update().get(pk=trial.pk)
    if locked.origin != TrialOrigin.PREVIEW:
        raise DraftError("Une réponse synthétique ne se modifie pas dans l'aperçu.")
    return locked, questionnaire


def save_trial_page(
    trial: TrialResponse, page: Page, raw: Mapping[str, object]
) -> tuple[Issue, ...]:
    """Store the valid answers of one screen (as ``collection.flows.save_page`` does for a
    respondent); returns the errors of the screen. A value of the wrong type is not stored."""
    with transaction.atomic():
        locked, questionnaire = _locked_trial(trial)
        unknown = set(raw) - set(page.section.question_ids)
        if unknown:
            raise DraftError(f"Question inconnue sur cette page : « {min(unknown)} ».", 400)
        stored = typed(locked.values)
        result = validate_answers(questionnaire, {**stored, **raw}, page=page.section.id)
        invalid = {i.subject for i in result.errors if i.code != ANSWER_REQUIRED}
        values = {qid: v for qid, v in stored.items() if qid not in raw or qid in invalid}
        values.update(
            {
                qid: result.accepted[qid]
                for qid in raw
                if qid in result.accepted and qid not in invalid
            }
        )
        locked.values = _jsonable(dict(questionnaire.skips(values).kept))
        locked.pages = sorted({*locked.pages, page.id})
        locked.save(update_fields=["values", "pages"])
    on_screen = {*page.question_ids, *raw}
    return tuple(e for e in result.errors if e.subject in on_screen)


def finish_trial(trial: TrialResponse) -> tuple[Issue, ...]:
    """Check the whole test answer set as a submission would; mark it finished when valid."""
    with transaction.atomic():
        locked, questionnaire = _locked_trial(trial)
        result = validate_answers(questionnaire, typed(locked.values))
        if result.errors:
            return result.errors
        locked.finished_at = timezone.now()
        locked.save(update_fields=["finished_at"])
    return ()


def generate(draft: QuestionnaireDraft, count: int, seed: int, actor: Actor) -> int:
    """``count`` synthetic respondents drawn from the frame answer the draft (skip logic and
    constraints respected), stored as finished test answers."""
    if not 1 <= count <= MAX_GENERATED:
        raise DraftError(f"Générez de 1 à {MAX_GENERATED} réponses à la fois.", 400)
    frame = load_frame()
    with transaction.atomic():
        locked, questionnaire = _writable(draft)
        _room_for(locked, count)
        sample = wave_sample(1, count, seed, frame, Traits.draw(seed, frame))
        table = synthesize_questionnaire(questionnaire, sample, np.random.default_rng([seed, 9]), 1)
        units = table["unit_id"].to_list()
        now = timezone.now()
        TrialResponse.objects.bulk_create(
            TrialResponse(
                draft=locked,
                revision=locked.revision,
                origin=TrialOrigin.SYNTHETIC,
                authority_id=unit,
                values=_jsonable(answers),
                finished_at=now,
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
            for unit, answers in zip(units, answer_sets(table, questionnaire), strict=True)
        )
        record("questionnaire_draft.test_answers_generated", locked, actor, count=count, seed=seed)
    return count


def reset(draft: QuestionnaireDraft, actor: Actor) -> int:
    """Remove every test answer of the draft; returns how many were removed."""
    with transaction.atomic():
        locked = QuestionnaireDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.status == DraftStatus.PUBLISHED:
            raise DraftError(already_published(locked))
        removed, _ = TrialResponse.objects.filter(draft=locked).delete()
        record("questionnaire_draft.test_answers_reset", locked, actor, removed=removed)
    return removed


@dataclass(frozen=True, slots=True)
class TrialCounts:
    entered: int
    finished: int
    generated: int

    @property
    def total(self) -> int:
        return self.entered + self.generated


def counts(draft: QuestionnaireDraft) -> TrialCounts:
    rows = TrialResponse.objects.filter(draft=draft)
    return TrialCounts(
        entered=rows.filter(origin=TrialOrigin.PREVIEW).count(),
        finished=rows.filter(origin=TrialOrigin.PREVIEW, finished_at__isnull=False).count(),
        generated=rows.filter(origin=TrialOrigin.SYNTHETIC).count(),
    )


def finished_answer_sets(draft: QuestionnaireDraft) -> list[dict[str, Value]]:
    """The answer sets of the finished test answers (entered and generated)."""
    rows = TrialResponse.objects.filter(draft=draft, finished_at__isnull=False)
    return [typed(values) for values in rows.values_list("values", flat=True)]
