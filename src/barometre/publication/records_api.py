"""The records only the API answers, declared like the open-data tables (no Django).

Waves, questionnaires, indicator definitions, participation, the authority search and the
envelope of each answer (pagination, revision, weighting report). ``www/api`` builds every JSON
answer and the OpenAPI document from these and from ``records.ESTIMATES`` and ``CHANGES``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from barometre.publication.records import (
    AUTHORITY,
    AUTHORITY_NAME,
    AUTHORITY_TYPE,
    CHANGES,
    DEPARTEMENT,
    ESTIMATES,
    Column,
    Record,
)


def _shared(record: Record, name: str) -> Column:
    """A column of another record, the same in name, type and words (read from the caller)."""
    return replace(record.by_name[name], source="")


WAVES: Final = Record(
    "vagues",
    "Vagues publiées",
    "Une vague publiée du baromètre : son édition, ses dates, ses questionnaires et la révision "
    "de ses résultats définitifs.",
    (
        Column("id", "integer", "Identifiant", "Identifiant de la vague (vague dans les autres "
               "réponses).", source="pk"),
        Column("campagne", "string", "Édition", "Nom de la campagne (édition) du baromètre."),
        Column("annee", "integer", "Année", "Année de l'édition."),
        Column("numero", "integer", "Numéro", "Numéro de la vague dans l'édition.",
               source="number"),
        Column("titre", "string", "Titre", "Titre de la vague.", source="title"),
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
        Column("id", "string", "Identifiant", "Identifiant du questionnaire (questionnaire "
               "dans les autres réponses et tables).", source="id"),
        Column("titre", "string", "Titre", "Titre du questionnaire."),
        Column("version", "string", "Version", "Version déclarée du questionnaire.",
               source="version"),
        Column("empreinte", "string", "Empreinte", "Empreinte (SHA-256) de la version compilée "
               ": deux vagues de même empreinte posent exactement les mêmes questions.",
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
        Column("id", "string", "Identifiant", "Identifiant stable de l'indicateur (indicateur "
               "dans les résultats, les évolutions et les tables).", source="id"),
        _shared(ESTIMATES, "questionnaire"),
        _shared(ESTIMATES, "libelle"),
        Column("nature", "string", "Nature", "share (part entre 0 et 1) ou mean "
               "(moyenne).", enum=("share", "mean"), source="kind"),
        Column("sensibilite", "string", "Sensibilité", "Sensibilité déclarée des réponses.",
               enum=("public", "restricted", "secret")),
        Column("numerateur", "string", "Numérateur", "Expression du numérateur (langage des "
               "questionnaires)."),
        Column("base", "string", "Base", "Expression de la base : les répondants comptés."),
    ),
)  # fmt: skip

PARTICIPATION_DOMAINS: Final = ("region", "departement")

PARTICIPATION: Final = Record(
    "participation",
    "Participation rapportée au référentiel",
    "Par région ou par département : les collectivités du référentiel, celles qui ont soumis "
    "au moins une réponse et leur rapport.",
    (
        Column("domaine", "string", "Ventilation", "region ou departement.",
               enum=PARTICIPATION_DOMAINS),
        _shared(ESTIMATES, "modalite"),
        _shared(ESTIMATES, "modalite_libelle"),
        Column("region", "string", "Région", "Code INSEE de la région (celle du département, "
               "ou la région elle-même)."),
        Column("collectivites", "integer", "Collectivités", "Collectivités du référentiel dans "
               "la modalité (communes, EPCI rattachés, département, région)."),
        Column("repondantes", "integer", "Répondantes", "Collectivités ayant soumis au moins "
               "une réponse à la vague."),
        Column("taux", "number", "Taux de réponse", "repondantes ÷ collectivites, entre 0 et "
               "1 ; vide sans collectivité.", nullable=True),
    ),
)  # fmt: skip

AUTHORITIES: Final = Record(
    "collectivites",
    "Recherche d'une collectivité",
    "Les collectivités du référentiel qui répondent à une recherche, les plus proches d'abord.",
    (
        AUTHORITY,
        AUTHORITY_TYPE,
        Column("type_libelle", "string", "Libellé du type", "Type tel qu'on le lit (« Commune », "
               "« Communauté d'agglomération »)."),
        Column("code", "string", "Code officiel", "Code INSEE (commune, département, région) "
               "ou SIREN (EPCI)."),
        AUTHORITY_NAME,
        DEPARTEMENT,
        Column("departement_libelle", "string", "Libellé du département", "Nom du département "
               "(vide pour une région)."),
    ),
)  # fmt: skip

WEIGHTING: Final = Record(
    "calage",
    "Pondération d'un questionnaire",
    "Marges calées ou abandonnées, régions calées ensemble, itérations, convergence et "
    "explication en français.",
    (
        Column("resume", "string", "Résumé", "Ce que les poids atteignent, en une phrase."),
        Column("methode", "string", "Méthode", "raking (calage sur marges) ou "
               "post-stratification.", enum=("raking", "post-stratification")),
        Column("marges", "array", "Marges", "Marges sur lesquelles les poids sont calés."),
        Column("marges_abandonnees", "array", "Marges abandonnées", "Marges qui n'ont pas pu "
               "être atteintes (la région, quand elle est abandonnée)."),
        Column("regions_regroupees", "array", "Régions regroupées", "Groupes de régions calées "
               "ensemble (noms des régions).", items="array"),
        Column("iterations", "integer", "Itérations", "Itérations du calage."),
        Column("convergence", "string", "Convergence", "La convergence du calage, en mots."),
        Column("ecart_relatif_max", "number", "Écart relatif maximal", "Plus grand écart "
               "relatif entre une marge atteinte et sa cible."),
        Column("taille_effective", "number", "Taille effective", "Taille effective de "
               "l'échantillon pondéré (Kish).", nullable=True),
        Column("effet_de_plan_kish", "number", "Effet de plan de Kish", "Effet de plan dû à la "
               "dispersion des poids.", nullable=True),
        Column("explication", "string", "Explication", "Régions regroupées, marge abandonnée "
               "et détail, en français."),
    ),
)  # fmt: skip

PAGE: Final = (
    Column("total", "integer", "Total", "Nombre d'éléments de la liste entière."),
    Column("decalage", "integer", "Décalage", "Éléments sautés avant le premier renvoyé."),
    Column("limite", "integer", "Limite", "Nombre d'éléments demandés au plus (vide : tous).",
           nullable=True),
)  # fmt: skip

_WAVE: Final = Column("vague", "integer", "Vague", "Identifiant de la vague.")
_REVISION: Final = Column("revision", "integer", "Révision", "Révision du jeu de résultats "
                          "définitif lu.")  # fmt: skip

RESULTS_ANSWER: Final = Record(
    "resultats",
    "Résultats définitifs par ventilation",
    "Les lignes de la table indicateurs de la vague, filtrées.",
    (
        _WAVE,
        _REVISION,
        Column("construit_le", "datetime", "Construit le", "Date et heure de construction du "
               "jeu de résultats."),
        Column("calage", "object", "Pondération", "Pondération de chaque questionnaire (clé) "
               ": marges calées, marge abandonnée, régions calées ensemble, convergence.",
               of=WEIGHTING),
    ),
)  # fmt: skip

CHANGES_ANSWER: Final = Record(
    "evolutions",
    "Évolutions depuis une vague antérieure comparable",
    "Les lignes de la table evolutions, filtrées, depuis la vague de référence choisie.",
    (
        _WAVE,
        _REVISION,
        _shared(CHANGES, "vague_reference"),
        Column("revision_reference", "integer", "Révision de référence", "Révision du jeu de "
               "résultats définitif de la vague de référence."),
        Column("ponderations_differentes", "array", "Pondérations différentes", "Questionnaires "
               "pondérés différemment dans les deux vagues."),
    ),
)  # fmt: skip

SEARCH_ANSWER: Final = Record(
    "recherche",
    "Recherche d'une collectivité",
    "La recherche telle qu'elle a été comprise.",
    (Column("recherche", "string", "Recherche", "Le texte cherché (espaces de tête et de fin "
            "retirés)."),),
)  # fmt: skip

#: The records of the API's lists (``resultats``), as the OpenAPI components name them.
API_RECORDS: Final = (
    WAVES, QUESTIONNAIRES, INDICATORS, ESTIMATES, CHANGES, PARTICIPATION, AUTHORITIES,
)  # fmt: skip
