"""Declared open-data tables: Table Schema fields with French descriptions (no Django)."""

from __future__ import annotations

from typing import Any, Final

from barometre.questionnaire import Question, Questionnaire, QuestionType, Sensitivity

Field = dict[str, Any]

AGGREGATE_FIELDS: Final[tuple[Field, ...]] = (
    {"name": "questionnaire", "type": "string", "description": "Identifiant du questionnaire."},
    {"name": "indicateur", "type": "string", "description": "Identifiant stable de l'indicateur."},
    {"name": "libelle", "type": "string", "description": "Libellé de l'indicateur."},
    {"name": "domaine", "type": "string", "description": "Ventilation : ensemble, region, "
     "departement, type, stratum (strate de taille) ou role (rôle du répondant).",
     "constraints": {"enum": ["ensemble", "region", "departement", "type", "stratum", "role"]}},
    {"name": "modalite", "type": "string", "description": "Code de la modalité du domaine "
     "(code INSEE de la région ou du département, type, strate, rôle) ; vide pour l'ensemble."},
    {"name": "modalite_libelle", "type": "string", "description": "Libellé de la modalité."},
    {"name": "ponderation", "type": "string", "description": "brut (part non pondérée des "
     "répondants) ou pondere (estimation pour toutes les collectivités du référentiel).",
     "constraints": {"enum": ["brut", "pondere"]}},
    {"name": "valeur", "type": "number", "description": "Estimation (part entre 0 et 1, ou "
     "moyenne) ; vide quand la cellule est couverte par le secret statistique."},
    {"name": "erreur_type", "type": "number", "description": "Erreur type (linéarisation) ; "
     "vide sous secret."},
    {"name": "ic_bas", "type": "number", "description": "Borne basse de l'intervalle de "
     "confiance à 95 % ; vide sous secret ou quand elle n'est pas calculable."},
    {"name": "ic_haut", "type": "number", "description": "Borne haute de l'intervalle de "
     "confiance à 95 % ; vide sous secret ou quand elle n'est pas calculable."},
    {"name": "base_n", "type": "integer", "description": "Nombre de collectivités répondantes "
     "dans la base de l'indicateur (non pondéré) ; vide sous secret."},
    {"name": "secret", "type": "boolean", "description": "Vrai quand la cellule est masquée "
     "(secret statistique).", "trueValues": ["true"], "falseValues": ["false"]},
    {"name": "motif_secret", "type": "string", "description": "primaire : moins de k "
     "collectivités dans la base ; secondaire : masquée pour protéger une autre cellule.",
     "constraints": {"enum": ["", "primaire", "secondaire"]}},
)  # fmt: skip

#: Which side of a change is under statistical secret (``evolutions.secret``).
CHANGE_SECRET: Final = ("", "reference", "courante", "les_deux")


def _side(suffix: str, of: str) -> tuple[Field, ...]:
    return (
        {"name": f"valeur{suffix}", "type": "number", "description": f"Estimation pondérée "
         f"{of} (part entre 0 et 1, ou moyenne) ; vide sous secret statistique ou quand la "
         "modalité n'a pas de réponse dans cette vague."},
        {"name": f"ic_bas{suffix}", "type": "number", "description": "Borne basse de "
         f"l'intervalle de confiance à 95 % {of} ; vide sous secret ou non calculable."},
        {"name": f"ic_haut{suffix}", "type": "number", "description": "Borne haute de "
         f"l'intervalle de confiance à 95 % {of} ; vide sous secret ou non calculable."},
        {"name": f"base_n{suffix}", "type": "integer", "description": "Nombre de "
         f"collectivités répondantes dans la base de l'indicateur {of} ; vide sous secret."},
    )  # fmt: skip


