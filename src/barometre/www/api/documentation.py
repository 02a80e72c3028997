"""/api/: the API's documentation for people, generated from the OpenAPI document (never a copy).

Each operation: its address, what it answers, its parameters (where, allowed values) and the
fields of its answer, read from the same ``document()`` that /api/openapi.json serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from barometre.publication.records import RENAMED, Renamed
from barometre.www.api.openapi import document
from barometre.www.api.replies import read_only

EXAMPLE_WAVE = "1"


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    description: str
    values: str


@dataclass(frozen=True)
class FieldDoc:
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class Operation:
    anchor: str
    path: str
    example: str
    summary: str
    parameters: tuple[Parameter, ...]
    fields: tuple[FieldDoc, ...]
    listing: bool


def _values(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return ", ".join(str(value) for value in schema["enum"] if value is not None)
    if schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        return f"entier de {low} à {high}" if low is not None and high is not None else "entier"
    if "maxLength" in schema:
        return f"texte, {schema['maxLength']} caractères au plus"
    return str(schema.get("type", ""))


def _kind(schema: dict[str, Any]) -> str:
    kinds = {"integer": "entier", "number": "nombre", "string": "texte", "boolean": "booléen",
             "array": "liste", "object": "objet"}  # fmt: skip
    kind = kinds.get(schema.get("type", ""), "l'un des objets ci-dessous")
    if schema.get("format") == "date":
        kind = "date (AAAA-MM-JJ)"
    if schema.get("format") == "date-time":
        kind = "date et heure (ISO 8601)"
    return f"{kind}, peut être vide" if schema.get("nullable") else kind


def _resolved(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """A component schema (``$ref``) read from the document's components."""
    reference = schema.get("$ref", "")
    return schemas[reference.rsplit("/", 1)[-1]] if reference else schema


def _fields(schema: dict[str, Any], schemas: dict[str, Any]) -> tuple[tuple[FieldDoc, ...], bool]:
    schema = _resolved(schema, schemas)
    properties = schema.get("properties", {})
    listing = "resultats" in properties
    items = _resolved(properties["resultats"]["items"], schemas) if listing else schema
    found = [_field(name, field) for name, field in items["properties"].items()]
    extra = [_field(n, s) for n, s in properties.items() if listing and n != "resultats"]
    return (*found, *extra), listing


def _field(name: str, schema: dict[str, Any]) -> FieldDoc:
    return FieldDoc(name, _kind(schema), schema.get("description", ""))


def _example(server: str, path: str, parameters: list[dict[str, Any]]) -> str:
    """The address with an example wave and the example of each required query parameter."""
    query = "&".join(
        f"{p['name']}={p['example']}" for p in parameters if p["in"] == "query" and "example" in p
    )
    return server + path.replace("{wave_id}", EXAMPLE_WAVE) + (f"?{query}" if query else "")


def operations(server: str) -> list[Operation]:
    found = []
    described = document(server)
    schemas = described["components"]["schemas"]
    for path, item in described["paths"].items():
        get = item["get"]
        schema = get["responses"]["200"]["content"]["application/json"]["schema"]
        fields, listing = _fields(schema, schemas)
        parameters = tuple(
            Parameter(p["name"], "chemin" if p["in"] == "path" else "requête",
                      p.get("description", ""), _values(p["schema"]))
            for p in get["parameters"]
        )  # fmt: skip
        example = _example(server, path, get["parameters"])
        anchor = path.strip("/").replace("/", "-").replace("{", "").replace("}", "") or "racine"
        found.append(Operation(anchor, path, example, get["summary"], parameters, fields, listing))
    return found


def api_changes() -> tuple[Renamed, ...]:
    """The renamed fields and parameters of the API (« Changements »)."""
    return tuple(r for r in RENAMED if r.where.startswith("/api/"))


@read_only
def documentation(request: HttpRequest) -> HttpResponse:
    server = request.build_absolute_uri("/api")
    context = {
        "title": "API publique",
        "server": server,
        "operations": operations(server),
        "info": document(server)["info"],
        "changes": api_changes(),
    }
    return render(request, "www/api/documentation.html", context)
