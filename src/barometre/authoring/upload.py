"""An uploaded file compiled into a draft's content: YAML or XLSForm, coded errors kept as data.

The report's locations name the file as the operator sent it (``cyber.xlsx``, sheet ``survey``,
row 7), never a temporary path.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from barometre.questionnaire import Issue, Questionnaire, compile_yaml, to_source
from barometre.questionnaire.errors import XLSFORM_UNSUPPORTED, YAML_SYNTAX, Location
from barometre.questionnaire.model import CompileResult
from barometre.questionnaire.source import MAX_SOURCE_BYTES
from barometre.questionnaire.xlsform.guard import MAX_FILE_BYTES

YAML_SUFFIXES: Final = (".yaml", ".yml")
XLSFORM_SUFFIXES: Final = (".xlsx",)
#: Read at most this much of an upload: one byte past the largest accepted file.
READ_LIMIT: Final = MAX_FILE_BYTES + 1
_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")


class UploadError(ValueError):
    """A file that is not a questionnaire file at all (French message, nothing is stored)."""


@dataclass(frozen=True, slots=True)
class Compiled:
    """What a file gives: its format, the YAML to store when it compiles, and the report."""

    file_format: str
    questionnaire: Questionnaire | None
    source: str
    errors: tuple[dict[str, Any], ...]
    warnings: tuple[dict[str, Any], ...]


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in XLSFORM_SUFFIXES:
        return "xlsform"
    raise UploadError(
        f"Format non reconnu (« {suffix or 'sans extension'} ») : déposez un questionnaire "
        "en YAML (.yaml, .yml) ou un classeur XLSForm (.xlsx)."
    )


def safe_name(name: str) -> str:
    """The file's own name, reduced to plain characters (it names rows in the report)."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "questionnaire"
    return base[:120]


def issue_data(issue: Issue) -> dict[str, Any]:
    location = issue.location or Location()
    return {
        "code": issue.code,
        "message": issue.message,
        "file": location.source,
        "sheet": location.sheet,
        "line": location.line,
        "subject": issue.subject,
    }


def _text(content: bytes, name: str) -> str | CompileResult:
    if len(content) > MAX_SOURCE_BYTES:
        message = f"fichier trop gros ({len(content)} octets, {MAX_SOURCE_BYTES} au plus)"
        return CompileResult(None, (Issue(YAML_SYNTAX, message, Location(name)),))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"le fichier n'est pas en UTF-8 (octet illisible en position {error.start + 1})"
        return CompileResult(None, (Issue(YAML_SYNTAX, message, Location(name)),))


def _compile_yaml(content: bytes, name: str) -> tuple[CompileResult, str]:
    text = _text(content, name)
    if isinstance(text, CompileResult):
        return text, ""
    return compile_yaml(text, origin=name), text


def _compile_xlsform(content: bytes, name: str) -> tuple[CompileResult, str]:
    from barometre.questionnaire.xlsform import compile_xlsform  # noqa: PLC0415 - heavy

    with tempfile.TemporaryDirectory(prefix="brouillon-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        result = compile_xlsform(path)
    if result.questionnaire is None:
        return result, ""
    text = yaml.safe_dump(to_source(result.questionnaire), allow_unicode=True, sort_keys=False)
    again = compile_yaml(text, origin=name).questionnaire
    if again is None or again.version_hash != result.questionnaire.version_hash:  # pragma: no cover
        message = (
            "le classeur n'a pas pu être converti sans perte : signalez-le à l'équipe technique"
        )
        return CompileResult(None, (Issue(XLSFORM_UNSUPPORTED, message, Location(name)),)), ""
    return result, text


def compile_upload(name: str, content: bytes) -> Compiled:
    """Compile an uploaded file; :class:`UploadError` for what is not a questionnaire file."""
    kind = file_format(name)
    if not content:
        raise UploadError("Le fichier est vide.")
    if len(content) > MAX_FILE_BYTES:
        raise UploadError(f"Fichier trop gros : {MAX_FILE_BYTES // 1_000_000} Mo au plus.")
    name = safe_name(name)
    compile_file = _compile_yaml if kind == "yaml" else _compile_xlsform
    result, text = compile_file(content, name)
    errors = tuple(issue_data(issue) for issue in result.errors)
    compiled = result.questionnaire if not result.errors else None
    return Compiled(
        file_format=kind,
        questionnaire=compiled,
        source=text if compiled is not None else "",
        errors=errors,
        warnings=tuple(issue_data(issue) for issue in result.warnings),
    )
