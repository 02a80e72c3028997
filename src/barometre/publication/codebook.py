"""The codebook (Markdown), generated from the questionnaire declarations (no Django)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from barometre.publication.schemas import AGGREGATE_FIELDS, IDENTITY_FIELDS, published_questions
from barometre.questionnaire import Question, Questionnaire


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fields(fields: Iterable[dict[str, object]]) -> list[str]:
    lines = ["| colonne | type | description |", "|---|---|---|"]
    lines += [f"| `{f['name']}` | {f['type']} | {_escape(str(f['description']))} |" for f in fields]
    return lines


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
    lines += _fields(IDENTITY_FIELDS)
    lines += ["", "Questions publiées :", ""]
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


def codebook(
    title: str,
    questionnaires: Sequence[Questionnaire],
    indicators: dict[str, dict[str, str]],
    min_base: int,
) -> str:
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
            "différence (secret secondaire) : leurs colonnes `valeur`, `erreur_type`, `ic_bas`, "
            "`ic_haut` et `base_n` sont vides, `secret` vaut `true`. Les réponses restreintes ou "
            "secrètes, le texte libre et le rôle du répondant ne sont jamais publiés par "
            "collectivité."
        ),
        "",
        "## Table `indicateurs`",
        "",
        *_fields(AGGREGATE_FIELDS),
        "",
    ]
    for questionnaire in questionnaires:
        lines += _questionnaire(questionnaire, indicators)
    return "\n".join(lines)
