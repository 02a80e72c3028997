"""``barometre referentiel``: summary, search and details of the territorial frame."""

from __future__ import annotations

from typing import Any

import click

from barometre.cli.output import echo_json, fmt_int, fmt_share, french_errors, table
from barometre.referentiel import (
    DEFAULT_SCHEME,
    SCHEMES,
    Frame,
    SearchHit,
    Unit,
    get_scheme,
    load_frame,
    stratum_label,
    stratum_of,
    summarize,
)

SCHEME_OPTION = click.option(
    "--strates",
    "scheme_name",
    type=click.Choice(sorted(SCHEMES)),
    default=DEFAULT_SCHEME,
    show_default=True,
    help="Schéma de strates de taille des communes.",
)


@click.group()
def referentiel() -> None:
    """Le référentiel des collectivités (communes, EPCI, départements, régions)."""


@referentiel.command()
@SCHEME_OPTION
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def summary(scheme_name: str, *, as_json: bool) -> None:
    """Effectifs par type, communes par strate et par région."""
    with french_errors():
        data = summarize(load_frame(), get_scheme(scheme_name))
    if as_json:
        echo_json(data)
        return
    click.echo(render_summary(data))


@referentiel.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def search(query: str, limit: int, *, as_json: bool) -> None:
    """Cherche une collectivité par nom, code INSEE, code postal ou SIREN."""
    with french_errors():
        frame = load_frame()
        hits = frame.search(query, limit=limit)
    if as_json:
        echo_json([hit_record(frame, hit) for hit in hits])
        return
    if not hits:
        click.echo(f"Aucune collectivité ne correspond à « {query} ».")
        return
    click.echo(render_hits(frame, hits))


@referentiel.command()
@click.argument("identifier", metavar="ID_OU_CODE")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
def show(identifier: str, *, as_json: bool) -> None:
    """Fiche d'une collectivité (identifiant type:code, code INSEE ou SIREN)."""
    with french_errors():
        frame = load_frame()
        unit = frame.lookup(identifier)
    record = unit_record(frame, unit)
    if as_json:
        echo_json(record)
        return
    click.echo(render_unit(record))


def unit_record(frame: Frame, unit: Unit) -> dict[str, Any]:
    """Everything the frame knows about one unit, as JSON-ready data."""
    record: dict[str, Any] = {
        "id": unit.id,
        "type": unit.type,
        "type_label": unit.type_label,
        "code": unit.code,
        "name": unit.name,
        "siren": unit.siren,
        "population": unit.population,
        "stratum": stratum_of(unit),
        "stratum_label": stratum_label(unit.type, stratum_of(unit)),
        "departement": _named(frame, "departement", unit.departement),
        "region": _named(frame, "region", unit.region),
    }
    if unit.type == "commune":
        record["epci"] = _named(frame, "epci", unit.epci)
        record["postcodes"] = list(unit.postcodes)
        record["aliases"] = list(unit.aliases)
    if unit.type == "epci":
        record["nature"] = unit.nature
        record["members"] = [m.code for m in frame.members(unit)]
    return record


def hit_record(frame: Frame, hit: SearchHit) -> dict[str, Any]:
    unit = hit.unit
    departement = _named(frame, "departement", unit.departement)
    return {
        "id": unit.id,
        "type": unit.type,
        "type_label": unit.type_label,
        "code": unit.code,
        "name": unit.name,
        "population": unit.population,
        "departement": departement,
        "matched_name": hit.matched_name if hit.via_alias else None,
    }


def _named(frame: Frame, unit_type: str, code: str | None) -> dict[str, str] | None:
    if code is None:
        return None
    unit = frame.get(f"{unit_type}:{code}")
    return {"code": unit.code, "name": unit.name}


def render_summary(data: dict[str, Any]) -> str:
    communes = data["communes"]
    population = data["population"]
    counts = table(
        ["Type", "Nombre"],
        [
            ["Communes", fmt_int(communes)],
            ["EPCI à fiscalité propre", fmt_int(data["epci"])],
            ["Départements", fmt_int(data["departements"])],
            ["Régions", fmt_int(data["regions"])],
        ],
        "lr",
    )
    strata = table(
        ["Strate", "Communes", "Part", "Population", "Part de la pop."],
        [
            [
                data["stratum_labels"][label],
                fmt_int(n),
                fmt_share(n, communes),
                fmt_int(data["population_by_stratum"][label]),
                fmt_share(data["population_by_stratum"][label], population),
            ]
            for label, n in data["communes_by_stratum"].items()
        ],
        "lrrrr",
    )
    regions = table(
        ["Code", "Région", "Communes"],
        [
            [code, data["region_names"][code], fmt_int(n)]
            for code, n in data["communes_by_region"].items()
        ],
        "llr",
    )
    source = data.get("source", {})
    origin = f"Source : {source.get('package')} {source.get('version')} ({source.get('licence')})"
    return "\n\n".join(
        [
            counts,
            f"Communes par strate de population ({data['scheme']}) :\n{strata}",
            f"Communes par région :\n{regions}",
            origin,
        ]
    )


def render_hits(frame: Frame, hits: list[SearchHit]) -> str:
    rows = []
    for hit in hits:
        record = hit_record(frame, hit)
        departement = record["departement"]
        note = f" (ancien nom : {hit.matched_name})" if hit.via_alias else ""
        rows.append(
            [
                record["type_label"],
                record["code"],
                record["name"] + note,
                f"{departement['name']} ({departement['code']})" if departement else "",
                fmt_int(record["population"]),
            ]
        )
    return table(["Type", "Code", "Nom", "Département", "Population"], rows, "llllr")


def render_unit(record: dict[str, Any]) -> str:
    def named(value: dict[str, str] | None) -> str:
        return f"{value['name']} ({value['code']})" if value else "—"

    lines = [
        f"{record['name']} — {record['type_label']}",
        f"  Identifiant : {record['id']}",
        f"  Code        : {record['code']}",
        f"  SIREN       : {record['siren'] or '—'}",
        f"  Population  : {fmt_int(record['population'])}",
        f"  Strate      : {record['stratum_label']}",
        f"  Département : {named(record['departement'])}",
        f"  Région      : {named(record['region'])}",
    ]
    if record["type"] == "commune":
        lines.append(f"  EPCI        : {named(record['epci'])}")
        lines.append(f"  Codes post. : {', '.join(record['postcodes']) or '—'}")
        if record["aliases"]:
            lines.append(f"  Autres noms : {', '.join(record['aliases'])}")
    if record["type"] == "epci":
        lines.append(f"  Communes membres : {fmt_int(len(record['members']))}")
    return "\n".join(lines)
