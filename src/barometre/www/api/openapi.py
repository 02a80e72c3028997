"""The OpenAPI 3.0 document of /api/ (served at /api/openapi.json): the parameters are written
here, every answer's fields come from the record declarations (``publication.records`` and
``records_api``), one component schema per record."""

from __future__ import annotations

from typing import Any

from barometre.publication.records import CHANGES, DOMAINS, ESTIMATES, Record
from barometre.publication.records_api import (
    API_RECORDS,
    AUTHORITIES,
    CHANGES_ANSWER,
    INDICATORS,
    PAGE,
    PARTICIPATION,
    PARTICIPATION_DOMAINS,
    QUESTIONNAIRES,
    RESULTS_ANSWER,
    SEARCH_ANSWER,
    WAVES,
    WEIGHTING,
)

MAX_ID = 2_147_483_647
# What www/request_checks.py lets through: no control character but tab, LF and CR (400 otherwise).
NO_CONTROL = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"

_ERROR = {
    "description": "Erreur (message en français)",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["erreur"],
                "properties": {"erreur": {"type": "string"}},
            }
        }
    },
}


def _parameter(
    name: str, description: str, schema: dict[str, Any], *, where: str = "query", **extra: Any
) -> dict[str, Any]:
    """A parameter of an operation (``extra``: ``required``, ``example``)."""
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
        **extra,
    }


