"""Reading questionnaire files (YAML or XLSForm) and compiling them."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from barometre.questionnaire.compiler import compile_questionnaire
from barometre.questionnaire.errors import YAML_SYNTAX, Issue, Location, QuestionnaireError
from barometre.questionnaire.model import CompileResult
from barometre.questionnaire.source import MAX_SOURCE_BYTES, read_yaml

#: The JSON Schema of the YAML authoring format, shipped for editors and documentation.
SCHEMA_PATH: Final = Path(__file__).parent / "questionnaire.schema.json"


def compile_yaml(text: str, origin: str = "") -> CompileResult:
    """Compile YAML text; syntax errors come back as coded errors, never as exceptions."""
    try:
        source = read_yaml(text, origin)
    except QuestionnaireError as error:
        return CompileResult(None, error.issues)
    return compile_questionnaire(source, origin)


def compile_path(path: Path) -> CompileResult:
    """Compile a ``.yaml``/``.yml`` or ``.xlsx`` questionnaire file."""
    origin = path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from barometre.questionnaire.xlsform import compile_xlsform  # noqa: PLC0415 - heavy

        return compile_xlsform(path)
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            message = f"fichier trop gros (plus de {MAX_SOURCE_BYTES} octets)"
            return CompileResult(None, (Issue(YAML_SYNTAX, message, Location(origin)),))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        message = f"fichier illisible : {error.__class__.__name__}"
        return CompileResult(None, (Issue(YAML_SYNTAX, message, Location(origin)),))
    return compile_yaml(text, origin)
