"""Every record the public reads, declared once (no Django).

A record is a published table: its name, title, description and columns. A column has a name, a
Table Schema type, a French label and description, the values it may take, whether the
statistical secret empties it, and where its value is read from a result (``source``: an
attribute of the stored result, or nothing when the caller provides it). The open-data files
(CSV, Parquet), their Table Schema and codebook, the JSON answers of the API and its OpenAPI
document are all generated from these declarations (``publication/records_api.py`` holds the
records only the API answers); ``tests/publication/test_records_outputs.py`` checks each output
against them.

Words: ``domaine`` is the level of breakdown (ensemble, region, departement, type, stratum,
role: ``barometre.vocabulary``), ``modalite`` the code of one of its modalities and
``modalite_libelle`` its label, in every table and in the API; ``secret`` is a boolean (the
cell publishes no figure) and ``motif_secret`` says why. A column name means one thing in every
record that has it (the same type and values): that is what lets a reuser join two tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from barometre.questionnaire import Question, Questionnaire, QuestionType, Sensitivity
from barometre.questionnaire.expressions import references
from barometre.vocabulary import BY_CODE

#: Table Schema types → OpenAPI types (``object``: a mapping whose values are ``Column.of``).
_OPENAPI: Final[Mapping[str, Mapping[str, object]]] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "array": {"type": "array", "items": {"type": "string"}},
    "object": {"type": "object"},
}
#: French names of the types, for the codebook and the API documentation.
TYPE_WORDS: Final = {
    "string": "texte",
    "number": "nombre",
    "integer": "entier",
    "boolean": "booléen (true, false)",
    "date": "date (AAAA-MM-JJ)",
    "datetime": "date et heure (ISO 8601)",
    "array": "liste",
    "object": "objet",
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
    items: str = "string"  # what an array holds: strings, or arrays of strings ("array")
    of: Record | None = None  # an object's values (one per key), e.g. a weighting report

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
        if self.type == "array" and self.items == "array":
            found["items"] = {"type": "array", "items": {"type": "string"}}
        if self.of is not None:
            found["additionalProperties"] = self.of.openapi()
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
        self, result: object, given: Mapping[str, object], *, hidden: bool = False
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


def _cell(*, read: bool = False) -> tuple[Column, ...]:
    """Which figure: theme, indicator, level of breakdown and modality (read from an estimate)."""
    source = {
        "questionnaire": "questionnaire_key", "indicateur": "indicator_id", "domaine": "domain",
        "modalite": "level",
    } if read else {}  # fmt: skip
    return (
        _text("questionnaire", "Questionnaire", "Identifiant du questionnaire (thème).",
              source=source.get("questionnaire", "")),
        _text("indicateur", "Indicateur", "Identifiant stable de l'indicateur.",
              source=source.get("indicateur", "")),
        _text("libelle", "Libellé", "Libellé de l'indicateur."),
        _text("domaine", "Ventilation", "Niveau de ventilation : ensemble, region, departement, "
              "type, stratum (strate de taille) ou role (rôle du répondant).", enum=DOMAINS,
              source=source.get("domaine", "")),
        _text("modalite", "Modalité", "Code de la modalité de la ventilation (code INSEE de la "
              "région ou du département, type, strate, rôle) ; vide pour l'ensemble.",
              source=source.get("modalite", "")),
        _text("modalite_libelle", "Libellé de la modalité", "Libellé de la modalité, tel que les "
              "pages l'écrivent (« Occitanie », « Communes de moins de 500 hab. »)."),
    )  # fmt: skip


#: Why a cell is under statistical secret (``motif_secret``).
SECRET_REASONS: Final = {"": "", "primary": "primaire", "secondary": "secondaire"}

ESTIMATES: Final = Record(
    "indicateurs",
    "Indicateurs par ventilation",
    "Chaque indicateur de la vague, brut et pondéré, pour l'ensemble et par région, "
    "département, type, strate et rôle, avec son intervalle de confiance à 95 % et sa base. "
    "Les cellules sous secret statistique n'ont aucun chiffre.",
    (
        *_cell(read=True),
        _text("ponderation", "Pondération", "brut (part non pondérée des répondants) ou "
              "pondere (estimation pour toutes les collectivités du référentiel).",
              enum=("brut", "pondere"), source="weighting"),
        *_figures(read=True),
        Column("secret", "boolean", "Sous secret", "Vrai quand la cellule est masquée (secret "
               "statistique) : aucun de ses chiffres n'est publié."),
        _text("motif_secret", "Motif du secret", "primaire : moins de k collectivités dans la "
              "base ; secondaire : masquée pour qu'aucune autre cellule masquée ne puisse être "
              "retrouvée par différence ; vide hors secret.", enum=tuple(SECRET_REASONS.values())),
    ),
)  # fmt: skip


def _without_se(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    return tuple(column for column in columns if not column.name.startswith("erreur_type"))


#: Which side of a change is under statistical secret (``evolutions.cote_secret``).
CHANGE_SECRET: Final = ("", "reference", "courante", "les_deux")
#: How an indicator compares with its reference edition (``evolutions.comparabilite``).
COMPARABILITY: Final = ("comparable", "comparable_apres_recodage", "rupture_de_serie")

CHANGES: Final = Record(
    "evolutions",
    "Évolutions depuis l'édition de référence",
    "Écart de chaque indicateur comparable entre cette vague et sa vague de référence, "
    "estimations pondérées, pour l'ensemble et par ventilation, avec l'intervalle de confiance "
    "à 95 % de l'écart et le test z. Une cellule sous secret d'un côté n'a ni chiffre de ce "
    "côté ni écart.",
    (
        *_cell(),
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
        Column("secret", "boolean", "Sous secret", "Vrai quand la cellule est masquée (secret "
               "statistique) dans l'une des deux vagues au moins : les chiffres de ce côté et "
               "l'écart ne sont pas publiés."),
        _text("cote_secret", "Côté sous secret", "Côté sous secret statistique : vide (aucun), "
              "reference, courante ou les_deux.", enum=CHANGE_SECRET),
        _text("comparabilite", "Comparabilité", "comparable (même définition, mêmes "
              "réponses), comparable_apres_recodage (valeur de référence recalculée sur les "
              "réponses de la vague de référence, recodées par la table confirmée par l'équipe) "
              "ou rupture_de_serie (aucun recodage ne rend la série comparable : ni valeur de "
              "référence ni écart).", enum=COMPARABILITY),
        _text("motif_comparabilite", "Motif", "Ce qui a été recodé ou recalculé, ou pourquoi la "
              "série est rompue ; vide pour un indicateur comparable tel quel."),
    ),
)  # fmt: skip

AUTHORITY: Final = _text("collectivite", "Collectivité", "Identifiant stable de la collectivité "
                         "(type:code officiel, ex. commune:42218).")  # fmt: skip
AUTHORITY_NAME: Final = _text("nom", "Nom", "Nom de la collectivité (référentiel).")
AUTHORITY_TYPE: Final = _text("type", "Type", "commune, epci, departement ou region.",
                              enum=("commune", "epci", "departement", "region"))  # fmt: skip
REGION: Final = _text("region", "Région", "Code INSEE de la région.")
DEPARTEMENT: Final = _text("departement", "Département", "Code INSEE du département (vide pour "
                           "une région).")  # fmt: skip

AUTHORITY_IDENTITY: Final = (
    AUTHORITY,
    AUTHORITY_NAME,
    AUTHORITY_TYPE,
    _text("strate", "Strate", "Strate de taille (communes) ou nature (EPCI) ; le type pour un "
          "département ou une région : les modalités de la ventilation stratum."),
    REGION,
    DEPARTEMENT,
)  # fmt: skip

_QUESTION_TYPES: Final = {
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "number",
    QuestionType.PERCENTAGE: "number",
    QuestionType.DATE: "date",
}
#: Free text is never published per authority: nothing controls what it says.
FREE_TEXT: Final = frozenset({QuestionType.TEXT, QuestionType.LONG_TEXT, QuestionType.NOTE})


def _reads(questionnaire: Questionnaire, question: Question) -> frozenset[str]:
    """The questions whose answers decide whether ``question`` is asked (its page's too)."""
    section = questionnaire.section(question.section)
    expressions = (question.relevance, section.relevance if section else None)
    return frozenset(name for e in expressions if e is not None for name in references(e.tree))


def published_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The questions whose answers may appear per authority: public, closed, not the role,
    and never asked because of a restricted or secret answer (whether it was asked would
    tell that answer), directly or through another question."""
    open_: dict[str, bool] = {}
    for q in questionnaire.ordered_questions:
        reads = _reads(questionnaire, q)
        open_[q.id] = q.sensitivity is Sensitivity.PUBLIC and all(open_.get(r) for r in reads)
    return tuple(
        q for q in questionnaire.ordered_questions if open_[q.id] and q.type not in FREE_TEXT
    )


def question_column(question: Question) -> Column:
    """A published question as a column: its answer, empty when not asked or not answered."""
    label = question.label.fr
    notes = [f"unité : {question.unit}"] if question.unit else []
    if question.type is QuestionType.MULTIPLE_CHOICE:
        notes.insert(0, "options cochées, séparées par « ; »")
    enum: tuple[str, ...] = ()
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        enum = tuple(sorted(question.option_values))
    description = label + "".join(f" ({note})" for note in notes)
    kind = _QUESTION_TYPES.get(question.type, "string")
    return Column(question.id, kind, label, description, enum=enum, nullable=True)


#: Where each answer of a row comes from (``questionnaire.carryover``): the questions, among
#: the published ones, whose answer was carried over from the previous edition.
PROVENANCE: Final = (
    _text("questions_reprises", "Réponses reprises", "Questions de cette table dont la "
          "réponse a été reprise de l'édition précédente et confirmée telle quelle par la "
          "collectivité (identifiants séparés par « ; ») ; vide quand aucune, ou pour une vague "
          "figée avant la reprise des réponses.", nullable=True),
    _text("questions_modifiees", "Réponses reprises puis modifiées", "Questions de cette "
          "table dont la réponse de l'édition précédente a été reprise puis modifiée "
          "(identifiants séparés par « ; ») ; toute autre réponse a été saisie dans cette "
          "édition.", nullable=True),
)  # fmt: skip


def answers_record(questionnaire: Questionnaire) -> Record:
    """``reponses_<questionnaire>``: identity, provenance, one column per published question."""
    return Record(
        f"reponses_{questionnaire.id}",
        f"Réponses par collectivité — {questionnaire.title.fr}",
        "Une ligne par collectivité ayant soumis ce questionnaire ; seules les questions "
        "publiques à réponse fermée figurent ici (jamais les réponses restreintes ou "
        "secrètes, ni le texte libre, ni le rôle du répondant). Les colonnes "
        "questions_reprises et questions_modifiees disent quelles réponses viennent de "
        "l'édition précédente.",
        (
            *AUTHORITY_IDENTITY,
            *PROVENANCE,
            *(question_column(q) for q in published_questions(questionnaire)),
        ),
    )


@dataclass(frozen=True, slots=True)
class Renamed:
    """A published name that changed: where, before, after (said in the codebook and /api/)."""

    where: str
    before: str
    after: str


#: What changed for reusers when every output came to be generated from these declarations.
RENAMED: Final = (
    Renamed("evolutions.csv", "niveau", "modalite"),
    Renamed("evolutions.csv", "libelle_niveau", "modalite_libelle"),
    Renamed("evolutions.csv", "secret (texte : reference, courante, les_deux)",
            "secret (booléen) et cote_secret (reference, courante, les_deux)"),
    *(Renamed(f"{table}.csv", "modalite_libelle « Ensemble », « EPCI », « Agent »",
              "« Ensemble des collectivités », « Intercommunalités (EPCI) », « Agents » (les "
              "libellés des pages)") for table in ("indicateurs", "evolutions")),
    Renamed("/api/v1/…/resultats", "niveau (clé et paramètre ?niveau=)", "modalite"),
    Renamed("/api/v1/…/resultats", "secret (primary, secondary ou null)",
            "secret (booléen) et motif_secret (primaire, secondaire) ; libelle et "
            "modalite_libelle ajoutés"),
    Renamed("/api/v1/…/evolutions", "niveau (clé et paramètre ?niveau=)", "modalite"),
    Renamed("/api/v1/…/evolutions", "reference", "vague_reference ; chaque ligne a les "
            "colonnes de evolutions.csv (libellés, secret, cote_secret)"),
    Renamed("evolutions.csv", "une ligne par indicateur défini à l'identique dans les deux "
            "vagues", "comparabilite et motif_comparabilite ajoutées ; indicateurs recalculés "
            "après recodage (comparable_apres_recodage) ; lignes rupture_de_serie, sans valeur "
            "de référence ni écart"),
    Renamed("/api/v1/…/evolutions", "indicateur redéfini : 404",
            "lignes des colonnes comparabilite et motif_comparabilite de evolutions.csv ; un "
            "indicateur dont la série est rompue répond ses lignes rupture_de_serie"),
    Renamed("/api/v1/…/participation", "paramètre ?niveau=", "?domaine="),
    Renamed("/api/v1/…/participation", "region ou departement, nom",
            "domaine, modalite, modalite_libelle (region garde le code de la région)"),
    Renamed("/api/collectivites", "id", "collectivite"),
    Renamed("/api/collectivites", "departement_nom", "departement_libelle"),
    Renamed("reponses_<questionnaire>.csv", "identité puis questions",
            "questions_reprises et questions_modifiees ajoutées entre l'identité et les "
            "questions (réponses reprises de l'édition précédente)"),
)  # fmt: skip

#: The tables of the open-data package whose columns never depend on the questionnaire.
RECORDS: Final = (ESTIMATES, CHANGES)
