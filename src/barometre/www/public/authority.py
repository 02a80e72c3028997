"""/collectivites/<id>/: the public page of one authority, reached from the home search.

What the page shows, and only that:

- its identity from the frame (``authority_identity``);
- whether it took part in each **published** wave: « oui » or « non » and the themes it
  submitted, never a count of respondents, their role or a date; a wave that is open, closed
  or not yet published is never named (the open data of a published wave already lists each
  authority that answered it);
- for one published wave, its answers to the questions published per authority (the open
  data's ``reponses_<questionnaire>`` columns, ``authority_answers``);
- the weighted estimates the dashboard publishes for its stratum (type × size), beside the
  whole: read from the final result set, never recomputed; a suppressed cell reads « secret
  statistique », without value, interval nor base;
- « Vous êtes élu ou agent de cette collectivité ? »: the link request of « Je réponds pour ma
  collectivité », the authority already chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from barometre.referentiel import FrameError, Unit, load_frame, stratum_of
from barometre.results.models import ResultEstimate
from barometre.www.converters import MAX_ID
from barometre.www.dashboard.figures import MAX_CV, MIN_RELIABLE_BASE, Figure, figure
from barometre.www.dashboard.query import Key, Published, Theme, published, themes
from barometre.www.dashboard.tables import WEIGHTED, source
from barometre.www.public.authority_answers import AnswerLine, WaveAnswers, answers_of, wave_answers
from barometre.www.public.authority_identity import (
    CODE_NAMES,
    THE_KIND,
    facts,
    members,
    page_url,
    stratum_text,
    type_text,
)

#: Longer than any unit id (« departement:976 », « epci:200000000 »): not read further.
MAX_ID_LENGTH: Final = 40
MISSING_TEMPLATE: Final = "www/public/authority_missing.html"
STRATUM: Final = "stratum"
OVERALL: Final = "ensemble"
BAD_WAVE: Final = "Le paramètre vague est le numéro d'une vague publiée."
NOT_FROZEN: Final = (
    "Les réponses par collectivité de cette vague ne sont pas disponibles : son jeu de résultats "
    "a été construit avant que les réponses soient conservées avec lui. Elles paraîtront avec sa "
    "prochaine révision."
)


@dataclass(frozen=True)
class Taking:
    """One published wave, and whether the authority took part in it."""

    item: Published
    url: str
    themes: list[str]  # titles of the questionnaires it submitted
    known: bool  # False: the answers of that wave cannot be read (not frozen)
    shown: bool  # the wave the page details


@dataclass(frozen=True)
class PeerRow:
    cell: str  # "indicator|stratum|level", as on the dashboard
    overall_cell: str
    label: str
    stratum: Figure
    overall: Figure


@dataclass(frozen=True)
class ThemePart:
    theme: Theme
    answered: bool
    answers: tuple[AnswerLine, ...]
    peers: list[PeerRow]
    dashboard_url: str


def _missing(request: HttpRequest, message: str, status: int = 404) -> HttpResponse:
    heading = "Collectivité introuvable" if status == 404 else "Demande incorrecte"  # noqa: PLR2004
    context = {"title": heading, "heading": heading, "message": message}
    return render(request, MISSING_TEMPLATE, context, status=status)


def _unit(raw: str) -> Unit | str:
    """The unit of this id, or the French reason why there is none."""
    if len(raw) > MAX_ID_LENGTH:
        return "Cet identifiant est trop long pour être celui d'une collectivité du référentiel."
    frame = load_frame()
    try:
        return frame.get(raw) if ":" in raw else frame.lookup(raw)
    except FrameError as error:
        return str(error)


def _wave_choice(request: HttpRequest, editions: list[Published]) -> Published | str | None:
    """The wave asked by ``?vague=``: a published one, else a French reason (None: not asked)."""
    raw = request.GET.get("vague")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()):
        return BAD_WAVE
    number = int(raw) if len(raw) <= len(str(MAX_ID)) else None  # never a huge int()
    found = next((e for e in editions if e.wave.pk == number), None)
    return found or "Aucun résultat publié pour cette vague."


@dataclass(frozen=True)
class Reading:
    """A published wave, its themes and the public part of its frozen answers."""

    item: Published
    themes: list[Theme]
    answers: WaveAnswers


def _read(editions: list[Published]) -> list[Reading]:
    return [Reading(item, themes(item), wave_answers(item.result_set)) for item in editions]


def _default(unit: Unit, read: list[Reading]) -> Reading | None:
    """The newest published wave the authority took part in, else the newest published."""
    for reading in read:
        if reading.answers.took_part(unit.id):
            return reading
    return read[0] if read else None


def _participation(unit: Unit, read: list[Reading], shown: Reading | None) -> list[Taking]:
    rows = []
    for reading in read:
        item, answers = reading.item, reading.answers
        titles = {t.key: t.title for t in reading.themes}
        submitted = [titles.get(key, key) for key in answers.took_part(unit.id)]
        url = f"{page_url(unit)}?vague={item.wave.pk}"
        rows.append(Taking(item, url, submitted, not answers.unavailable, reading is shown))
    return rows


def _published_figures(item: Published, level: str) -> dict[Key, ResultEstimate]:
    """The weighted estimates of the wave for this stratum and for the whole, as stored."""
    rows = ResultEstimate.objects.filter(result_set=item.result_set, weighting=WEIGHTED).filter(
        Q(domain=STRATUM, level=level) | Q(domain=OVERALL)
    )
    return {(e.indicator_id, e.domain, e.level, e.weighting): e for e in rows}


def _peer_rows(theme: Theme, level: str, found: dict[Key, ResultEstimate]) -> list[PeerRow]:
    return [
        PeerRow(
            f"{indicator}|{STRATUM}|{level}",
            f"{indicator}|{OVERALL}|",
            label,
            figure(found.get((indicator, STRATUM, level, WEIGHTED))),
            figure(found.get((indicator, OVERALL, "", WEIGHTED))),
        )
        for indicator, label in theme.indicators
    ]


def _theme_parts(unit: Unit, reading: Reading) -> list[ThemePart]:
    item, answers = reading.item, reading.answers
    level = stratum_of(unit)
    found = _published_figures(item, level)
    parts = []
    for theme in reading.themes:
        table = answers.tables.get(theme.key)
        lines = answers_of(table, unit.id) if table else ()
        url = reverse("public:results_theme", args=[item.wave.pk, theme.key])
        parts.append(
            ThemePart(
                theme,
                bool(table and unit.id in table.authorities),
                lines,
                _peer_rows(theme, level, found),
                f"{url}?{STRATUM}={level}",
            )
        )
    return parts


def _detail(unit: Unit, reading: Reading) -> dict[str, Any]:
    item = reading.item
    return {
        "wave": item.wave,
        "source": source(item),
        "parts": _theme_parts(unit, reading),
        "unavailable": NOT_FROZEN if reading.answers.unavailable else "",
        "max_cv": round(100 * MAX_CV),
        "min_base": MIN_RELIABLE_BASE,
        "opendata_url": reverse("public:opendata", args=[item.wave.pk]),
    }


@require_safe
def authority_page(request: HttpRequest, unit_id: str) -> HttpResponse:
    found = _unit(unit_id)
    if isinstance(found, str):
        return _missing(request, found)
    unit = found
    if unit.id != unit_id:  # /collectivites/42218/: the page lives at its stable id
        return HttpResponsePermanentRedirect(page_url(unit) + _query(request))
    editions = published()
    chosen = _wave_choice(request, editions)
    if isinstance(chosen, str):
        status = 400 if chosen == BAD_WAVE else 404
        return _missing(request, chosen, status)
    read = _read(editions)
    shown = next(r for r in read if r.item is chosen) if chosen else _default(unit, read)
    frame = load_frame()
    caption, member_rows = members(frame, unit)
    context: dict[str, Any] = {
        "title": f"{unit.name} ({unit.code})",
        "unit": unit,
        "the_kind": THE_KIND[unit.type],
        "kind": type_text(unit),
        "code_name": CODE_NAMES[unit.type],
        "facts": facts(frame, unit),
        "stratum": stratum_text(unit),
        "members_caption": caption,
        "members": member_rows,
        "participation": _participation(unit, read, shown),
        "request_url": f"{reverse('public:self_service')}?{urlencode({'authority': unit.id})}",
    }
    if shown is not None:
        context |= _detail(unit, shown)
    return render(request, "www/public/authority.html", context)


def _query(request: HttpRequest) -> str:
    raw = request.GET.get("vague", "")
    return f"?{urlencode({'vague': raw})}" if "vague" in request.GET else ""