def _whole(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


_WAVE_ID = _parameter("wave_id", "Identifiant de la vague publiée", _whole(0, MAX_ID), where="path")
_FORMAT = _parameter(
    "format", "json (par défaut) ou csv", {"type": "string", "enum": ["json", "csv"]}
)
_DEPUIS = _parameter(
    "depuis",
    "Vague de référence (par défaut la même vague de l'édition précédente)",
    _whole(0, MAX_ID),
)
_PARTICIPATION_DOMAIN = _parameter(
    "domaine",
    "region (par défaut) : une ligne par région, outre-mer compris ; departement : une "
    "ligne par département, avec le code de sa région dans « region ». Une région ne "
    "relève d'aucun département : elle n'est comptée qu'au domaine region.",
    {"type": "string", "enum": list(PARTICIPATION_DOMAINS), "default": "region"},
)
_QUERY = _parameter(
    "q",
    "Nom, code INSEE, code postal ou SIREN cherché",
    {"type": "string", "minLength": 2, "maxLength": 100, "pattern": NO_CONTROL},
    required=True,
    example="saint-etienne",
)
_SEARCH_LIMIT = _parameter(
    "limite", "Nombre de collectivités au plus (par défaut 10)", _whole(1, 20)
)
_LIMITE = _parameter(
    "limite", "Nombre d'éléments au plus dans resultats (par défaut : tous)", _whole(1, 10_000)
)
_DECALAGE = _parameter(
    "decalage",
    "Nombre d'éléments à sauter avant le premier renvoyé (par défaut 0)",
    _whole(0, MAX_ID),
)
_PAGE = {column.name: column.openapi() for column in PAGE}


def _text(name: str, description: str, enum: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": 128, "pattern": NO_CONTROL}
    if enum:
        schema = {"type": "string", "enum": enum}
    return _parameter(name, description, schema)


def _ref(record: Record) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{record.name}"}


def _rows(record: Record, header: Record | None = None, *, paged: bool = True) -> dict[str, Any]:
    """A list: ``resultats`` (rows of ``record``), the answer's ``header`` and, when paged, the
    page's ``total``, ``decalage`` and ``limite``."""
    extra = {c.name: c.openapi() for c in header.columns} if header else {}
    page = _PAGE if paged else {}
    properties = {"resultats": {"type": "array", "items": _ref(record)}, **extra, **page}
    return {"type": "object", "required": list(properties), "properties": properties}


def components() -> dict[str, Any]:
    """One schema per published record, generated from its declaration."""
    return {record.name: record.openapi() for record in (*API_RECORDS, WEIGHTING)}


def _operation(
    summary: str,
    schema: dict[str, Any],
    parameters: list[dict[str, Any]],
    errors: tuple[str, ...] = ("400", "404", "405", "429"),
) -> dict[str, Any]:
    paging = [_LIMITE, _DECALAGE] if "total" in schema.get("properties", {}) else []
    return {
        "get": {
            "summary": summary,
            "parameters": [*parameters, *paging, _FORMAT],
            "responses": {
                "200": {
                    "description": "Réponse",
                    "content": {
                        "application/json": {"schema": schema},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                **dict.fromkeys(errors, _ERROR),
            },
        }
    }


def _filters() -> list[dict[str, Any]]:
    return [
        _text("indicateur", "Identifiant d'indicateur"),
        _text("domaine", "Ventilation (niveau)", list(DOMAINS)),
        _text("modalite", "Code de la modalité de la ventilation (code de région, strate…)"),
        _text("ponderation", "brut ou pondere", list(ESTIMATES.by_name["ponderation"].enum)),
    ]


_DESCRIPTION = (
    "Lecture seule. Vagues publiées, questionnaires, indicateurs, résultats par ventilation "
    "(bruts et pondérés, intervalle de confiance à 95 %, base n ; une cellule sous secret "
    "statistique n'a aucune valeur), évolutions depuis une vague antérieure, participation par "
    "région ou par département et recherche d'une collectivité. Les lignes des résultats et "
    "des évolutions sont celles des tables indicateurs et evolutions des données ouvertes "
    "(mêmes colonnes : domaine, modalite, modalite_libelle, secret, motif_secret). "
    "Licence Ouverte 2.0. Limité à un nombre de requêtes par minute (429 au-delà). "
    "Un paramètre inconnu est refusé (400) ; toute erreur est un objet JSON "
    '{"erreur": message en français}.'
)


def _v1_paths() -> dict[str, Any]:
    filters = _filters()
    return {
        "/v1/vagues": _operation("Vagues publiées", _rows(WAVES), []),
        "/v1/vagues/{wave_id}": _operation("Une vague publiée", _ref(WAVES), [_WAVE_ID]),
        "/v1/vagues/{wave_id}/questionnaires": _operation(
            "Questionnaires d'une vague", _rows(QUESTIONNAIRES), [_WAVE_ID]
        ),
        "/v1/vagues/{wave_id}/indicateurs": _operation(
            "Indicateurs d'une vague", _rows(INDICATORS), [_WAVE_ID]
        ),
        "/v1/vagues/{wave_id}/resultats": _operation(
            "Résultats définitifs par ventilation (les lignes de la table indicateurs)",
            _rows(ESTIMATES, RESULTS_ANSWER),
            [_WAVE_ID, *filters],
        ),
        "/v1/vagues/{wave_id}/evolutions": _operation(
            "Évolutions pondérées depuis une vague antérieure comparable (écart, IC 95 %, "
            "test z ; rien pour une cellule sous secret ; les lignes de la table evolutions)",
            _rows(CHANGES, CHANGES_ANSWER),
            [_WAVE_ID, _DEPUIS, *filters[:3]],
        ),
        "/v1/vagues/{wave_id}/participation": _operation(
            "Participation par région ou par département, rapportée au référentiel : "
            "collectivités de la base (collectivites), celles qui ont soumis au moins une "
            "réponse (repondantes) et leur rapport (taux, entre 0 et 1)",
            _rows(PARTICIPATION),
            [_WAVE_ID, _PARTICIPATION_DOMAIN],
        ),
    }


def document(server: str) -> dict[str, Any]:
    """The document; ``server`` is the address of /api (paths start with /v1 or /collectivites)."""
    search = _operation(
        "Recherche d'une collectivité du référentiel (nom, code INSEE, code postal, SIREN)",
        _rows(AUTHORITIES, SEARCH_ANSWER, paged=False),
        [_QUERY, _SEARCH_LIMIT],
        ("400", "405"),
    )
    search["get"]["parameters"].remove(_FORMAT)  # JSON only
    del search["get"]["responses"]["200"]["content"]["text/csv"]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Baromètre numérique des collectivités — API publique",
            "version": "1",
            "description": _DESCRIPTION,
            "license": {"name": "Licence Ouverte 2.0"},
        },
        "servers": [{"url": server}],
        "paths": {**_v1_paths(), "/collectivites": search},
        "components": {"schemas": components()},
    }
