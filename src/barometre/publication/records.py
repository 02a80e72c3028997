"""Every record the public reads, declared once (no Django).

A record is a published table: its name, title, description and columns. A column has a name, a
Table Schema type, a French label and description, the values it may take, whether the
statistical secret empties it, and where its value is read from a result (``source``: an
attribute of the stored result, or nothing when the caller provides it). The open-data files
(CSV, Parquet), their Table Schema and codebook, the JSON answers of the API and its OpenAPI
document are all generated from these declarations; ``tests/publication/test_records.py`` checks
each output against them.

Words: ``domaine`` is the level of breakdown (ensemble, region, departement, type, stratum,
role: ``barometre.vocabulary``), ``modalite`` the code of one of its modalities and
``modalite_libelle`` its label, in every table and in the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from barometre.vocabulary import BY_CODE

#: Table Schema types → OpenAPI types.
_OPENAPI: Final = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "array": {"type": "array", "items": {"type": "string"}},
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    label: str
    description: str
    enum: tuple[str, ...] = ()
    nullable: bool = False
    secret: bool = False  # emptied when the cell is under statistical secret
    source: str = ""  # attribute of the stored result the value is read from

    def table_schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": self.label,
            "description": self.description,
        }
        if self.type == "boolean":
            found |= {"trueValues": ["true"], "falseValues": ["false"]}
        if self.enum:
            found["constraints"] = {"enum": list(self.enum)}
        return found

    def openapi(self) -> dict[str, Any]:
        found: dict[str, Any] = {**_OPENAPI[self.type], "description": self.description}
        if self.nullable or self.secret:
            found["nullable"] = True
        if self.enum:
            found["enum"] = [*self.enum, *([None] if found.get("nullable") else [])]
        return found


@dataclass(frozen=True)
class Record:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    by_name: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"Colonne déclarée deux fois dans {self.name}.")
        object.__setattr__(self, "by_name", {column.name: column for column in self.columns})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.by_name)

    def row(self, values: Mapping[str, object], *, hidden: bool = False) -> dict[str, object]:
        """The record's values in declared order; every column given, nothing else; a hidden
        cell has every ``secret`` column empty, whatever was given."""
        missing = [name for name in self.by_name if name not in values]
        extra = [name for name in values if name not in self.by_name]
        if missing or extra:
            raise KeyError(f"{self.name} : manque {missing}, en trop {extra}")
        return {
            name: None if hidden and column.secret else values[name]
            for name, column in self.by_name.items()
        }

    def read(
        self, result: object, given: Mapping[str, object], *, hidden: bool
    ) -> dict[str, object]:
        """A row from a stored result: ``source`` columns read from it, the others given."""
        values = {c.name: getattr(result, c.source) for c in self.columns if c.source}
        return self.row({**values, **given}, hidden=hidden)

    def table_schema(self) -> dict[str, Any]:
        return {"fields": [column.table_schema() for column in self.columns]}

    def openapi(self) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.description,
            "required": list(self.names),
            "properties": {column.name: column.openapi() for column in self.columns},
        }


DOMAINS: Final = tuple(BY_CODE)


def _text(name: str, label: str, description: str, **options: Any) -> Column:
    return Column(name, "string", label, description, **options)


#: Where each figure of a stored estimate is read from (``results.models.ResultEstimate``).
_FIGURE_SOURCES: Final = {
    "valeur": "value",
    "erreur_type": "se",
    "ic_bas": "ci_low",
    "ic_haut": "ci_high",
    "base_n": "n",
}


def _figures(suffix: str = "", of: str = "", *, read: bool = False) -> tuple[Column, ...]:
    """Value, standard error, interval and base of one estimate (empty under secret)."""
    where = f" {of}" if of else ""
    described = {
        "valeur": ("number", "Estimation", (f"Estimation{where} (part entre 0 et 1, ou moyenne) ; "
                   "vide sous secret statistique ou sans réponse.")),
        "erreur_type": ("number", "Erreur type", (f"Erreur type{where} (linéarisation) ; vide "
                        "sous secret.")),
        "ic_bas": ("number", "Borne basse de l'IC à 95 %", ("Borne basse de l'intervalle de "
                   f"confiance à 95 %{where} ; vide sous secret ou non calculable.")),
        "ic_haut": ("number", "Borne haute de l'IC à 95 %", ("Borne haute de l'intervalle de "
                    f"confiance à 95 %{where} ; vide sous secret ou non calculable.")),
        "base_n": ("integer", "Base (n)", ("Nombre de collectivités répondantes dans la base de "
                   f"l'indicateur{where} (non pondéré) ; vide sous secret.")),
    }  # fmt: skip
    return tuple(
        Column(f"{name}{suffix}", kind, label, text, secret=True, nullable=True,
               source=_FIGURE_SOURCES[name] if read else "")
        for name, (kind, label, text) in described.items()
    )  # fmt: skip


_CELL: Final = (
    _text("questionnaire", "Questionnaire", "Identifiant du questionnaire (thème)."),
    _text("indicateur", "Indicateur", "Identifiant stable de l'indicateur."),
    _text("libelle", "Libellé", "Libellé de l'indicateur."),
    _text("domaine", "Ventilation", "Niveau de ventilation : ensemble, region, departement, "
          "type, stratum (strate de taille) ou role (rôle du répondant).", enum=DOMAINS),
    _text("modalite", "Modalité", "Code de la modalité de la ventilation (code INSEE de la "
          "région ou du département, type, strate, rôle) ; vide pour l'ensemble."),
    _text("modalite_libelle", "Libellé de la modalité", "Libellé de la modalité, tel que les "
          "pages l'écrivent (« Occitanie », « Communes de moins de 500 hab. »)."),
)  # fmt: skip

ESTIMATES: Final = Record(
    "indicateurs",
    "Indicateurs par ventilation",
    "Chaque indicateur de la vague, brut et pondéré, pour l'ensemble et par région, "
    "département, type, strate et rôle, avec son intervalle de confiance à 95 % et sa base. "
    "Les cellules sous secret statistique n'ont aucun chiffre.",
    (
        *_CELL,
        _text("ponderation", "Pondération", "brut (part non pondérée des répondants) ou "
              "pondere (estimation pour toutes les collectivités du référentiel).",
              enum=("brut", "pondere"), source="weighting"),
        *_figures(read=True),
        Column("secret", "boolean", "Sous secret", "Vrai quand la cellule est masquée (secret "
               "statistique) : aucun de ses chiffres n'est publié."),
        _text("motif_secret", "Motif du secret", "primaire : moins de k collectivités dans la "
              "base ; secondaire : masquée pour qu'aucune autre cellule masquée ne puisse être "
              "retrouvée par différence ; vide hors secret.", enum=("", "primaire", "secondaire")),
    ),
)  # fmt: skip


def _without_se(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    return tuple(column for column in columns if not column.name.startswith("erreur_type"))


#: Which side of a change is under statistical secret (``evolutions.secret``).
CHANGE_SECRET: Final = ("", "reference", "courante", "les_deux")

CHANGES: Final = Record(
    "evolutions",
    "Évolutions depuis l'édition de référence",
    "Écart de chaque indicateur comparable entre cette vague et sa vague de référence, "
    "estimations pondérées, pour l'ensemble et par ventilation, avec l'intervalle de confiance "
    "à 95 % de l'écart et le test z. Une cellule sous secret d'un côté n'a ni chiffre de ce "
    "côté ni écart.",
    (
        *_CELL,
        Column("vague_reference", "integer", "Vague de référence", "Identifiant de la vague de "
               "référence (vague publiée antérieure comparable)."),
        _text("campagne_reference", "Édition de référence", "Nom de la campagne (édition) de la "
              "vague de référence."),
        *_without_se(_figures("_reference", "dans la vague de référence")),
        *_without_se(_figures("", "dans cette vague")),
        Column("ecart", "number", "Écart", "Cette vague moins la référence, dans l'unité de la "
               "valeur (0,05 = 5 points pour une part) ; vide quand l'un des côtés est sous "
               "secret ou absent.", nullable=True),
        Column("erreur_type_ecart", "number", "Erreur type de l'écart", "Racine de la somme des "
               "deux variances (échantillons indépendants) ; vide sans écart.", nullable=True),
        Column("ic_bas_ecart", "number", "Borne basse de l'IC de l'écart", "Borne basse de "
               "l'intervalle de confiance à 95 % de l'écart ; vide sans écart.", nullable=True),
        Column("ic_haut_ecart", "number", "Borne haute de l'IC de l'écart", "Borne haute de "
               "l'intervalle de confiance à 95 % de l'écart ; vide sans écart.", nullable=True),
        Column("p_valeur", "number", "p-valeur", "Probabilité critique du test z bilatéral "
               "d'égalité des deux estimations ; vide sans écart.", nullable=True),
        Column("significatif", "boolean", "Significatif", "Vrai quand l'écart est significatif "
               "au seuil de 5 % ; vide sans écart.", nullable=True),
        _text("secret", "Côté sous secret", "Côté sous secret statistique : vide (aucun), "
              "reference, courante ou les_deux ; les chiffres du côté masqué et l'écart sont "
              "alors vides.", enum=CHANGE_SECRET),
    ),
)  # fmt: skip

WAVES: Final = Record(
    "vagues",
    "Vagues publiées",
    "Une vague publiée du baromètre : son édition, ses dates, ses questionnaires et la révision "
    "de ses résultats définitifs.",
    (
        Column("id", "integer", "Identifiant", "Identifiant de la vague.", source="pk"),
        _text("campagne", "Édition", "Nom de la campagne (édition) du baromètre."),
        Column("annee", "integer", "Année", "Année de l'édition."),
        Column("numero", "integer", "Numéro", "Numéro de la vague dans l'édition.",
               source="number"),
        _text("titre", "Titre", "Titre de la vague.", source="title"),
        Column("ouverture", "date", "Ouverture", "Date d'ouverture de la collecte."),
        Column("cloture", "date", "Clôture", "Date de clôture de la collecte."),
        Column("questionnaires", "array", "Questionnaires", "Identifiants des questionnaires "
               "de la vague, dans leur ordre."),
        Column("revision_resultats", "integer", "Révision des résultats", "Révision du jeu de "
               "résultats définitif publié ; vide avant le premier.", nullable=True),
    ),
)  # fmt: skip

QUESTIONNAIRES: Final = Record(
    "questionnaires",
    "Questionnaires d'une vague",
    "La version de chaque questionnaire servie par la vague.",
    (
        _text("id", "Identifiant", "Identifiant du questionnaire.", source="id"),
        _text("titre", "Titre", "Titre du questionnaire."),
        _text("version", "Version", "Version déclarée du questionnaire.", source="version"),
        _text("empreinte", "Empreinte", "Empreinte (SHA-256) de la version compilée : deux "
              "vagues de même empreinte posent exactement les mêmes questions.",
              source="version_hash"),
        Column("duree_minutes", "integer", "Durée (minutes)", "Durée de réponse estimée.",
               source="estimated_minutes"),
        Column("questions", "integer", "Questions", "Nombre de questions."),
    ),
)  # fmt: skip

INDICATORS: Final = Record(
    "indicateurs_definitions",
    "Indicateurs d'une vague",
    "Ce que mesure chaque indicateur : sa nature, son numérateur et sa base.",
    (
        _text("id", "Identifiant", "Identifiant stable de l'indicateur.", source="id"),
        _text("questionnaire", "Questionnaire", "Identifiant du questionnaire (thème)."),
        _text("libelle", "Libellé", "Libellé de l'indicateur."),
        _text("nature", "Nature", "proportion (part entre 0 et 1) ou mean (moyenne).",
              source="kind"),
        _text("sensibilite", "Sensibilité", "Sensibilité déclarée des réponses.",
              enum=("public", "restricted", "secret")),
        _text("numerateur", "Numérateur", "Expression du numérateur (langage des "
              "questionnaires)."),
        _text("base", "Base", "Expression de la base : les répondants comptés."),
    ),
)  # fmt: skip

PARTICIPATION: Final = Record(
    "participation",
    "Participation rapportée au référentiel",
    "Par région ou par département : les collectivités du référentiel, celles qui ont soumis "
    "au moins une réponse et leur rapport.",
    (
        _text("domaine", "Ventilation", "region ou departement.", enum=("region", "departement")),
        _text("modalite", "Modalité", "Code INSEE de la région ou du département."),
        _text("modalite_libelle", "Libellé de la modalité", "Nom de la région ou du "
              "département."),
        _text("region", "Région", "Code INSEE de la région (celle du département, ou la région "
              "elle-même)."),
        Column("collectivites", "integer", "Collectivités", "Collectivités du référentiel dans "
               "la modalité (communes, EPCI rattachés, département, région)."),
        Column("repondantes", "integer", "Répondantes", "Collectivités ayant soumis au moins "
               "une réponse à la vague."),
        Column("taux", "number", "Taux de réponse", "repondantes ÷ collectivites, entre 0 et "
               "1 ; vide sans collectivité.", nullable=True),
    ),
)  # fmt: skip

AUTHORITY_IDENTITY: Final = (
    _text("collectivite", "Collectivité", "Identifiant stable de la collectivité (type:code "
          "officiel, ex. commune:42218)."),
    _text("nom", "Nom", "Nom de la collectivité (référentiel)."),
    _text("type", "Type", "commune, epci, departement ou region.",
          enum=("commune", "epci", "departement", "region")),
    _text("strate", "Strate", "Strate de taille (communes) ou nature (EPCI) ; le type pour un "
          "département ou une région."),
    _text("region", "Région", "Code INSEE de la région."),
    _text("departement", "Département", "Code INSEE du département (vide pour une région)."),
)  # fmt: skip

RECORDS: Final = (ESTIMATES, CHANGES, WAVES, QUESTIONNAIRES, INDICATORS, PARTICIPATION)