CHANGE_FIELDS: Final[tuple[Field, ...]] = (
    *AGGREGATE_FIELDS[:4],
    {"name": "niveau", "type": "string", "description": "Code de la modalité du domaine "
     "(code INSEE de la région ou du département, type, strate, rôle) ; vide pour l'ensemble."},
    {"name": "libelle_niveau", "type": "string", "description": "Libellé de la modalité."},
    {"name": "vague_reference", "type": "integer", "description": "Identifiant de la vague "
     "de référence (vague publiée antérieure comparable, la même vague de l'édition "
     "précédente quand elle existe)."},
    {"name": "campagne_reference", "type": "string", "description": "Nom de la campagne "
     "(édition) de la vague de référence."},
    *_side("_reference", "dans la vague de référence"),
    *_side("", "dans cette vague"),
    {"name": "ecart", "type": "number", "description": "Écart entre les deux estimations "
     "pondérées (cette vague moins la référence, dans l'unité de la valeur : 0,05 = 5 points "
     "pour une part) ; vide quand l'une des deux cellules est sous secret ou absente."},
    {"name": "erreur_type_ecart", "type": "number", "description": "Erreur type de l'écart "
     "(racine de la somme des deux variances, échantillons indépendants) ; vide sans écart."},
    {"name": "ic_bas_ecart", "type": "number", "description": "Borne basse de l'intervalle "
     "de confiance à 95 % de l'écart ; vide sans écart."},
    {"name": "ic_haut_ecart", "type": "number", "description": "Borne haute de l'intervalle "
     "de confiance à 95 % de l'écart ; vide sans écart."},
    {"name": "p_valeur", "type": "number", "description": "Probabilité critique du test z "
     "bilatéral d'égalité des deux estimations ; vide sans écart."},
    {"name": "significatif", "type": "boolean", "description": "Vrai quand l'écart est "
     "significatif au seuil de 5 % ; vide sans écart.", "trueValues": ["true"],
     "falseValues": ["false"]},
    {"name": "secret", "type": "string", "description": "Côté sous secret statistique : vide "
     "(aucun), reference (la cellule de la vague de référence), courante (celle de cette "
     "vague) ou les_deux ; les chiffres du côté masqué et l'écart sont alors vides.",
     "constraints": {"enum": list(CHANGE_SECRET)}},
)  # fmt: skip

IDENTITY_FIELDS: Final[tuple[Field, ...]] = (
    {"name": "collectivite", "type": "string", "description": "Identifiant stable de la "
     "collectivité (type:code officiel, ex. commune:42218)."},
    {"name": "nom", "type": "string", "description": "Nom de la collectivité (référentiel)."},
    {"name": "type", "type": "string", "description": "commune, epci, departement ou region."},
    {"name": "strate", "type": "string", "description": "Strate de taille (communes) ou "
     "nature (EPCI)."},
    {"name": "region", "type": "string", "description": "Code INSEE de la région."},
    {"name": "departement", "type": "string", "description": "Code INSEE du département "
     "(vide pour une région)."},
)  # fmt: skip

_TYPES: Final = {
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "number",
    QuestionType.PERCENTAGE: "number",
    QuestionType.DATE: "date",
}
#: Free text is never published per authority: nothing controls what it says.
FREE_TEXT: Final = frozenset({QuestionType.TEXT, QuestionType.LONG_TEXT, QuestionType.NOTE})


def published_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The questions whose answers may appear per authority: public, closed, not the role."""
    return tuple(
        q
        for q in questionnaire.ordered_questions
        if q.sensitivity is Sensitivity.PUBLIC and q.type not in FREE_TEXT
    )


def question_field(question: Question) -> Field:
    field: Field = {
        "name": question.id,
        "type": _TYPES.get(question.type, "string"),
        "description": question.label.fr,
    }
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        field["constraints"] = {"enum": sorted(question.option_values)}
    if question.type is QuestionType.MULTIPLE_CHOICE:
        field["description"] += " (options cochées, séparées par « ; »)"
    if question.unit:
        field["description"] += f" (unité : {question.unit})"
    return field


def authority_fields(questionnaire: Questionnaire) -> tuple[Field, ...]:
    return (*IDENTITY_FIELDS, *(question_field(q) for q in published_questions(questionnaire)))
