"""Recode maps from the staff space: the classified diff of each questionnaire against its
version in the previous edition, and the form that confirms a recode map (operators only).

The form works without JavaScript: one select per previous choice (one new choice), or one
group of checkboxes when the new question is a multiple choice. A refused map lists every
coded error, each pointing at its question, and stores nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import staff_required
from barometre.campaigns.flows import RecodeError, confirm_recode
from barometre.campaigns.recoding import Pair, pair_of, pairs
from barometre.questionnaire.diff import Diff, QuestionDiff

FIELD = "recodage"


def field_name(question: str, choice: str) -> str:
    return f"{FIELD}:{question}:{choice}"


@staff_required(StaffRole.OPERATOR)
@require_GET
def recoding_list(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    rows = [_summary(pair) for pair in pairs()]
    context = {"title": "Recodages entre éditions", "profile": profile, "rows": rows,
               "current": "recoding"}  # fmt: skip
    return render(request, "www/staff/recoding/list.html", context)


def _summary(pair: Pair) -> dict[str, Any]:
    found = pair.diff
    recode = pair.recode
    if found.identical:
        state = "Versions identiques : tout est comparable."
    elif recode is not None:
        state = f"Table de recodage confirmée le {recode.confirmed_at:%d/%m/%Y}."
    elif found.to_recode:
        state = f"Recodage à confirmer ({len(found.to_recode)} question(s))."
    else:
        state = "Aucun recodage nécessaire."
    return {"pair": pair, "diff": found, "counts": found.counts(), "state": state}


@staff_required(StaffRole.OPERATOR)
@require_http_methods(["GET", "POST"])
def recoding_pair(
    request: HttpRequest, profile: StaffProfile, previous_id: int, current_id: int
) -> HttpResponse:
    pair = pair_of(previous_id, current_id)
    if pair is None:
        raise Http404("Aucune vague ne compare ces deux versions.")
    found = pair.diff
    recode = pair.recode
    errors: list[dict[str, str]] = []
    submitted = request.POST if request.method == "POST" else None
    if submitted is not None:
        try:
            confirm_recode(pair.previous, pair.current, _mapping(submitted, found), profile.user,
                           submitted.get("commentaire", ""))  # fmt: skip
        except RecodeError as error:
            errors = [
                {"code": i.code, "message": i.message, "question": i.subject or ""}
                for i in error.issues
            ]
        else:
            messages.success(
                request,
                "Table de recodage confirmée : les évolutions publiées la suivent dès maintenant.",
            )
            return redirect("staff:recoding_pair", previous_id=previous_id, current_id=current_id)
    chosen = _mapping(submitted, found) if submitted is not None else _initial(pair)
    context = {
        "title": f"Recodage — {found.title}",
        "profile": profile,
        "current": "recoding",
        "pair": pair,
        "diff": found,
        "diff_data": found.to_data(recode.recoded if recode else None),
        "recode": recode,
        "questions": [_question(q, chosen.get(q.id, {})) for q in found.to_recode],
        "errors": errors,
        "note": submitted.get("commentaire", "") if submitted is not None else "",
    }
    status = 400 if errors else 200
    return render(request, "www/staff/recoding/pair.html", context, status=status)


def _mapping(data: QueryDict | None, found: Diff) -> dict[str, dict[str, object]]:
    """The map the form sent, for the questions that need one (every previous choice named,
    empty when left unmapped: the check says so)."""
    if data is None:
        return {}
    return {
        q.id: {
            old: [t for t in data.getlist(field_name(q.id, old)) if t]
            for old, _label in q.previous_choices
        }
        for q in found.to_recode
    }


def _initial(pair: Pair) -> dict[str, dict[str, object]]:
    """The confirmed map if any, else the suggestion (kept choices, renamed ones)."""
    if pair.recode is not None:
        return {q: dict(c) for q, c in pair.recode.mapping.items()}
    return {q.id: {old: list(new) for old, new in q.suggested} for q in pair.diff.to_recode}


def _question(question: QuestionDiff, chosen: dict[str, object]) -> dict[str, Any]:
    rows = []
    for old, label in question.previous_choices:
        picked = chosen.get(old) or []
        picked_list = [str(v) for v in picked] if isinstance(picked, list | tuple) else [picked]
        rows.append(
            {
                "value": old,
                "label": label,
                "name": field_name(question.id, old),
                "id": f"recodage-{question.id}-{old}",
                "picked": picked_list,
                "removed": old in question.removed_choices,
            }
        )
    return {"question": question, "rows": rows, "multiple": question.multiple}
