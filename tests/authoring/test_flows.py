"""Drafts: a file becomes a draft with its coded report; publishing makes one immutable version."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from barometre.audit.models import AuditEvent
from barometre.authoring import flows, trials
from barometre.authoring.models import DraftStatus, QuestionnaireDraft, TrialResponse
from barometre.authoring.upload import UploadError
from barometre.campaigns.models import QuestionnaireVersion, Wave
from tests.authoring.files import BAD_SURVEY, xlsform_bytes, yaml_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_user("operatrice@equipe.fr")


def good(operator: User) -> QuestionnaireDraft:
    return flows.create_draft("bon.yaml", yaml_bytes("bon.yaml"), operator)


def test_a_good_yaml_file_becomes_a_draft_that_compiles(operator: User) -> None:
    draft = good(operator)
    assert draft.compiles
    assert draft.questionnaire_key == "essai_brouillon"
    assert draft.title == "Questionnaire d'essai du brouillon"
    assert draft.questionnaire is not None
    assert draft.questionnaire.version_hash == draft.version_hash
    assert [w["code"] for w in draft.warnings] == ["question_count"]
    assert AuditEvent.objects.filter(action="questionnaire_draft.created").count() == 1


def test_a_bad_yaml_file_is_kept_with_each_error_coded_at_its_line(operator: User) -> None:
    draft = flows.create_draft("mauvais.yaml", yaml_bytes("mauvais.yaml"), operator)
    assert not draft.compiles
    assert draft.questionnaire is None
    found = {(e["code"], e["line"]) for e in draft.errors}
    assert found == {("schema", 13), ("duplicate_id", 20), ("unknown_question", 18)}
    assert all(e["file"] == "mauvais.yaml" for e in draft.errors)


def test_a_bad_xlsform_names_the_sheet_and_row_of_each_error(operator: User) -> None:
    draft = flows.create_draft("essai.xlsx", xlsform_bytes(BAD_SURVEY), operator)
    found = {(e["code"], e["sheet"], e["line"]) for e in draft.errors}
    assert found == {
        ("xlsform_unsupported", "survey", 4),
        ("xlsform_unsupported", "survey", 6),
    }


def test_a_good_xlsform_compiles_to_the_same_questionnaire_as_its_yaml(operator: User) -> None:
    draft = flows.create_draft("essai.xlsx", xlsform_bytes(), operator)
    assert draft.compiles
    assert draft.file_format == "xlsform"
    assert draft.questionnaire is not None
    assert draft.questionnaire.version_hash == draft.version_hash
    assert bytes(draft.file_content).startswith(b"PK")  # the workbook as received


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("questionnaire.docx", b"PK...", "Format non reconnu"),
        ("vide.yaml", b"", "vide"),
        ("enorme.xlsx", b"x" * 5_000_001, "trop gros"),
    ],
)
def test_what_is_not_a_questionnaire_file_is_refused_and_nothing_stored(
    operator: User, name: str, content: bytes, said: str
) -> None:
    with pytest.raises(UploadError, match=said):
        flows.create_draft(name, content, operator)
    assert not QuestionnaireDraft.objects.exists()


def test_a_file_not_in_utf8_is_a_coded_error_not_a_crash(operator: User) -> None:
    draft = flows.create_draft("latin1.yaml", "id: été".encode("latin-1"), operator)
    assert [e["code"] for e in draft.errors] == ["yaml_syntax"]
    assert "UTF-8" in draft.errors[0]["message"]


def test_publishing_registers_one_version_and_the_draft_becomes_read_only(operator: User) -> None:
    draft = good(operator)
    published = flows.publish(draft, operator, draft.revision)
    draft.refresh_from_db()
    assert published.created
    assert draft.status == DraftStatus.PUBLISHED
    assert draft.published_version == published.version
    assert published.version.version_hash == draft.version_hash
    assert published.version.questionnaire.title.fr == "Questionnaire d'essai du brouillon"
    event = AuditEvent.objects.get(action="questionnaire_draft.published")
    assert event.detail["version"] == draft.version_hash
    with pytest.raises(flows.DraftError, match="déjà été publié"):
        flows.replace_file(draft, "bon.yaml", yaml_bytes("bon.yaml"), operator, draft.revision)
    with pytest.raises(flows.DraftError, match="déjà été publié"):
        trials.start_trial(draft, operator)
    with pytest.raises(flows.DraftError, match="déjà été publié"):
        flows.delete_draft(draft, operator)


def test_a_second_publication_says_who_published_and_registers_nothing(operator: User) -> None:
    draft = good(operator)
    flows.publish(draft, operator, draft.revision)
    with pytest.raises(flows.DraftError, match=r"operatrice@equipe\.fr") as refused:
        flows.publish(draft, User.objects.create_user("autre@equipe.fr"), draft.revision)
    assert "pas été publié une seconde fois" in str(refused.value)
    assert QuestionnaireVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="questionnaire_draft.published").count() == 1


def test_a_draft_that_does_not_compile_is_not_published(operator: User) -> None:
    draft = flows.create_draft("mauvais.yaml", yaml_bytes("mauvais.yaml"), operator)
    with pytest.raises(flows.DraftError, match="ne se compile pas") as refused:
        flows.publish(draft, operator, draft.revision)
    assert refused.value.status == 422
    assert not QuestionnaireVersion.objects.exists()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT


def test_publishing_a_revision_that_was_replaced_since_is_refused(operator: User) -> None:
    draft = good(operator)
    seen = draft.revision
    flows.replace_file(draft, "essai.xlsx", xlsform_bytes(), operator, seen)
    with pytest.raises(flows.DraftError, match="a changé depuis"):
        flows.publish(draft, operator, seen)
    assert not QuestionnaireVersion.objects.exists()


def test_replacing_the_file_recompiles_and_removes_the_test_answers(operator: User) -> None:
    draft = good(operator)
    trials.generate(draft, 5, 1, operator)
    removed = flows.replace_file(
        draft, "mauvais.yaml", yaml_bytes("mauvais.yaml"), operator, draft.revision
    )
    draft.refresh_from_db()
    assert removed == 5
    assert not TrialResponse.objects.exists()
    assert draft.revision == 2
    assert not draft.compiles
    assert draft.version_hash == ""


def test_the_same_content_as_an_existing_version_registers_no_new_one(
    operator: User, open_wave: Wave
) -> None:
    served = open_wave.questionnaires.get().version
    draft = flows.draft_from_version(served, operator)
    assert draft.based_on == served
    assert draft.version_hash == served.version_hash
    published = flows.publish(draft, operator, draft.revision)
    assert not published.created
    assert published.version == served
    assert QuestionnaireVersion.objects.count() == 1
