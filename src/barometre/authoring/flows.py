"""Every write to questionnaire drafts: guarded, atomic, audited.

Publishing goes through ``campaigns.flows.register_version`` (the one place that stores a
version). Two operators publishing the same draft at once: the draft row is locked and its
state changed by a conditional update, so one publishes and the other is told who did.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from barometre.audit.log import record
from barometre.authoring.models import DraftStatus, QuestionnaireDraft, TrialResponse
from barometre.authoring.upload import Compiled, compile_upload, file_format, safe_name
from barometre.campaigns.flows import CampaignError, register_version
from barometre.campaigns.models import QuestionnaireVersion
from barometre.questionnaire import compile_yaml

Actor = User | AnonymousUser | None


class DraftError(Exception):
    """A refused change, with a French message for the operator; ``status`` is the HTTP one."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Published:
    version: QuestionnaireVersion
    created: bool  # False: the same content was already a version


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _apply(draft: QuestionnaireDraft, name: str, content: bytes, compiled: Compiled) -> None:
    questionnaire = compiled.questionnaire
    draft.file_name = safe_name(name)
    draft.file_format = compiled.file_format
    draft.file_content = content
    draft.source = compiled.source
    draft.errors = list(compiled.errors)
    draft.warnings = list(compiled.warnings)
    draft.questionnaire_key = questionnaire.id if questionnaire else ""
    draft.version_hash = questionnaire.version_hash if questionnaire else ""
    draft.title = questionnaire.title.fr[:200] if questionnaire else draft.file_name


def create_draft(name: str, content: bytes, actor: Actor) -> QuestionnaireDraft:
    """A new draft from an uploaded file, kept even when it does not compile (its report says
    why); raises :class:`~barometre.authoring.upload.UploadError` for a file of another kind."""
    compiled = compile_upload(name, content)
    draft = QuestionnaireDraft(created_by=_user(actor))
    _apply(draft, name, content, compiled)
    with transaction.atomic():
        draft.save()
        record("questionnaire_draft.created", draft, actor, **_summary(draft))
    return draft


def draft_from_version(version: QuestionnaireVersion, actor: Actor) -> QuestionnaireDraft:
    """A new draft holding an existing version (the previous edition's), to be edited."""
    text = version.source
    name = f"{version.questionnaire_key}.yaml"
    draft = QuestionnaireDraft(created_by=_user(actor), based_on=version)
    _apply(draft, name, text.encode("utf-8"), compile_upload(name, text.encode("utf-8")))
    with transaction.atomic():
        draft.save()
        record(
            "questionnaire_draft.created",
            draft,
            actor,
            based_on=version.version_hash,
            **_summary(draft),
        )
    return draft


def _summary(draft: QuestionnaireDraft) -> dict[str, object]:
    return {
        "file": draft.file_name,
        "format": draft.file_format,
        "questionnaire": draft.questionnaire_key,
        "hash": draft.version_hash,
        "errors": len(draft.errors),
        "warnings": len(draft.warnings),
    }


def _locked(draft: QuestionnaireDraft, revision: int | None) -> QuestionnaireDraft:
    """The draft row locked for this transaction, refused when published or changed since."""
    locked = QuestionnaireDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.status == DraftStatus.PUBLISHED:
        raise DraftError(already_published(locked))
    if revision is not None and locked.revision != revision:
        raise DraftError(
            "Le brouillon a changé depuis que vous l'avez ouvert (fichier remplacé, révision "
            f"{locked.revision}) : relisez-le, puis recommencez."
        )
    return locked


def already_published(draft: QuestionnaireDraft) -> str:
    who = draft.published_by.get_username() if draft.published_by else "un autre membre de l'équipe"
    when = (
        timezone.localtime(draft.published_at).strftime("%d/%m/%Y à %H:%M")
        if draft.published_at
        else ""
    )
    version = draft.published_version.version_hash[:12] if draft.published_version else ""
    return (
        f"Ce brouillon a déjà été publié le {when} par {who} (version {version}) : il ne se "
        "modifie plus et n'a pas été publié une seconde fois. Pour changer ce questionnaire, "
        "créez un nouveau brouillon à partir de cette version."
    )


def replace_file(
    draft: QuestionnaireDraft, name: str, content: bytes, actor: Actor, revision: int
) -> int:
    """Put a corrected file in the draft; its test answers no longer fit and are removed.
    Returns how many test answers were removed."""
    file_format(name)  # a file of another kind is refused before anything is locked
    compiled = compile_upload(name, content)
    with transaction.atomic():
        locked = _locked(draft, revision)
        removed, _ = TrialResponse.objects.filter(draft=locked).delete()
        _apply(locked, name, content, compiled)
        locked.revision += 1
        locked.save()
        record(
            "questionnaire_draft.replaced",
            locked,
            actor,
            revision=locked.revision,
            test_answers_removed=removed,
            **_summary(locked),
        )
    return removed


def publish(draft: QuestionnaireDraft, actor: Actor, revision: int) -> Published:
    """Register the draft as an immutable version; the draft becomes read-only."""
    with transaction.atomic():
        locked = _locked(draft, revision)
        if not locked.compiles:
            count = len(locked.errors)
            raise DraftError(
                f"Ce brouillon ne se compile pas ({count} erreur{'s' if count > 1 else ''}) : "
                "corrigez le fichier et déposez-le de nouveau avant de publier.",
                status=422,
            )
        version, created = _register(locked)
        now = timezone.now()
        changed = QuestionnaireDraft.objects.filter(
            pk=locked.pk, status=DraftStatus.DRAFT, revision=revision
        ).update(
            status=DraftStatus.PUBLISHED,
            published_at=now,
            published_by=_user(actor),
            published_version=version,
            updated_at=now,
        )
        if changed != 1:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL
            raise DraftError(already_published(QuestionnaireDraft.objects.get(pk=locked.pk)))
        record(
            "questionnaire_draft.published",
            locked,
            actor,
            questionnaire=version.questionnaire_key,
            version=version.version_hash,
            new_version=created,
            revision=revision,
        )
    return Published(version, created)


def _register(draft: QuestionnaireDraft) -> tuple[QuestionnaireVersion, bool]:
    result = compile_yaml(draft.source, origin=draft.file_name)
    if result.questionnaire is None:  # pragma: no cover - stored only when it compiles
        raise DraftError("Ce brouillon ne se compile plus : déposez le fichier de nouveau.", 422)
    existed = QuestionnaireVersion.objects.filter(
        questionnaire_key=result.questionnaire.id,
        version_hash=result.questionnaire.version_hash,
    ).exists()
    try:
        version = register_version(draft.source, origin=f"brouillon {draft.pk} ({draft.file_name})")
    except CampaignError as error:  # pragma: no cover - compiled just above
        raise DraftError(str(error), 422) from error
    return version, not existed


def delete_draft(draft: QuestionnaireDraft, actor: Actor) -> None:
    """Remove a draft that was never published, with its test answers."""
    with transaction.atomic():
        locked = _locked(draft, None)
        summary = _summary(locked)
        record("questionnaire_draft.deleted", locked, actor, **summary)
        locked.delete()
