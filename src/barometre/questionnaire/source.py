"""Reading YAML sources into plain mappings that remember where each key was written."""

from __future__ import annotations

from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node

from barometre.questionnaire.errors import YAML_SYNTAX, Issue, Location, QuestionnaireError

MAX_SOURCE_BYTES: Final = 1_000_000


class Located(dict[str, Any]):
    """A mapping from the source, with the location of itself and of each of its keys."""

    location: Location
    key_locations: dict[str, Location]

    def __init__(self, items: dict[str, Any], location: Location | None = None) -> None:
        super().__init__(items)
        self.location = location or Location()
        self.key_locations = {}


def location_of(mapping: object, key: str | None = None) -> Location | None:
    """Where ``mapping`` (or one of its keys) was written, if it remembers."""
    if not isinstance(mapping, Located):
        return None
    if key is not None and key in mapping.key_locations:
        return mapping.key_locations[key]
    return mapping.location


class _Loader(yaml.SafeLoader):
    """Safe loader: no aliases (no exponential expansion), no duplicate keys, lines kept."""

    origin = ""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, "les alias YAML (*nom) ne sont pas acceptés", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_located(self, node: MappingNode) -> Located:
        here = Location(self.origin, node.start_mark.line + 1)
        mapping = Located({}, here)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                raise yaml.constructor.ConstructorError(
                    None, None, "une clé doit être un texte", key_node.start_mark
                )
            name = str(key)
            if name in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"la clé « {name} » est répétée", key_node.start_mark
                )
            mapping[name] = self.construct_object(value_node, deep=True)
            mapping.key_locations[name] = Location(self.origin, key_node.start_mark.line + 1)
        return mapping


_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _Loader.construct_located,
)


def read_yaml(text: str, origin: str = "") -> Located:
    """The top-level mapping of a YAML questionnaire; raises :class:`QuestionnaireError`."""
    if len(text.encode("utf-8", "replace")) > MAX_SOURCE_BYTES:
        raise QuestionnaireError(
            (Issue(YAML_SYNTAX, f"fichier trop gros (plus de {MAX_SOURCE_BYTES} octets)"),)
        )
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        loader.origin = origin
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        detail = error.problem or error.context or "erreur inconnue"
        raise QuestionnaireError(
            (Issue(YAML_SYNTAX, f"YAML illisible : {detail}", Location(origin, line)),)
        ) from error
    except yaml.YAMLError as error:
        raise QuestionnaireError(
            (Issue(YAML_SYNTAX, f"YAML illisible : {error}", Location(origin)),)
        ) from error
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(document, Located):
        raise QuestionnaireError(
            (Issue(YAML_SYNTAX, "le fichier doit décrire un questionnaire", Location(origin, 1)),)
        )
    return document
