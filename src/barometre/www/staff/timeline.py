"""A wave's timeline, read from the audit log: every step of its lifecycle, who took it, when."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Q

from barometre.audit.models import AuditEvent
from barometre.campaigns.models import Wave, WaveStatus

SHOWN: Final = 300  # the latest events; the page says how many were left out


@dataclass(frozen=True)
class Line:
    event: AuditEvent
    who: str
    text: str


def wave_events(wave: Wave) -> Any:
    """The wave's own events, its result sets' and its background jobs', oldest first."""
    result_sets = [str(pk) for pk in wave.result_sets.values_list("pk", flat=True)]
    jobs = [str(pk) for pk in wave.jobs.values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(
            Q(object_type="campaigns.wave", object_id=str(wave.pk))
            | Q(object_type="results.resultset", object_id__in=result_sets)
            | Q(object_type="jobs.job", object_id__in=jobs)
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


def timeline(wave: Wave) -> tuple[list[Line], int]:
    """The latest ``SHOWN`` lines, oldest first, and how many older ones are left out."""
    events = wave_events(wave)
    total = events.count()
    kept = list(events[max(0, total - SHOWN) :])
    return [_line(event) for event in kept], max(0, total - SHOWN)


def _line(event: AuditEvent) -> Line:
    who = event.actor.get_username() if event.actor else "le système"
    words = WORDS.get(event.action)
    text = words(event.detail) if words else f"Événement « {event.action} »"
    return Line(event, who, text)


def _status(code: object) -> str:
    return WaveStatus(str(code)).label if str(code) in WaveStatus.values else str(code)


MOVES: Final[dict[tuple[str, str], str]] = {
    (WaveStatus.DRAFT, WaveStatus.OPEN): "Vague ouverte aux répondants",
    (WaveStatus.OPEN, WaveStatus.CLOSED): "Vague close",
    (WaveStatus.CLOSED, WaveStatus.OPEN): "Vague rouverte",
    (WaveStatus.CLOSED, WaveStatus.PUBLISHED): "Vague publiée",
}


def _transition(detail: Mapping[str, Any]) -> str:
    before, after = str(detail.get("from_status")), str(detail.get("to_status"))
    note = str(detail.get("note") or "")
    moved = f"Vague passée de « {_status(before)} » à « {_status(after)} »"
    said = MOVES.get((before, after), moved)
    if not note:
        return said
    label = "motif" if after == WaveStatus.OPEN else "avec"
    return f"{said} — {label} : {note}"


def _created(detail: Mapping[str, Any]) -> str:
    questionnaires = detail.get("questionnaires") or []
    return (
        f"Vague n° {detail.get('number')} créée en brouillon, ouverture prévue le "
        f"{detail.get('opens_on')}, clôture le {detail.get('closes_on')} ; "
        f"questionnaire(s) : {', '.join(questionnaires) or 'aucun'}"
    )


def _built(detail: Mapping[str, Any]) -> str:
    kind = "définitif" if detail.get("kind") == "final" else "provisoire"
    said = (
        f"Jeu de résultats {kind}, révision {detail.get('revision')}, construit sur "
        f"{detail.get('responses')} réponse(s) soumise(s)"
    )
    if detail.get("supersedes"):
        said += f" ; remplace la révision {detail['supersedes']}"
    if detail.get("reason"):
        said += f" — motif de la révision : {detail['reason']}"
    return said


def _sent(word: str) -> Callable[[Mapping[str, Any]], str]:
    def say(detail: Mapping[str, Any]) -> str:
        said = f"{word} : {detail.get('sent', 0)} envoyée(s)"
        if detail.get("skipped"):
            said += f", {detail['skipped']} écartée(s)"
        if detail.get("failed"):
            said += f", {detail['failed']} échec(s) d'envoi"
        return said

    return say


WORDS: Final[dict[str, Callable[[Mapping[str, Any]], str]]] = {
    "wave.created": _created,
    "wave.transition": _transition,
    "questionnaire.corrected": lambda d: (
        f"Questionnaire « {d.get('questionnaire')} » corrigé par une nouvelle version — "
        f"motif : {d.get('note')}"
    ),
    "results.built": _built,
    "job.started": lambda d: f"Tâche de fond lancée : {d.get('title')}",
    "job.restarted": lambda d: f"Tâche de fond relancée après {d.get('attempts')} essai(s)",
    "reminders_sent": _sent("Relances"),
    "invitations_sent": _sent("Invitations"),
    "export": lambda d: f"Export de la participation en CSV ({d.get('rows')} lignes)",
}
