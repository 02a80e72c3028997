"""Which version each questionnaire had in the latest edition that served it (read only).

A draft for next year starts from there, and will be compared with it (the diff of
questionnaire versions, issue 13 item 2, reads :func:`previous_version`).
"""

from __future__ import annotations

from dataclasses import dataclass

from barometre.campaigns.models import QuestionnaireVersion, Wave, WaveQuestionnaire


@dataclass(frozen=True, slots=True)
class EditionVersion:
    """A questionnaire version as served by one wave of one edition."""

    wave: Wave
    version: QuestionnaireVersion

    @property
    def label(self) -> str:
        return f"{self.version.title} — {self.wave.label}"


def _served() -> list[WaveQuestionnaire]:
    return list(
        WaveQuestionnaire.objects.select_related("wave__campaign", "version").order_by(
            "-wave__campaign__year", "-wave__campaign__pk", "-wave__number", "position"
        )
    )


def latest_versions() -> list[EditionVersion]:
    """Each questionnaire once: the version of the latest wave of the latest edition serving it."""
    seen: dict[str, EditionVersion] = {}
    for link in _served():
        seen.setdefault(link.questionnaire_key, EditionVersion(link.wave, link.version))
    return sorted(seen.values(), key=lambda item: item.version.title)


def previous_version(questionnaire_key: str) -> EditionVersion | None:
    """The version of ``questionnaire_key`` in the latest edition that served it, if any."""
    if not questionnaire_key:
        return None
    return next(
        (item for item in latest_versions() if item.version.questionnaire_key == questionnaire_key),
        None,
    )
