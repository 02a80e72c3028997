"""/equipe/vagues/<vague>/niveaux/: how the members of a territory spread over the levels of
each theme of a published wave, for a relay to plan its support (an operator or an analyst
picks any territory, or France entière).

The counts are those of the members who answered, under the final result set's disclosure
rule (reports/levels.py). A relay asking for a territory outside its own gets 404, as for an
unknown one (accounts.permissions).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from barometre.accounts.models import StaffProfile
from barometre.accounts.permissions import staff_required, visible_authorities
from barometre.accounts.territory import TerritoryError, authorities_in, parse_territories
from barometre.campaigns.models import Wave
from barometre.questionnaire.maturity import LEVELS
from barometre.referentiel import load_frame
from barometre.reports.build import final_results
from barometre.reports.errors import ReportError
from barometre.reports.levels import ThemeLevels, bars, theme_levels
from barometre.reports.wave import WaveScores, cached_wave_scores


class _BadTerritoryError(ValueError):
    pass


def _territory(request: HttpRequest, profile: StaffProfile) -> str:
    """The territory asked for ('' for France entière), checked against the profile's scope."""
    visible = visible_authorities(profile)
    asked = request.GET.get("territoire", "").strip()
    if not asked:
        return profile.territory_ids[0] if visible is not None else ""
    try:
        found = parse_territories(asked)
    except TerritoryError as error:
        raise _BadTerritoryError(str(error)) from None
    if len(found) != 1:
        raise _BadTerritoryError(
            "Indiquez un seul territoire : une région, un département ou un EPCI."
        )
    if visible is not None and not authorities_in(found) <= visible:
        raise Http404
    return found[0]


def _themes(scores: WaveScores, territory: str) -> list[ThemeLevels]:
    members = authorities_in([territory]) if territory else None
    themes = []
    for key in sorted(scores.tables):
        table = scores.tables[key]
        chosen = [a for a in table.scores if members is None or a in members]
        for theme in table.questionnaire.maturity_themes:
            levels = [table.scores[a][theme.id].level for a in chosen]
            themes.append(
                theme_levels(theme.label.fr, table.questionnaire.title.fr, levels, scores.rule)
            )
    return themes


@staff_required()
@require_GET
def levels(request: HttpRequest, profile: StaffProfile, wave_id: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("campaign"), pk=wave_id)
    context: dict[str, object] = {
        "title": f"Niveaux par thème — {wave.campaign.name}, vague {wave.number}",
        "profile": profile,
        "wave": wave,
        "current": "levels",
        "choices": [(t, load_frame().get(t).name) for t in profile.territory_ids]
        if visible_authorities(profile) is not None
        else None,
        "asked": request.GET.get("territoire", ""),
        "levels": LEVELS,
    }
    try:
        territory = _territory(request, profile)
    except _BadTerritoryError as error:
        context["error"] = str(error)
        return render(request, "www/staff/levels.html", context, status=400)
    context["territory"] = load_frame().get(territory).name if territory else "France entière"
    try:
        result_set = final_results(wave)
    except ReportError as error:
        context["refused"] = error.message
        return render(request, "www/staff/levels.html", context, status=error.status)
    frame = load_frame()
    scores = cached_wave_scores(wave, result_set, frame, settings.RESTITUTION_PEERS_MINIMUM)
    themes = _themes(scores, territory)
    context |= {
        "themes": themes,
        "chart": bars(themes),
        "min_base": scores.rule.min_base,
        "result_set": result_set,
        "territory_id": territory,
    }
    return render(request, "www/staff/levels.html", context)
