"""The list of drafts, a draft's page (compile report, test answers, publication) and its files."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required
from barometre.authoring import flows
from barometre.authoring.editions import previous_version
from barometre.authoring.models import DraftFormat, QuestionnaireDraft, TrialOrigin
from barometre.authoring.trials import counts
from barometre.authoring.upload import UploadError
from barometre.questionnaire import Questionnaire
from barometre.questionnaire.diff import diff
from barometre.www.staff.drafts.figures import indicator_rows, theme_rows
from barometre.www.staff.drafts.forms import DraftFileForm, FromVersionForm, GenerateForm

View = Callable[..., HttpResponse]
operators_only: Callable[[View], View] = staff_required(StaffRole.OPERATOR)
LISTED = 200
TRIALS_LISTED = 20


def draft_or_404(draft_id: int) -> QuestionnaireDraft:
    return get_object_or_404(
        QuestionnaireDraft.objects.select_related(
            "created_by", "published_by", "published_version", "based_on"
        ),
        pk=draft_id,
    )


def where(item: dict[str, Any]) -> str:
    """« feuille « survey », ligne 7 », « ligne 12 », or the whole file."""
    parts = []
    if item.get("sheet"):
        parts.append(f"feuille « {item['sheet']} »")
    if item.get("line"):
        parts.append(f"ligne {item['line']}")
    return ", ".join(parts) or "tout le fichier"


def report(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "where": where(item)} for item in items]


def _list_context(profile: StaffProfile, **forms: Any) -> dict[str, Any]:
    drafts = QuestionnaireDraft.objects.select_related("created_by", "published_version")
    return {
        "title": "Brouillons de questionnaires",
        "profile": profile,
        "current": "drafts",
        "drafts": drafts[:LISTED],
        "listed": LISTED,
        "file_form": forms.get("file_form") or DraftFileForm(),
        "version_form": forms.get("version_form") or FromVersionForm(),
    }


@operators_only
@require_http_methods(["GET", "POST"])
def draft_list(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    """The drafts, and a new one from a file."""
    form = DraftFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                draft = flows.create_draft(*form.content(), request.user)
            except UploadError as error:
                form.add_error("file", str(error))
            else:
                _say_compiled(request, draft)
                return redirect("staff:draft", draft_id=draft.pk)
        context = _list_context(profile, file_form=form)
        return render(request, "www/staff/drafts/list.html", context, status=400)
    return render(request, "www/staff/drafts/list.html", _list_context(profile))


def _say_compiled(request: HttpRequest, draft: QuestionnaireDraft) -> None:
    if draft.compiles:
        messages.success(request, f"Fichier « {draft.file_name} » déposé : il se compile.")
    else:
        count = len(draft.errors)
        messages.error(
            request,
            f"Fichier « {draft.file_name} » déposé, mais il ne se compile pas : "
            f"{count} erreur{'s' if count > 1 else ''}, listée{'s' if count > 1 else ''} "
            "ci-dessous. Corrigez le fichier puis déposez-le de nouveau.",
        )


@operators_only
@require_POST
def draft_from_version(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    """A new draft holding the version of the latest edition."""
    form = FromVersionForm(request.POST)
    if not form.is_valid():
        context = _list_context(profile, version_form=form)
        return render(request, "www/staff/drafts/list.html", context, status=400)
    item = form.served[form.cleaned_data["version"]]
    draft = flows.draft_from_version(item.version, request.user)
    messages.success(
        request,
        f"Brouillon créé à partir de « {item.label} ». Téléchargez-le en YAML ou en XLSForm, "
        "modifiez-le, puis déposez le fichier corrigé ici.",
    )
    return redirect("staff:draft", draft_id=draft.pk)


def _diff_data(previous: Any, questionnaire: Questionnaire | None) -> dict[str, Any] | None:
    """The classified changes since the previous edition's version (none without one)."""
    if previous is None or questionnaire is None:
        return None
    return diff(previous.version.questionnaire, questionnaire).to_data()


def detail_context(draft: QuestionnaireDraft, profile: StaffProfile) -> dict[str, Any]:
    questionnaire = draft.questionnaire
    previous = previous_version(draft.questionnaire_key)
    trials = draft.test_responses.filter(origin=TrialOrigin.PREVIEW).order_by("-pk")
    return {
        "title": f"Brouillon — {draft.title}",
        "profile": profile,
        "current": "drafts",
        "draft": draft,
        "questionnaire": questionnaire,
        "pages": sum(len(questionnaire.pages(s)) for s in questionnaire.sections)
        if questionnaire
        else 0,
        "errors": report(draft.errors),
        "warnings": report(draft.warnings),
        "previous": previous,
        "diff_data": _diff_data(previous, questionnaire),
        "counts": counts(draft),
        "trials": trials[:TRIALS_LISTED],
        "indicators": indicator_rows(draft) if questionnaire else [],
        "themes": theme_rows(draft) if questionnaire else [],
        "file_form": DraftFileForm(),
        "generate_form": GenerateForm(),
    }


