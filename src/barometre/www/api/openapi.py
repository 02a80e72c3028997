"""The OpenAPI 3.0 document of /api/v1, written as data (served at /api/openapi.json)."""

from __future__ import annotations

from typing import Any

MAX_ID = 2_147_483_647

_NULLABLE_NUMBER = {"type": "number", "nullable": True}
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
_WAVE_ID = {
    "name": "wave_id",
    "in": "path",
    "required": True,
    "description": "Identifiant de la vague publiée",
    "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
}
_FORMAT = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "json (par défaut) ou csv",
    "schema": {"type": "string", "enum": ["json", "csv"]},
}


_DEPUIS = {
    "name": "depuis",
    "in": "query",
    "required": False,
    "description": "Vague de référence (par défaut la même vague de l'édition précédente)",
    "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
}
_PARTICIPATION_LEVEL = {
    "name": "niveau",
    "in": "query",
    "required": False,
    "description": (
        "region (par défaut) : une ligne par région, outre-mer compris, clé « region » ; "
        "departement : une ligne par département, clé « departement » et code de sa région "
        "« region ». Une région ne relève d'aucun département : elle n'est comptée qu'au "
        "niveau region."
    ),
    "schema": {"type": "string", "enum": ["region", "departement"], "default": "region"},
}


_LIMITE = {
    "name": "limite",
    "in": "query",
    "required": False,
    "description": "Nombre d'éléments au plus dans resultats (par défaut : tous)",
    "schema": {"type": "integer", "minimum": 1, "maximum": 10_000},
}
_DECALAGE = {
    "name": "decalage",
    "in": "query",
    "required": False,
    "description": "Nombre d'éléments à sauter avant le premier renvoyé (par défaut 0)",
    "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
}
_PAGE = {
    "total": {"type": "integer", "description": "Nombre d'éléments de la liste entière"},
    "decalage": {"type": "integer", "description": "Éléments sautés avant le premier renvoyé"},
    "limite": {
        "type": "integer",
        "nullable": True,
        "description": "Nombre d'éléments demandés au plus (vide : tous)",
    },
}
# What www/request_checks.py lets through: no control character but tab, LF and CR (400 otherwise).
NO_CONTROL = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def _text(name: str, description: str, enum: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": 128, "pattern": NO_CONTROL}
    if enum:
        schema = {"type": "string", "enum": enum}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _rows(item: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A paginated list: ``resultats`` and the page's ``total``, ``decalage`` and ``limite``."""
    properties = {"resultats": {"type": "array", "items": item}, **(extra or {}), **_PAGE}
    return {
        "type": "object",
        "required": ["resultats", *_PAGE],
        "properties": properties,
    }


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


WAVE = _object(
    {
        "id": {"type": "integer"},
        "campagne": {"type": "string"},
        "annee": {"type": "integer"},
        "numero": {"type": "integer"},
        "titre": {"type": "string"},
        "ouverture": {"type": "string", "format": "date"},
        "cloture": {"type": "string", "format": "date"},
        "questionnaires": {"type": "array", "items": {"type": "string"}},
        "revision_resultats": {"type": "integer", "nullable": True},
    }
)
QUESTIONNAIRE = _object(
    {
        "id": {"type": "string"},
        "titre": {"type": "string"},
        "version": {"type": "string"},
        "empreinte": {"type": "string"},
        "duree_minutes": {"type": "integer"},
        "questions": {"type": "integer"},
    }
)
INDICATOR = _object(
    {
        "id": {"type": "string"},
        "questionnaire": {"type": "string"},
        "libelle": {"type": "string"},
        "nature": {"type": "string"},
        "sensibilite": {"type": "string", "enum": ["public", "restricted", "secret"]},
        "numerateur": {"type": "string"},
        "base": {"type": "string"},
    }
)
ESTIMATE = _object(
    {
        "indicateur": {"type": "string"},
        "questionnaire": {"type": "string"},
        "domaine": {"type": "string"},
        "niveau": {"type": "string"},
        "ponderation": {"type": "string", "enum": ["brut", "pondere"]},
        "valeur": _NULLABLE_NUMBER,
        "erreur_type": _NULLABLE_NUMBER,
        "ic_bas": _NULLABLE_NUMBER,
        "ic_haut": _NULLABLE_NUMBER,
        "base_n": {"type": "integer", "nullable": True},
        "secret": {"type": "string", "nullable": True, "enum": ["primary", "secondary", None]},
    }
)
CHANGE = _object(
    {
        "indicateur": {"type": "string"},
        "questionnaire": {"type": "string"},
        "domaine": {"type": "string"},
        "niveau": {"type": "string"},
        **{
            f"{name}{side}": _NULLABLE_NUMBER
            for side in ("_reference", "")
            for name in ("valeur", "ic_bas", "ic_haut")
        },
        "base_n_reference": {"type": "integer", "nullable": True},
        "base_n": {"type": "integer", "nullable": True},
        "ecart": _NULLABLE_NUMBER,
        "erreur_type_ecart": _NULLABLE_NUMBER,
        "ic_bas_ecart": _NULLABLE_NUMBER,
        "ic_haut_ecart": _NULLABLE_NUMBER,
        "p_valeur": _NULLABLE_NUMBER,
        "significatif": {"type": "boolean", "nullable": True},
    }
)
WEIGHTING = {
    "type": "object",
    "description": (
        "Pondération de chaque questionnaire (clé) : marges calées, marge abandonnée, régions "
        "calées ensemble, itérations, convergence et explication en français."
    ),
    "additionalProperties": _object(
        {
            "resume": {"type": "string"},
            "methode": {"type": "string", "enum": ["raking", "post-stratification"]},
            "marges": {"type": "array", "items": {"type": "string"}},
            "marges_abandonnees": {"type": "array", "items": {"type": "string"}},
            "regions_regroupees": {
                "type": "array",
                "items": {"type": "array", "items": {"type": "string"}},
            },
            "iterations": {"type": "integer"},
            "convergence": {"type": "string"},
            "ecart_relatif_max": {"type": "number"},
            "taille_effective": _NULLABLE_NUMBER,
            "effet_de_plan_kish": _NULLABLE_NUMBER,
            "explication": {"type": "string"},
        }
    ),
}
REGION = _object(
    {
        "region": {"type": "string"},
        "nom": {"type": "string"},
        "collectivites": {"type": "integer"},
        "repondantes": {"type": "integer"},
        "taux": _NULLABLE_NUMBER,
    }
)
DEPARTEMENT = _object(
    {
        "departement": {"type": "string"},
        "nom": {"type": "string"},
        "region": {"type": "string"},
        "collectivites": {"type": "integer"},
        "repondantes": {"type": "integer"},
        "taux": _NULLABLE_NUMBER,
    }
)


def _operation(
    summary: str, schema: dict[str, Any], parameters: list[dict[str, Any]]
) -> dict[str, Any]:
    paging = [_LIMITE, _DECALAGE] if "resultats" in schema.get("properties", {}) else []
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
                "400": _ERROR,
                "404": _ERROR,
                "405": _ERROR,
                "429": _ERROR,
            },
        }
    }


