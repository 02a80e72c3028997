"""Every environment variable the configuration reads is in the table of docs/operations.md.

The names are found in the code itself (config/**/*.py, parsed): the first argument of a call to
one of config.env's reading functions, ``os.environ.get``/``setdefault``/``[...]``, ``os.getenv``,
and the default ``name`` of a reading function. A new setting without its row fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*[A-Z0-9]$")


def _readers() -> set[str]:
    """config.env's functions that take a variable's name (their first parameter: ``name``)."""
    tree = ast.parse((CONFIG / "env.py").read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "name"
    }


ENV_READERS = _readers()


def _called(call: ast.Call, readers: set[str]) -> bool:
    """``env.text(…)`` anywhere, ``text(…)`` inside env.py only (``readers`` is empty elsewhere:
    config/urls.py's ``path`` is Django's)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in readers
    if isinstance(func, ast.Attribute):
        owner = ast.unparse(func.value)
        return (
            (owner == "env" and func.attr in ENV_READERS)
            or (owner == "os.environ" and func.attr in {"get", "setdefault", "pop"})
            or (owner == "os" and func.attr == "getenv")
        )
    return False


def _names_in(tree: ast.AST, readers: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        first: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args and _called(node, readers):
            first = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            first = node.slice
        elif isinstance(node, ast.FunctionDef) and node.name in readers and node.args.defaults:
            arguments = node.args.args[-len(node.args.defaults) :]
            first = dict(zip((a.arg for a in arguments), node.args.defaults, strict=True)).get(
                "name"
            )
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.add(first.value)
    return found


def read_variables() -> set[str]:
    found: set[str] = set()
    for source in sorted(CONFIG.rglob("*.py")):
        readers = ENV_READERS if source.name == "env.py" and source.parent == CONFIG else set()
        found |= _names_in(ast.parse(source.read_text(encoding="utf-8")), readers)
    return found


def documented_variables() -> set[str]:
    """The first cell of each row of the table « Tous les réglages »."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## Tous les réglages", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, re.MULTILINE))


def test_the_scan_finds_the_variables_of_every_kind_of_reading() -> None:
    found = read_variables()
    assert {
        "DJANGO_SECRET_KEY",  # env.text in base and prod
        "DATABASE_URL",  # the default name of env.database()
        "EMAIL_USE_TLS",  # env.flag in prod
        "PROCONNECT_CLIENT_ID",  # os.environ.get in env.py
        "PROCONNECT_JWKS_ENDPOINT",  # text() inside env.py
        "BAROMETRE_RETENTION_LOGS_DAYS",  # whole_number() inside env.py
        "DJANGO_SETTINGS_MODULE",  # os.environ.setdefault in config/wsgi.py
    } <= found
    assert all(ENV_NAME.match(name) for name in found), found


def test_every_variable_read_is_documented_and_every_row_is_read() -> None:
    read, documented = read_variables(), documented_variables()
    assert sorted(read - documented) == [], "à documenter dans docs/operations.md"
    assert sorted(documented - read) == [], "documentées mais lues nulle part dans config/"
