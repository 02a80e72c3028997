"""/api/collectivites?q=: the frame's search as JSON, for the as-you-type authority chooser.

French keys, like /api/v1, declared in ``publication.records_api`` (``AUTHORITIES``) and
described in the OpenAPI document; errors are ``{"erreur": …}``, a method but GET a JSON 405.

Answers are the same for everyone and change only with the frame, so they are cacheable
(``Cache-Control: public``) and the script asks at most once per pause in typing.
"""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control

from barometre.publication.records_api import AUTHORITIES, SEARCH_ANSWER
from barometre.referentiel import FrameError, load_frame
from barometre.referentiel.units import Unit
from barometre.www.api.replies import error_reply, json_reply, read_only

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
DEFAULT_LIMIT = 10
MAX_LIMIT = 20


@cache
def departement_names() -> dict[str, str]:
    return {unit.code: unit.name for unit in load_frame().of_type("departement")}


def unit_json(unit: Unit, departements: dict[str, str]) -> dict[str, object]:
    """One found authority, as ``records_api.AUTHORITIES`` declares it."""
    return AUTHORITIES.row(
        {
            "collectivite": unit.id,
            "type": unit.type,
            "type_libelle": unit.type_label,
            "code": unit.code,
            "nom": unit.name,
            "departement": unit.departement or "",
            "departement_libelle": departements.get(unit.departement or "", ""),
        }
    )


def _refusal(message: str) -> JsonResponse:
    return error_reply(message, 400)


def _limit(raw: str | None) -> int | None:
    if raw is None:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:
        return None
    return int(raw)


@read_only
@cache_control(public=True, max_age=300)
def authorities(request: HttpRequest) -> JsonResponse:
    raw = request.GET.get("q", "")
    query = raw.strip()
    unknown = sorted(set(request.GET) - {"q", "limite"})
    if unknown:
        names = ", ".join(unknown)
        return _refusal(f"Paramètre inconnu : {names} (paramètres possibles : q, limite).")
    limit = _limit(request.GET.get("limite"))
    if limit is None:
        return _refusal(f"Le paramètre limite est un nombre entier de 1 à {MAX_LIMIT}.")
    if not MIN_QUERY_LENGTH <= len(raw) <= MAX_QUERY_LENGTH:
        return _refusal(
            f"Le paramètre q doit compter de {MIN_QUERY_LENGTH} à {MAX_QUERY_LENGTH} caractères."
        )
    try:  # « ; » once its spaces are trimmed: too short to search, so nothing is found
        hits = load_frame().search(query, limit=limit) if len(query) >= MIN_QUERY_LENGTH else []
    except FrameError as error:
        return _refusal(str(error))
    departements = departement_names()
    results = [unit_json(hit.unit, departements) for hit in hits]
    answer = {**SEARCH_ANSWER.row({"recherche": query}), "resultats": results}
    return json_reply(answer)
