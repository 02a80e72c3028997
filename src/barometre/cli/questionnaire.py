"""``barometre questionnaire``: validate, show and export questionnaires (YAML or XLSForm)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import click

from barometre.cli.output import echo_json
from barometre.questionnaire import (
    CompileResult,
    Issue,
    Question,
    Questionnaire,
    Sensitivity,
    compile_path,
)
from barometre.questionnaire.library import LIBRARY_DIR, load_library
from barometre.questionnaire.xlsform import export_xlsform

TYPE_LABELS = {
    "single_choice": "choix unique",
    "multiple_choice": "choix multiple",
    "yes_no": "oui / non / ne sait pas",
    "integer": "nombre entier",
    "decimal": "nombre décimal",
    "percentage": "pourcentage",
    "text": "texte court",
    "long_text": "texte long",
    "date": "date",
    "note": "note",
}

SENSITIVITY_LABELS = {
    Sensitivity.PUBLIC: "public",
    Sensitivity.RESTRICTED: "diffusion restreinte",
    Sensitivity.SECRET: "secret",
}


def plain(text: str) -> str:
    """User text made safe for a terminal: control characters (escape sequences) removed."""
    return "".join(
        " " if ch in "\n\r\t" else ch
        for ch in text
        if unicodedata.category(ch) != "Cc" or ch in "\n\r\t"
    )


def _resolve(reference: str) -> Path:
    """A file path, or the id of a library questionnaire (``cybersecurite``)."""
    path = Path(reference)
    if path.exists() or reference not in load_library():
        return path
    return LIBRARY_DIR / f"{reference}.yaml"


def _issue_record(issue: Issue) -> dict[str, Any]:
    return {
        "code": issue.code,
        "message": issue.message,
        "location": str(issue.location) if issue.location else None,
    }


def _compile_or_exit(reference: str) -> Questionnaire:
    result = compile_path(_resolve(reference))
    if result.questionnaire is None:
        for issue in result.errors:
            click.echo(f"Erreur : {plain(str(issue))}", err=True)
        raise SystemExit(1)
    return result.questionnaire


@click.group()
def questionnaire() -> None:
    """Questionnaires : vérifier, afficher, exporter en XLSForm."""


@questionnaire.command()
@click.argument("reference", metavar="CHEMIN")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def validate(reference: str, *, as_json: bool) -> None:
    """Vérifie un questionnaire (.yaml ou .xlsx) ; code de sortie 1 s'il a des erreurs."""
    result = compile_path(_resolve(reference))
    if as_json:
        echo_json(_validation_record(result))
    else:
        _print_validation(result)
    if not result.ok:
        raise SystemExit(1)


def _validation_record(result: CompileResult) -> dict[str, Any]:
    q = result.questionnaire
    return {
        "ok": result.ok,
        "id": q.id if q else None,
        "version": q.version if q else None,
        "version_hash": q.version_hash if q else None,
        "errors": [_issue_record(i) for i in result.errors],
        "warnings": [_issue_record(i) for i in result.warnings],
    }


def _print_validation(result: CompileResult) -> None:
    for issue in result.errors:
        click.echo(f"Erreur : {plain(str(issue))}", err=True)
    for issue in result.warnings:
        click.echo(f"Avertissement : {plain(str(issue))}")
    q = result.questionnaire
    if q is not None:
        click.echo(
            f"Questionnaire « {plain(q.id)} » valide : version {plain(q.version)}, "
            f"{len(q.questions)} questions, environ {q.estimated_minutes} min, "
            f"empreinte {q.version_hash[:12]}."
        )


@questionnaire.command()
@click.argument("reference", metavar="CHEMIN")
def show(reference: str) -> None:
    """Affiche le plan d'un questionnaire, avec sa durée estimée."""
    click.echo(outline(_compile_or_exit(reference)))


def outline(q: Questionnaire) -> str:
    wave = f", vague {q.wave}" if q.wave else ""
    lines = [
        f"{plain(q.title.fr)} ({plain(q.id)}, version {plain(q.version)}{wave})",
        f"Durée estimée : environ {q.estimated_minutes} min — {len(q.questions)} questions",
    ]
    if q.notice:
        lines.append(f"Avertissement : {plain(q.notice.fr)}")
    for number, section in enumerate(q.sections, start=1):
        condition = f"  [si {plain(section.relevance.source)}]" if section.relevance else ""
        lines.append(f"\n{number}. {plain(section.title.fr)}{condition}")
        lines.extend(_question_lines(q.questions[qid]) for qid in section.question_ids)
    if q.indicators:
        lines.append("\nIndicateurs :")
        lines.extend(f"  {plain(i.id)} — {plain(i.label.fr)}" for i in q.indicators)
    return "\n".join(lines)


def _question_lines(question: Question) -> str:
    flags = [TYPE_LABELS[question.type.value]]
    if question.required:
        flags.append("obligatoire")
    if question.sensitivity is not Sensitivity.PUBLIC:
        flags.append(SENSITIVITY_LABELS[question.sensitivity])
    if question.unit:
        flags.append(plain(question.unit))
    parts = [f"   - {plain(question.id)} ({', '.join(flags)}) : {plain(question.label.fr)}"]
    if question.relevance:
        parts.append(f"       si {plain(question.relevance.source)}")
    if question.options:
        options = " | ".join(plain(o.label.fr) for o in question.options)
        parts.append(f"       options : {options}")
    return "\n".join(parts)


@questionnaire.command("export-xlsform")
@click.argument("reference", metavar="CHEMIN")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(reference: str, output: Path) -> None:
    """Exporte un questionnaire en XLSForm (.xlsx), relisible par « validate »."""
    q = _compile_or_exit(reference)
    export_xlsform(q, output)
    click.echo(f"XLSForm écrit : {output}")


@questionnaire.command("list")
def list_command() -> None:
    """Les neuf questionnaires du baromètre, par vague."""
    for q in load_library().values():
        click.echo(
            f"vague {q.wave}  {q.id:<30} {len(q.questions):>2} questions  "
            f"~{q.estimated_minutes} min  {plain(q.title.fr)}"
        )