def render_detail(
    request: HttpRequest,
    draft: QuestionnaireDraft,
    profile: StaffProfile,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {**detail_context(draft, profile), **extra}
    return render(request, "www/staff/drafts/draft.html", context, status=status)


@operators_only
@require_GET
def draft_detail(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    return render_detail(request, draft_or_404(draft_id), profile)


def posted_revision(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


@operators_only
@require_POST
def draft_replace(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    """Put a corrected file in the draft (its test answers are removed)."""
    draft = draft_or_404(draft_id)
    form = DraftFileForm(request.POST, request.FILES)
    revision = posted_revision(request)
    if not form.is_valid() or revision is None:
        return render_detail(request, draft, profile, 400, file_form=form)
    try:
        removed = flows.replace_file(draft, *form.content(), request.user, revision)
    except UploadError as error:
        form.add_error("file", str(error))
        return render_detail(request, draft, profile, 400, file_form=form)
    except flows.DraftError as error:
        return render_detail(
            request, draft_or_404(draft_id), profile, error.status, error=str(error)
        )
    draft = draft_or_404(draft_id)
    _say_compiled(request, draft)
    if removed:
        messages.info(
            request,
            f"Réponses de test du fichier précédent effacées ({removed}) : elles ne "
            "correspondaient plus au questionnaire.",
        )
    return redirect("staff:draft", draft_id=draft.pk)


@operators_only
@require_POST
def draft_publish(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    """Register the draft as an immutable version (one operator wins a simultaneous click)."""
    draft = draft_or_404(draft_id)
    revision = posted_revision(request)
    if revision is None:
        return render_detail(
            request, draft, profile, 400, error="Formulaire incomplet : rechargez la page."
        )
    try:
        published = flows.publish(draft, request.user, revision)
    except flows.DraftError as error:
        return render_detail(
            request, draft_or_404(draft_id), profile, error.status, error=str(error)
        )
    version = published.version
    if published.created:
        messages.success(
            request,
            f"Questionnaire publié : version {version.version_hash[:12]} enregistrée, elle ne "
            "changera plus. Le brouillon est désormais en lecture seule.",
        )
    else:
        messages.info(
            request,
            f"Ce contenu était déjà la version {version.version_hash[:12]} (enregistrée le "
            f"{version.registered_at:%d/%m/%Y}) : aucune nouvelle version n'a été créée, le "
            "brouillon renvoie à celle-ci et passe en lecture seule.",
        )
    return redirect("staff:draft", draft_id=draft.pk)


@operators_only
@require_POST
def draft_delete(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:
    draft = draft_or_404(draft_id)
    try:
        flows.delete_draft(draft, request.user)
    except flows.DraftError as error:
        return render_detail(
            request, draft_or_404(draft_id), profile, error.status, error=str(error)
        )
    messages.success(request, f"Brouillon « {draft.title} » supprimé, avec ses réponses de test.")
    return redirect("staff:drafts")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(body: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@operators_only
@require_GET
def draft_received(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:  # noqa: ARG001 - operators only
    """The file as it was sent."""
    draft = draft_or_404(draft_id)
    kind = XLSX if draft.file_format == DraftFormat.XLSFORM else "application/yaml; charset=utf-8"
    return _attachment(bytes(draft.file_content), draft.file_name, kind)


@operators_only
@require_GET
def draft_yaml(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:  # noqa: ARG001 - operators only
    """The compiled questionnaire in YAML (to edit, then send back)."""
    draft = draft_or_404(draft_id)
    if not draft.compiles:
        raise Http404("Ce brouillon ne se compile pas : téléchargez le fichier reçu.")
    name = f"{draft.questionnaire_key}-brouillon-{draft.pk}-r{draft.revision}.yaml"
    return _attachment(draft.source.encode("utf-8"), name, "application/yaml; charset=utf-8")


@operators_only
@require_GET
def draft_xlsform(request: HttpRequest, profile: StaffProfile, draft_id: int) -> HttpResponse:  # noqa: ARG001 - operators only
    """The compiled questionnaire as an XLSForm workbook (to edit in a spreadsheet)."""
    from barometre.questionnaire.xlsform import export_xlsform  # noqa: PLC0415 - heavy

    draft = draft_or_404(draft_id)
    questionnaire = draft.questionnaire
    if questionnaire is None:
        raise Http404("Ce brouillon ne se compile pas : téléchargez le fichier reçu.")
    with tempfile.TemporaryDirectory(prefix="brouillon-") as folder:
        path = Path(folder) / "questionnaire.xlsx"
        export_xlsform(questionnaire, path)
        body = path.read_bytes()
    name = f"{draft.questionnaire_key}-brouillon-{draft.pk}-r{draft.revision}.xlsx"
    return _attachment(body, name, XLSX)
