"""Pure packages load without Django (the import-linter contracts check the static imports), and
only the collection flows write responses."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PURE = ("referentiel", "questionnaire", "stats", "synth", "vocabulary")


def test_pure_packages_import_without_loading_django() -> None:
    code = (
        "import sys\n"
        + "".join(f"import barometre.{name}\n" for name in PURE)
        + "roots = {'django', 'dsfr', 'config'}\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        + "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr


# Every write of responses, answers, drafts and page saves goes through collection/flows.py.
RESPONSE_MODELS = frozenset({"Response", "Answer", "Draft", "PageSave"})
WRITES = frozenset(
    {"create", "bulk_create", "get_or_create", "update_or_create", "bulk_update", "update"}
    | {"delete", "save"}
)
ALLOWED = {Path("collection/flows.py"), Path("collection/models.py")}


def response_writes(source: str) -> list[str]:
    """The lines of ``source`` that create or change a response model outside the flows."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in RESPONSE_MODELS:
            found.append(f"{node.lineno}: {func.id}(…)")
        elif isinstance(func, ast.Attribute) and func.attr in WRITES:
            chain = _attribute_chain(func.value)
            if "objects" in chain and chain[0] in RESPONSE_MODELS:
                found.append(f"{node.lineno}: {'.'.join(chain)}.{func.attr}(…)")
    return found


def _attribute_chain(node: ast.expr) -> list[str]:
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            return [node.id, *reversed(names)]
        else:
            return list(reversed(names))


def test_the_check_sees_a_write_of_answers() -> None:
    source = "Answer.objects.filter(response=r).update(value=1)\nx = Response(wave=w)\n"
    assert response_writes(source) == [
        "1: Answer.objects.filter.update(…)",
        "2: Response(…)",
    ]
    assert response_writes("Response.objects.filter(wave=w).count()\n") == []


def test_only_the_collection_flows_write_responses() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "barometre"
    offenders = {
        str(path.relative_to(root)): lines
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts and path.relative_to(root) not in ALLOWED
        if (lines := response_writes(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
