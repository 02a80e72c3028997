"""Reading the recommendations of the maturity model (``maturity: recommendations:``).

Each recommendation says when it applies (``when``: one trigger or a list), what to do
(``title``, ``why``, ``how``), where to find help (``links``) and how urgent it is
(``priority``). What it may name is checked in :mod:`recommendation_checks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from barometre.questionnaire.errors import RECOMMENDATION_PRIORITY, RECOMMENDATION_TRIGGER
from barometre.questionnaire.model import Link, Recommendation, Text, Trigger
from barometre.questionnaire.reading import Reader

RECOMMENDATION_KEYS: Final = frozenset(
    {"id", "priority", "when", "title", "why", "how", "links", "opsn"}
)
TRIGGER_KEYS: Final = frozenset({"question", "theme", "choices", "below"})
LINK_KEYS: Final = frozenset({"label", "url"})


def read_recommendations(reader: Reader, maturity: Mapping[str, Any]) -> tuple[Recommendation, ...]:
    """Every recommendation declared under ``maturity``, in the order written."""
    out = []
    for item in reader.items(maturity, "recommendations", "« maturity »"):
        raw = reader.mapping(item, reader.where(maturity, "recommendations"), "une recommandation")
        found = _recommendation(reader, raw)
        if found is not None:
            out.append(found)
    return tuple(out)


def _recommendation(reader: Reader, raw: Mapping[str, Any]) -> Recommendation | None:
    rid = reader.name(raw, "recommandation")
    what = f"recommandation « {rid} »"
    reader.known_keys(raw, RECOMMENDATION_KEYS, what)
    texts = {key: reader.text(raw, key, what, required=True) for key in ("title", "why", "how")}
    return Recommendation(
        id=rid,
        title=texts["title"] or Text(rid),
        why=texts["why"] or Text(rid),
        how=texts["how"] or Text(rid),
        priority=_priority(reader, raw, what),
        triggers=_triggers(reader, raw, what),
        links=_links(reader, raw, what),
        opsn=reader.flag(raw, "opsn", what),
        location=reader.where(raw),
    )


def _priority(reader: Reader, raw: Mapping[str, Any], what: str) -> int:
    value = raw.get("priority")
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # its range is checked with the rest
    reader.error(
        RECOMMENDATION_PRIORITY,
        f"{what} : « priority » doit être un entier (1 la plus urgente, 2 ou 3)",
        reader.where(raw, "priority" if "priority" in raw else None),
    )
    return 0


def _triggers(reader: Reader, raw: Mapping[str, Any], what: str) -> tuple[Trigger, ...]:
    when = raw.get("when")
    items = [when] if isinstance(when, Mapping) else when
    if not isinstance(items, list) or not items:
        reader.error(
            RECOMMENDATION_TRIGGER,
            f"{what} : « when » doit dire quand elle s'applique (une question et ses choix ou "
            "un seuil, ou un thème et un seuil)",
            reader.where(raw, "when" if "when" in raw else None),
        )
        return ()
    out = []
    for item in items:
        entry = reader.mapping(item, reader.where(raw, "when"), f"{what}, « when »")
        reader.known_keys(entry, TRIGGER_KEYS, f"{what}, « when »")
        below = reader.number(entry, "below", what)
        out.append(
            Trigger(
                question=reader.string(entry, "question", what),
                theme=reader.string(entry, "theme", what),
                choices=reader.option_list(entry, "choices", what),
                below=None if below is None else float(below),
            )
        )
    return tuple(out)


def _links(reader: Reader, raw: Mapping[str, Any], what: str) -> tuple[Link, ...]:
    out = []
    for item in reader.items(raw, "links", what):
        entry = reader.mapping(item, reader.where(raw, "links"), f"{what}, lien")
        reader.known_keys(entry, LINK_KEYS, f"{what}, lien")
        label = reader.text(entry, "label", f"{what}, lien", required=True)
        url = reader.string(entry, "url", f"{what}, lien") or ""
        out.append(Link(label or Text(url or "?"), url))
    return tuple(out)
