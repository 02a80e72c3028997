"""Every write to responses and answers: atomic, idempotent, guarded against lost updates."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from barometre.audit.log import record
from barometre.campaigns.models import Wave, WaveQuestionnaire, WaveStatus
from barometre.collection.carryover import PreviousEdition, previous_edition
from barometre.collection.errors import (
    CollectionError,
    ConflictError,
    NotFoundError,
    WaveClosedError,
)
from barometre.collection.models import (
    Answer,
    Draft,
    PageSave,
    Provenance,
    Respondent,
    Response,
    ResponseStatus,
)
from barometre.questionnaire import Issue, Page, validate_answers
from barometre.questionnaire.carryover import applicable, provenance
from barometre.questionnaire.errors import ANSWER_REQUIRED
from barometre.questionnaire.expressions import Value


@dataclass(frozen=True)
class PageResult:
    """What a page save did: ``errors`` to show, the section's new ``revision``, and the
    questions whose typed value was kept as a draft only (``drafted``: it did not pass)."""

    errors: tuple[Issue, ...]
    revision: int
    replayed: bool = False
    drafted: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def open_response(wave: Wave, questionnaire_key: str, respondent: Respondent) -> Response:
    """The authority's response to this questionnaire, started on the wave's current version."""
    wave = Wave.objects.get(pk=wave.pk)  # the state in the database, not the caller's copy
    _require_open(wave)
    link = WaveQuestionnaire.objects.filter(wave=wave, questionnaire_key=questionnaire_key).first()
    if link is None:
        raise NotFoundError("Ce questionnaire ne fait pas partie de cette vague.")
    lookup = {"wave": wave, "questionnaire_key": questionnaire_key}
    try:
        with transaction.atomic():
            response, _ = Response.objects.get_or_create(
                **lookup, authority_id=respondent.authority_id, defaults={"version": link.version}
            )
    except IntegrityError:  # a colleague started it at the same instant
        response = Response.objects.get(**lookup, authority_id=respondent.authority_id)
    return response


def current_values(response: Response) -> dict[str, Value]:
    return dict(response.answers.filter(set_aside=False).values_list("question_id", "value"))


def drafts(response: Response) -> dict[str, object]:
    """What was typed and not stored yet, by question."""
    return dict(response.drafts.values_list("question_id", "value"))


def page_revision(response: Response, page_id: str) -> int:
    """The revision of the section of ``page_id`` (a section or one of its screens)."""
    section_id = page_id.partition("-")[0]
    latest = PageSave.objects.filter(response=response, page_id=section_id).aggregate(
        Max("revision")
    )
    return int(latest["revision__max"] or 0)


def saved_pages(response: Response) -> set[str]:
    """The screens some save has covered."""
    questionnaire = response.version.questionnaire
    saved: set[str] = set()
    covering = PageSave.objects.filter(response=response, carried_over=False)
    for section_id, pages in covering.values_list("page_id", "pages"):
        section = questionnaire.section(section_id)
        everything = [page.id for page in questionnaire.pages(section)] if section else []
        saved.update(pages or everything)
    return saved


def save_page(
    response: Response,
    page_id: str,
    raw: Mapping[str, object],
    respondent: Respondent,
    *,
    key: str,
    base_revision: int,
    autosave: bool = False,
) -> PageResult:
    """Store the valid answers of one screen (``raw`` may also hold the rest of its section);
    the same ``key`` twice stores once.

    Values that fail their type or bounds are not stored: they are kept as drafts and come
    back as errors (the form keeps what was typed); missing required answers are reported but
    do not block the save. A save based on an older revision of the section than the stored
    one is a conflict, unless every save since was this respondent's own autosave.
    """
    payload = _payload_hash(page_id, raw)
    with transaction.atomic():
        response = _locked_for(response, respondent)
        replay = _replayed(response, key, payload)
        if replay is not None:
            return PageResult((), replay, replayed=True)
        page, current = _unchanged_since(response, page_id, base_revision, respondent)
        errors, drafted = _store_page(response, page, raw, respondent)
        PageSave.objects.create(
            response=response,
            page_id=page.section.id,
            pages=_covered(response, page, raw),
            autosave=autosave,
            key=key,
            payload_hash=payload,
            revision=current + 1,
            saved_by=respondent,
        )
        _reopen_if_submitted(response, respondent)
    return PageResult(errors, current + 1, drafted=drafted)


def keep_drafts(response: Response, raw: Mapping[str, object], respondent: Respondent) -> int:
    """Keep what was typed on a page as drafts, stored answers untouched (logout or session
    end when the page could not be saved); returns how many values were kept."""
    questionnaire = response.version.questionnaire
    typed = {qid: value for qid, value in raw.items() if value and qid in questionnaire.questions}
    with transaction.atomic():
        response = _locked_for(response, respondent)
        for qid, value in typed.items():
            Draft.objects.update_or_create(
                response=response,
                question_id=qid,
                defaults={"value": _jsonable(value), "typed_by": respondent},
            )
    return len(typed)


def _unchanged_since(
    response: Response, page_id: str, base_revision: int, respondent: Respondent
) -> tuple[Page, int]:
    """The page and its current revision, if nobody else saved it since ``base_revision``
    (this respondent's own autosaves do not count); otherwise a ConflictError."""
    page = _page(response, page_id)
    current = page_revision(response, page_id)
    if base_revision != current and not _own_autosaves(
        response, page.section.id, base_revision, respondent
    ):
        raise ConflictError(_conflict_message(response, page.section.id))
    return page, current


def _page(response: Response, page_id: str) -> Page:
    page = response.version.questionnaire.page(page_id)
    if page is None:
        raise NotFoundError(f"Ce questionnaire n'a pas de page « {page_id} ».")
    return page


def _covered(response: Response, page: Page, raw: Mapping[str, object]) -> list[str]:
    return [
        other.id
        for other in response.version.questionnaire.pages(page.section)
        if other == page or set(other.question_ids) & set(raw)
    ]


def _own_autosaves(
    response: Response, section_id: str, base_revision: int, respondent: Respondent
) -> bool:
    """Whether every save of the section after ``base_revision`` is an autosave of this
    respondent (its reply lost, the form still holds the older revision)."""
    since = PageSave.objects.filter(
        response=response, page_id=section_id, revision__gt=base_revision
    )
    return since.exists() and not since.exclude(autosave=True, saved_by=respondent).exists()


def _store_page(
    response: Response, page: Page, raw: Mapping[str, object], respondent: Respondent
) -> tuple[tuple[Issue, ...], tuple[str, ...]]:
    questionnaire = response.version.questionnaire
    unknown = set(raw) - set(page.section.question_ids)
    if unknown:
        raise CollectionError(f"Question inconnue sur cette page : « {min(unknown)} ».")
    stored = current_values(response)
    result = validate_answers(questionnaire, {**stored, **raw}, page=page.section.id)
    invalid = {issue.subject for issue in result.errors if issue.code != ANSWER_REQUIRED}
    carried = _carried(response, list(raw))
    kept, cleared = [], []
    for qid in raw:
        if qid in invalid:
            continue
        aside = qid in result.set_aside
        value = result.set_aside[qid] if aside else result.accepted.get(qid)
        if value is None:
            if qid in result.asked:  # left empty: cleared; not asked: kept as it was
                cleared.append(qid)
            continue
        answer = _answer(response, qid, value, respondent, aside=aside)
        if qid in carried:  # carried over before: still the carried answer, or changed
            answer.carried_from_id, answer.carried_value = carried[qid]
            answer.provenance = provenance(value, _typed(answer.carried_value))
        kept.append(answer)
    if cleared:
        Answer.objects.filter(response=response, question_id__in=cleared).delete()
    _upsert(kept)
    not_asked = set(result.set_aside) | {qid for qid in raw if qid not in result.asked}
    Answer.objects.filter(response=response, question_id__in=sorted(not_asked)).update(
        set_aside=True
    )
    drafted = tuple(qid for qid in raw if qid in invalid)
    _replace_drafts(response, raw, drafted, respondent)
    on_screen = {*page.question_ids, *raw}
    return tuple(e for e in result.errors if e.subject in on_screen), drafted


def _upsert(answers: list[Answer]) -> None:
    """Write answers, one row per question, replacing what was there."""
    Answer.objects.bulk_create(
        answers,
        update_conflicts=True,
        unique_fields=["response", "question_id"],
        update_fields=[
            "value",
            "set_aside",
            "answered_by",
            "role",
            "updated_at",
            "provenance",
            "carried_from",
            "carried_value",
        ],
    )


def _carried(response: Response, question_ids: list[str]) -> dict[str, tuple[int | None, object]]:
    """Of these questions, those whose answer was carried over: its source and carried value."""
    rows = (
        Answer.objects.filter(response=response, question_id__in=question_ids)
        .exclude(provenance=Provenance.TYPED)
        .values_list("question_id", "carried_from_id", "carried_value")
    )
    return {qid: (source, value) for qid, source, value in rows}


def _typed(value: object) -> Value:
    return tuple(value) if isinstance(value, list) else value  # type: ignore[return-value]


def _answer(
    response: Response, qid: str, value: Value, respondent: Respondent, *, aside: bool
) -> Answer:
    return Answer(
        response=response,
        question_id=qid,
        value=_jsonable(value),
        set_aside=aside,
        answered_by=respondent,
        role=respondent.role,
    )


def _replace_drafts(
    response: Response,
    raw: Mapping[str, object],
    drafted: tuple[str, ...],
    respondent: Respondent,
) -> None:
    Draft.objects.filter(response=response, question_id__in=list(raw)).delete()
    Draft.objects.bulk_create(
        Draft(response=response, question_id=qid, value=_jsonable(raw[qid]), typed_by=respondent)
        for qid in drafted
    )


def confirm_carried(
    response: Response,
    page_id: str,
    respondent: Respondent,
    *,
    key: str,
    base_revision: int,
) -> PageResult:
    """Copy the previous edition's answers into the section of ``page_id``, as one explicit
    action of the respondent: only questions not answered (nor drafted) yet, that the skip
    logic asks, with a value still valid. They are stored as « reprise » and stay editable;
    the save counts as a revision of the section (a colleague's form then conflicts)."""
    payload = _payload_hash(f"reprendre:{page_id}", {})
    with transaction.atomic():
        response = _locked_for(response, respondent)
        replay = _replayed(response, key, payload)
        if replay is not None:
            return PageResult((), replay, replayed=True)
        page, current = _unchanged_since(response, page_id, base_revision, respondent)
        previous = _previous_or_refuse(response)
        chosen = carried_for_section(response, page.section.id, previous)
        if not chosen:
            raise CollectionError(
                f"Il ne reste aucune réponse de l'édition {previous.year} à reprendre sur "
                "cette page : elles sont déjà reprises, ou vous avez déjà répondu."
            )
        _upsert(
            [
                _carried_answer(response, qid, value, respondent, previous)
                for qid, value in chosen.items()
            ]
        )
        PageSave.objects.create(
            response=response,
            page_id=page.section.id,
            pages=[],
            carried_over=True,
            key=key,
            payload_hash=payload,
            revision=current + 1,
            saved_by=respondent,
        )
        _reopen_if_submitted(response, respondent)
        record(
            "answers.carried_over",
            response,
            respondent.user,
            section=page.section.id,
            questions=sorted(chosen),
            source=previous.response.pk,
        )
    return PageResult((), current + 1)


def _previous_or_refuse(response: Response) -> PreviousEdition:
    previous = previous_edition(response)
    if previous is None:
        raise CollectionError(
            "Votre collectivité n'a pas répondu à ce questionnaire lors de l'édition "
            "précédente : il n'y a aucune réponse à reprendre."
        )
    return previous


def carried_for_section(
    response: Response, section_id: str, previous: PreviousEdition
) -> dict[str, Value]:
    """What confirming the section would write now (nothing for a question with a draft)."""
    stored = {qid: _typed(value) for qid, value in current_values(response).items()}
    chosen = applicable(response.version.questionnaire, section_id, stored, previous.carried)
    drafted = set(drafts(response))
    return {qid: value for qid, value in chosen.items() if qid not in drafted}


def _carried_answer(
    response: Response,
    qid: str,
    value: Value,
    respondent: Respondent,
    previous: PreviousEdition,
) -> Answer:
    answer = _answer(response, qid, value, respondent, aside=False)
    answer.provenance = Provenance.CONFIRMED
    answer.carried_from = previous.response
    answer.carried_value = _jsonable(value)
    return answer


def submit(response: Response, respondent: Respondent) -> tuple[Issue, ...]:
    """Submit the whole response; returns the errors that prevent it (nothing is changed then)."""
    with transaction.atomic():
        response = _locked_for(response, respondent)
        result = validate_answers(response.version.questionnaire, current_values(response))
        if result.errors:
            return result.errors
        if response.status == ResponseStatus.SUBMITTED:
            return ()
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
        response.submitted_by = respondent
        response.receipt_number = response.receipt_number or _receipt_number(response)
        response.save(update_fields=["status", "submitted_at", "submitted_by", "receipt_number"])
        record("response.submitted", response, respondent.user, receipt=response.receipt_number)
    return ()


@dataclass(frozen=True)
class ImportedResponse:
    """A response collected elsewhere (the demo's synthetic editions, a past edition's file):
    the authority, who answered, the values by question id, and when it was submitted (None:
    still in progress)."""

    authority_id: str
    respondent: Respondent
    values: Mapping[str, object]
    submitted_at: dt.datetime | None = None
    receipt_number: str = ""


def import_responses(
    link: WaveQuestionnaire, items: Sequence[ImportedResponse], *, source: str
) -> int:
    """Write responses collected elsewhere into a wave not yet published, all or nothing.

    Every question id must belong to the wave's version of the questionnaire and every
    authority may appear once; otherwise nothing is written. One audit event names the source.
    """
    wave = Wave.objects.get(pk=link.wave_id)
    if wave.status == WaveStatus.PUBLISHED:
        raise WaveClosedError("Cette vague est publiée : on ne peut plus y importer de réponses.")
    _check_imported(link, items)
    try:
        with transaction.atomic():
            return _write_imported(link, items, source)
    except IntegrityError as error:
        raise ConflictError(
            "Une de ces collectivités a déjà une réponse à ce questionnaire dans cette vague. "
            "Rien n'a été importé."
        ) from error


def _write_imported(link: WaveQuestionnaire, items: Sequence[ImportedResponse], source: str) -> int:
    responses = Response.objects.bulk_create(
        (_imported_response(link, item) for item in items), batch_size=500
    )
    Answer.objects.bulk_create(
        (
            Answer(
                response=response,
                question_id=qid,
                value=_jsonable(value),
                answered_by=item.respondent,
                role=item.respondent.role,
            )
            for response, item in zip(responses, items, strict=True)
            for qid, value in item.values.items()
        ),
        batch_size=1000,
    )
    record("responses.imported", link, None, source=source, count=len(responses))
    _refresh_statistics(len(responses))
    return len(responses)


#: An import at least this large refreshes the planner's statistics of the tables it filled.
ANALYZE_AFTER = 200


def _refresh_statistics(imported: int) -> None:
    """PostgreSQL plans from statistics gathered before the import (an emptied table reads as
    empty): the next queries on the new rows, in this very transaction too, would walk the
    whole answer table once per response. ANALYZE inside the transaction counts its rows."""
    if imported < ANALYZE_AFTER or connection.vendor != "postgresql":
        return
    tables = (Response._meta.db_table, Answer._meta.db_table)  # noqa: SLF001 - Django's public _meta API
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _check_imported(link: WaveQuestionnaire, items: Sequence[ImportedResponse]) -> None:
    known = set(link.version.questionnaire.questions)
    seen: set[str] = set()
    for item in items:
        unknown = sorted(set(item.values) - known)
        if unknown:
            raise CollectionError(
                f"Réponse de {item.authority_id} : question(s) inconnue(s) du questionnaire "
                f"« {link.questionnaire_key} » : {', '.join(unknown)}. Rien n'a été importé."
            )
        if item.authority_id in seen:
            raise CollectionError(
                f"{item.authority_id} figure deux fois dans l'import. Rien n'a été importé."
            )
        seen.add(item.authority_id)


def _imported_response(link: WaveQuestionnaire, item: ImportedResponse) -> Response:
    submitted = item.submitted_at is not None
    return Response(
        wave_id=link.wave_id,
        questionnaire_key=link.questionnaire_key,
        version=link.version,
        authority_id=item.authority_id,
        status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.IN_PROGRESS,
        submitted_at=item.submitted_at,
        submitted_by=item.respondent if submitted else None,
        receipt_number=item.receipt_number if submitted else "",
    )


def _reopen_if_submitted(response: Response, respondent: Respondent) -> None:
    if response.status == ResponseStatus.SUBMITTED:
        response.status = ResponseStatus.IN_PROGRESS
        response.save(update_fields=["status"])
        record("response.reopened", response, respondent.user)


def _locked_for(response: Response, respondent: Respondent) -> Response:
    """The response row, locked until the transaction ends, if this respondent may write it.

    Only the response row is locked for update; its wave is locked in share mode
    (:func:`_hold_wave_status`). Locking the wave and version rows for update, as a plain
    ``select_for_update`` of the joined rows does, made every save of a wave wait for the one
    before it, whatever the authority. The version's YAML source is not read: the compiled
    questionnaire is shared by the process (``QuestionnaireVersion.questionnaire``).
    """
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("wave", "version")
        .defer("version__source")
        .get(pk=response.pk)
    )
    _require_owner(locked, respondent)
    locked.wave.status = _hold_wave_status(locked.wave)
    _require_open(locked.wave)
    return locked


