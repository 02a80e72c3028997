"""The codebook (Markdown), generated from the record and questionnaire declarations (no
Django): one table of columns per published record, each column's name, type, label and
description exactly as ``records`` declares them."""

from __future__ import annotations

from collections.abc import Sequence

from barometre.publication.records import (
    CHANGES,
    ESTIMATES,
    RENAMED,
    TYPE_WORDS,
    Column,
    Record,
    answers_record,
    published_questions,
)
from barometre.questionnaire import Question, Questionnaire

HEADER = "| colonne | type | libellé | description |"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def column_line(column: Column) -> str:
    values = f" Valeurs : {', '.join(f'`{v}`' for v in column.enum if v)}." if column.enum else ""
    return (
        f"| `{column.name}` | {TYPE_WORDS[column.type]} | {_escape(column.label)} | "
        f"{_escape(column.description)}{values} |"
    )


def _fields(record: Record) -> list[str]:
    return [HEADER, "|---|---|---|---|", *(column_line(c) for c in record.columns)]


def changes_section(files: Sequence[str]) -> list[str]:
    """What was renamed in these files for reusers, from ``records.RENAMED``."""
    lines = ["## Changements", "", ("Les noms des colonnes sont désormais les mêmes dans toutes "
             "les tables et dans l'API : `domaine` pour la ventilation, `modalite` pour le code "
             "de sa modalité, `modalite_libelle` pour son libellé, `secret` (booléen) et "
             "`motif_secret`. Renommés :"), ""]  # fmt: skip
    lines += [
        f"- `{r.where}` : {_escape(r.before)} → {_escape(r.after)}"
        for r in RENAMED
        if r.where in files
    ]
    return [*lines, ""]


def _question(question: Question) -> list[str]:
    line = f"- `{question.id}` ({question.type.value}) — {_escape(question.label.fr)}"
    bounds = [
        f"{label} {value:g}"
        for label, value in (("min.", question.minimum), ("max.", question.maximum))
        if value is not None
    ]
    if question.unit:
        bounds.append(f"unité : {question.unit}")
    if bounds:
        line += f" ({', '.join(bounds)})"
    lines = [line]
    lines += [f"  - `{o.value}` : {_escape(o.label.fr)}" for o in question.options]
    return lines


def _questionnaire(
    questionnaire: Questionnaire, indicators: dict[str, dict[str, str]]
) -> list[str]:
    title = _escape(questionnaire.title.fr)
    lines = [f"## {title}", "", (f"Fichier `reponses_{questionnaire.id}.csv` (et `.parquet`) : une "
             "ligne par collectivité répondante. Colonnes d'identité, puis une colonne par "
             "question publique à réponse fermée :"), ""]  # fmt: skip
    lines += _fields(answers_record(questionnaire))
    lines += ["", "Questions publiées et leurs modalités :", ""]
    for question in published_questions(questionnaire):
        lines += _question(question)
    mine = {k: v for k, v in indicators.items() if v.get("questionnaire") == questionnaire.id}
    if mine:
        lines += ["", "Indicateurs (table `indicateurs`) :", ""]
        lines += [
            f"- `{key}` — {_escape(v['libelle'])} ({'moyenne' if v['nature'] == 'mean' else 'part'}"
            f" ; base : `{_escape(v['base'])}` ; numérateur : `{_escape(v['numerateur'])}`)"
            for key, v in sorted(mine.items())
        ]
    return [*lines, ""]


def _changes(reference: str) -> list[str]:
    return [
        "## Table `evolutions`",
        "",
        (
            "Fichier `evolutions.csv` (et `.parquet`) : écart de chaque indicateur "
            f"comparable depuis la vague de référence {_escape(reference)}, sur les "
            "estimations **pondérées**, une ligne par indicateur et modalité de domaine "
            "(ensemble, région, département, type, strate, rôle). Un indicateur est comparable "
            "quand sa nature, son numérateur et sa base sont identiques dans les deux vagues ; "
            "les autres n'y figurent pas. L'écart, son erreur type, son intervalle de confiance "
            "à 95 % et le test z bilatéral (échantillons indépendants) sont expliqués dans la "
            "section 8 « Évolutions entre éditions » de la note méthodologique "
            "(`methodologie.md`). Quand une cellule est sous secret statistique dans l'une des "
            "deux vagues, les chiffres de ce côté et toutes les colonnes de l'écart sont vides, "
            "`secret` vaut `true` et `cote_secret` dit quel côté est masqué."
        ),
        "",
        *_fields(CHANGES),
        "",
    ]


def codebook(
    title: str,
    questionnaires: Sequence[Questionnaire],
    indicators: dict[str, dict[str, str]],
    min_base: int,
    reference: str | None = None,
    *,
    weighting: Sequence[str] = (),
) -> str:
    """The codebook; ``reference`` names the edition the ``evolutions`` table compares with;
    ``weighting``: one Markdown item per questionnaire saying what its weights meet."""
    lines = [
        f"# Dictionnaire des données — {_escape(title)}",
        "",
        "Généré à partir des déclarations des questionnaires. Licence Ouverte 2.0 (Etalab).",
        "",
        "## Secret statistique",
        "",
        (
            f"Une estimation dont la base compte moins de {min_base} collectivités est masquée "
            "(secret primaire), ainsi que les cellules qui permettraient de la retrouver par "
            "différence ou par un domaine jumeau (mêmes collectivités) dans l'un des tableaux "
            "publiés (secret secondaire, décidé une fois pour tous les tableaux) : leurs "
            "colonnes `valeur`, `erreur_type`, `ic_bas`, `ic_haut` et `base_n` sont vides, "
            "`secret` vaut `true`. Les réponses restreintes ou "
            "secrètes, le texte libre et le rôle du répondant ne sont jamais publiés par "
            "collectivité."
        ),
        "",
        "## Pondération",
        "",
        (
            "Les estimations `pondere` reposent sur des poids calés sur les effectifs du "
            "référentiel (section « Pondération » de la note méthodologique). Ce qui a été "
            "calé, par questionnaire (aussi dans la propriété `calage` de "
            "`datapackage.json`) :"
        ),
        "",
        *weighting,
        "",
        "## Table `indicateurs`",
        "",
        *_fields(ESTIMATES),
        "",
    ]
    if reference is not None:
        lines += _changes(reference)
    for questionnaire in questionnaires:
        lines += _questionnaire(questionnaire, indicators)
    files = ["indicateurs.csv", *(["evolutions.csv"] if reference is not None else [])]
    return "\n".join([*lines, *changes_section(files)])
