"""/equipe/exports/: every file the team can take away, wave by wave — the participation table
(CSV, limited to a relay's territory, each download journalised) and, for a published wave, the
open-data package and the results pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from barometre.accounts.models import StaffProfile
from barometre.accounts.permissions import staff_required, visible_authorities
from barometre.campaigns.models import Wave, WaveStatus
from barometre.results.queries import latest_final


@staff_required()
@require_GET
def exports(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    waves = Wave.objects.select_related("campaign").order_by("-campaign__year", "number")
    rows = [
        {
            "wave": wave,
            "public": wave.status == WaveStatus.PUBLISHED and latest_final(wave) is not None,
        }
        for wave in waves
    ]
    context = {
        "title": "Exports",
        "profile": profile,
        "rows": rows,
        "territory": visible_authorities(profile) is not None,
    }
    return render(request, "www/staff/waves/exports.html", context)