def _hold_wave_status(wave: Wave) -> str:
    """The wave's status, read under a share lock held until the transaction ends: saves of a
    wave run side by side, and closing the wave (``campaigns.flows.transition`` locks it for
    update) waits for the saves in progress, as a save waits for a closing in progress, then
    reads the new status. SQLite runs one writing transaction at a time: the status read is it."""
    if connection.vendor != "postgresql":
        return wave.status
    table = connection.ops.quote_name(Wave._meta.db_table)  # noqa: SLF001 - Django's public _meta API
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM {table} WHERE id = %s FOR SHARE", [wave.pk])  # noqa: S608 - the table name is the model's
        row = cursor.fetchone()
    return str(row[0])


def _require_open(wave: Wave) -> None:
    if wave.status != WaveStatus.OPEN:
        raise WaveClosedError(
            "Cette vague n'est pas ouverte : les réponses ne peuvent plus être modifiées."
        )


def _require_owner(response: Response, respondent: Respondent) -> None:
    if response.authority_id != respondent.authority_id:
        raise NotFoundError("Cette réponse n'existe pas.")


def _replayed(response: Response, key: str, payload: str) -> int | None:
    previous = PageSave.objects.filter(response=response, key=key).first()
    if previous is None:
        return None
    if previous.payload_hash != payload:
        raise ConflictError(
            "Cet enregistrement a déjà été fait avec un autre contenu. Rechargez la page."
        )
    return previous.revision


def _conflict_message(response: Response, page_id: str) -> str:
    last = (
        PageSave.objects.filter(response=response, page_id=page_id)
        .select_related("saved_by__user")
        .order_by("-revision")
        .first()
    )
    who = last.saved_by.user.get_username() if last else "quelqu'un"
    when = timezone.localtime(last.saved_at).strftime("%H:%M") if last else ""
    return (
        f"Cette page a été modifiée par {who} à {when} pendant que vous la remplissiez. "
        "Vos saisies sont conservées ci-dessous : vérifiez-les puis enregistrez de nouveau."
    )


def _payload_hash(page_id: str, raw: Mapping[str, object]) -> str:
    text = json.dumps([page_id, _jsonable(dict(raw))], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _jsonable(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def _receipt_number(response: Response) -> str:
    digest = hashlib.sha256(f"{response.pk}:{response.authority_id}".encode()).hexdigest()
    return f"BN-{response.wave.campaign.year}-{response.wave.number}-{digest[:8].upper()}"
