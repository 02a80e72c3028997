"""Who answered the previous wave or edition: the basis of the attrition filter of reminders."""

from __future__ import annotations

from typing import Final

from barometre.campaigns.models import Campaign, Wave, WaveStatus
from barometre.participation.progress import wave_statuses

#: The attrition filter's values: answered the previous wave of the edition, or any wave of
#: the previous edition, and not (yet) this one.
KINDS: Final = {
    "vague": "ont répondu à la vague précédente mais pas à celle-ci",
    "edition": "ont répondu à l'édition précédente mais pas à celle-ci",
}
MISSING: Final = {
    "vague": "Cette vague est la première de son édition : il n'y a pas de vague précédente, "
    "le filtre « ont répondu à la vague précédente » n'a pas de base.",
    "edition": "Il n'y a pas d'édition précédente à cette campagne : le filtre « ont répondu à "
    "l'édition précédente » n'a pas de base.",
}


def previous_waves(wave: Wave, kind: str) -> list[Wave]:
    """The waves the attrition ``kind`` looks back at (empty: none exists)."""
    if kind == "vague":
        return list(
            Wave.objects.filter(campaign=wave.campaign, number__lt=wave.number)
            .exclude(status=WaveStatus.DRAFT)
            .order_by("-number")[:1]
        )
    if kind == "edition":
        earlier = (
            Campaign.objects.filter(year__lt=wave.campaign.year).order_by("-year", "-pk").first()
        )
        if earlier is None:
            return []
        return list(earlier.waves.exclude(status=WaveStatus.DRAFT).order_by("number"))
    raise ValueError(f"Filtre d'attrition inconnu : {kind!r}.")


def available(wave: Wave) -> dict[str, bool]:
    """Which attrition filters have a basis for this wave."""
    return {kind: bool(previous_waves(wave, kind)) for kind in KINDS}


def previous_respondents(
    wave: Wave, kind: str, visible: frozenset[str] | None = None
) -> frozenset[str]:
    """Authorities (in scope) that submitted every questionnaire of one of those waves."""
    found: set[str] = set()
    for earlier in previous_waves(wave, kind):
        found.update(a for a, s in wave_statuses(earlier, visible).items() if s == "submitted")
    return frozenset(found)
