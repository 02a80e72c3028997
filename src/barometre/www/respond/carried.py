"""The previous edition's answers as the respondent reads them: beside each question, in the
box that offers to confirm a section, on the summary and in the receipt (no logic: the flows
and ``questionnaire.carryover`` decide)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from barometre.collection import flows
from barometre.collection.carryover import PreviousAnswer, PreviousEdition
from barometre.collection.models import Answer, Provenance, Response
from barometre.questionnaire.carryover import LEFT
from barometre.www.respond.pages import PageView, shown_answer
from barometre.www.templatetags.french import date_fr


def _previous_text(previous: PreviousEdition, qid: str) -> str:
    """« Toujours vrai ? » — the answer as it was given, with its labels of then."""
    item = previous.answers[qid]
    question = previous.response.version.questionnaire.questions.get(qid)
    if question is None:  # pragma: no cover - carry_over only offers questions it knows
        return str(item.carried.previous)
    return shown_answer(question, item.carried.previous)


def said(previous: PreviousEdition, qid: str) -> str:
    """« Réponse de l'édition 2025, donnée par X, agent (maire), le 3 février 2025 : Oui »."""
    item: PreviousAnswer = previous.answers[qid]
    when = date_fr(previous.submitted_at)
    return (
        f"Réponse de l'édition {previous.year}, donnée par {item.who}, le {when} : "
        f"{_previous_text(previous, qid)}"
    )


def not_carried(previous: PreviousEdition, qid: str) -> str:
    """Why a previous answer is not offered: « … ne peut pas être reprise : <reason>. »."""
    return (
        f"Cette réponse de l'édition {previous.year} ne peut pas être reprise : "
        f"{previous.answers[qid].carried.reason}."
    )


def with_previous(view: PageView, previous: PreviousEdition | None) -> PageView:
    """The fields of ``view`` with the previous answer beside each question that had one."""
    if previous is None:
        return view
    fields = tuple(
        dataclasses.replace(
            field,
            previous=said(previous, field.id),
            previous_reason=""
            if previous.answers[field.id].carried.carried
            else not_carried(previous, field.id),
        )
        if field.id in previous.answers
        else field
        for field in view.fields
    )
    return dataclasses.replace(view, fields=fields)


def offer(
    response: Response, view: PageView, previous: PreviousEdition | None
) -> dict[str, Any] | None:
    """The box above the questions: how many answers a confirmation of this section would
    copy now (0: nothing left to confirm), or ``None`` when the section had no answer then."""
    if previous is None:
        return None
    section = view.section
    offered = [qid for qid in section.question_ids if qid in previous.answers]
    if not offered:
        return None
    pending = flows.carried_for_section(response, section.id, previous)
    confirmed = Answer.objects.filter(
        response=response, question_id__in=offered, provenance=Provenance.CONFIRMED
    ).count()
    return {
        "year": previous.year,
        "submitted_at": previous.submitted_at,
        "count": len(pending),
        "confirmed": confirmed,
        "not_carried": sum(1 for qid in offered if not previous.answers[qid].carried.carried),
    }


def _state(
    qid: str, stored: Mapping[str, str], previous: PreviousEdition | None, *, answered: bool
) -> str:
    if qid in stored:
        return stored[qid]
    offered = previous is not None and qid in previous.answers
    if offered and previous is not None and previous.answers[qid].carried.carried and not answered:
        return LEFT
    return ""


def provenance_words(state: str, year: int | None) -> str:
    """The state of one answer as the summary and the receipt say it."""
    edition = f"l'édition {year}" if year else "l'édition précédente"
    return {
        Provenance.CONFIRMED.value: f"reprise de {edition} et confirmée",
        Provenance.CHANGED.value: f"reprise de {edition} puis modifiée",
        LEFT: f"laissée sans réponse (une réponse de {edition} était proposée)",
    }.get(state, "")


def annotate_rows(
    response: Response, rows: list[dict[str, Any]], previous: PreviousEdition | None
) -> None:
    """Add to each summary item what became of the previous edition's answer."""
    stored = dict(
        Answer.objects.filter(response=response, set_aside=False)
        .exclude(provenance=Provenance.TYPED)
        .values_list("question_id", "provenance")
    )
    answered = set(flows.current_values(response))
    year = previous.year if previous else None
    for row in rows:
        for item in row["items"]:
            qid = str(item["id"])
            state = _state(qid, stored, previous, answered=qid in answered)
            item["provenance"] = state
            item["provenance_words"] = provenance_words(state, year)
            if previous is not None and qid in previous.answers:
                item["previous"] = said(previous, qid)
                carried = previous.answers[qid].carried
                if not carried.carried and qid not in stored:
                    item["previous_reason"] = not_carried(previous, qid)


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Answers confirmed, changed and left among annotated rows (``annotate_rows``)."""
    states = [item.get("provenance", "") for row in rows for item in row["items"]]
    return {
        "confirmed": states.count(Provenance.CONFIRMED.value),
        "changed": states.count(Provenance.CHANGED.value),
        "left": states.count(LEFT),
    }