def document(server: str) -> dict[str, Any]:
    results_extra = {
        "vague": {"type": "integer"},
        "revision": {"type": "integer"},
        "construit_le": {"type": "string", "format": "date-time"},
        "calage": WEIGHTING,
    }
    changes_extra = {
        "vague": {"type": "integer"},
        "revision": {"type": "integer"},
        "reference": {"type": "integer"},
        "revision_reference": {"type": "integer"},
        "ponderations_differentes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Questionnaires pondérés différemment dans les deux vagues.",
        },
    }
    filters = [
        _text("indicateur", "Identifiant d'indicateur"),
        _text(
            "domaine", "Domaine", ["ensemble", "region", "departement", "type", "stratum", "role"]
        ),
        _text("niveau", "Niveau du domaine (code de région, strate…)"),
        _text("ponderation", "brut ou pondere", ["brut", "pondere"]),
    ]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Baromètre numérique des collectivités — API publique",
            "version": "1",
            "description": (
                "Lecture seule. Vagues publiées, questionnaires, indicateurs, résultats par "
                "domaine (bruts et pondérés, intervalle de confiance à 95 %, base n ; une cellule "
                "sous secret statistique n'a aucune valeur), évolutions depuis une vague "
                "antérieure et participation par région ou par département. "
                "Licence Ouverte 2.0. Limité à un nombre de requêtes par minute (429 au-delà). "
                "Un paramètre inconnu est refusé (400) ; toute erreur est un objet JSON "
                '{"erreur": message en français}.'
            ),
            "license": {"name": "Licence Ouverte 2.0"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/vagues": _operation("Vagues publiées", _rows(WAVE), []),
            "/vagues/{wave_id}": _operation("Une vague publiée", WAVE, [_WAVE_ID]),
            "/vagues/{wave_id}/questionnaires": _operation(
                "Questionnaires d'une vague", _rows(QUESTIONNAIRE), [_WAVE_ID]
            ),
            "/vagues/{wave_id}/indicateurs": _operation(
                "Indicateurs d'une vague", _rows(INDICATOR), [_WAVE_ID]
            ),
            "/vagues/{wave_id}/resultats": _operation(
                "Résultats définitifs par domaine",
                _rows(ESTIMATE, results_extra),
                [_WAVE_ID, *filters],
            ),
            "/vagues/{wave_id}/evolutions": _operation(
                "Évolutions pondérées depuis une vague antérieure comparable (écart, IC 95 %, "
                "test z ; rien pour une cellule sous secret)",
                _rows(CHANGE, changes_extra),
                [_WAVE_ID, _DEPUIS, *filters[:3]],
            ),
            "/vagues/{wave_id}/participation": _operation(
                "Participation par région ou par département, rapportée au référentiel : "
                "collectivités de la base (collectivites), celles qui ont soumis au moins une "
                "réponse (repondantes) et leur rapport (taux, entre 0 et 1)",
                _rows({"anyOf": [REGION, DEPARTEMENT]}),
                [_WAVE_ID, _PARTICIPATION_LEVEL],
            ),
        },
    }
