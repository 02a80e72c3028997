"""Turning a source mapping (from YAML or XLSForm) into model objects, collecting coded errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from barometre.questionnaire.errors import (
    EXPRESSION_SYNTAX,
    FORMULA_LABEL,
    HTML_IN_LABEL,
    SCHEMA,
    Issue,
    Location,
)
from barometre.questionnaire.expressions import ExpressionSyntaxError, compile_node, parse
from barometre.questionnaire.maturity import SCALE_MIN
from barometre.questionnaire.model import (
    YES_NO_OPTIONS,
    Expression,
    Indicator,
    MaturityTheme,
    Option,
    Question,
    QuestionType,
    Scoring,
    Sensitivity,
    Text,
)
from barometre.questionnaire.source import location_of

QUESTIONNAIRE_KEYS: Final = frozenset(
    {
        "id",
        "version",
        "title",
        "wave",
        "theme",
        "description",
        "notice",
        "sections",
        "indicators",
        "maturity",
    }
)
SECTION_KEYS: Final = frozenset({"id", "title", "relevance", "questions"})
QUESTION_KEYS: Final = frozenset(
    {
        "id",
        "type",
        "label",
        "help",
        "required",
        "relevance",
        "constraint",
        "constraint_message",
        "options",
        "min",
        "max",
        "unit",
        "sensitivity",
        "score",
    }
)
OPTION_KEYS: Final = frozenset({"value", "label", "exclusive"})
SCORE_KEYS: Final = frozenset(
    {"theme", "weight", "values", "dont_know", "not_concerned", "rationale"}
)
MATURITY_KEYS: Final = frozenset({"themes", "recommendations"})
MATURITY_THEME_KEYS: Final = frozenset({"id", "label", "description"})
INDICATOR_KEYS: Final = frozenset(
    {"id", "label", "numerator", "mean", "base", "sensitivity", "published"}
)
PUBLISHED_KEYS: Final = frozenset({"value", "base", "note"})

E = TypeVar("E", QuestionType, Sensitivity)

NAME: Final = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
INDICATOR_NAME: Final = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
OPTION_VALUE: Final = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LANGUAGE: Final = re.compile(r"^[a-z]{2}$")
_HTML: Final = re.compile(r"<\s*/?\s*[A-Za-z!]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_PREFIXES: Final = ("=", "+", "@")
MAX_LABEL_LENGTH: Final = 2000


class Reader:
    """Collects issues while reading; every method returns a value even after an error."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def where(self, mapping: object, key: str | None = None) -> Location:
        return location_of(mapping, key) or Location(self.origin)

    def error(self, code: str, message: str, where: Location, subject: str | None = None) -> None:
        self.errors.append(Issue(code, message, where, subject))

    def warn(self, code: str, message: str, where: Location, subject: str | None = None) -> None:
        self.warnings.append(Issue(code, message, where, subject))

    # -- primitives -------------------------------------------------------------------------

    def mapping(self, value: object, where: Location, what: str) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        self.error(SCHEMA, f"{what} doit être une table de clés et de valeurs", where)
        return {}

    def items(self, mapping: Mapping[str, Any], key: str, what: str) -> list[Any]:
        value = mapping.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.error(SCHEMA, f"« {key} » de {what} doit être une liste", self.where(mapping, key))
        return []

    def known_keys(self, mapping: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.error(
                    SCHEMA,
                    f"clé inconnue « {key} » dans {what} (clés possibles : {expected})",
                    self.where(mapping, key),
                )

    def name(self, mapping: Mapping[str, Any], what: str, pattern: re.Pattern[str] = NAME) -> str:
        value = mapping.get("id")
        if isinstance(value, str) and pattern.match(value):
            return value
        self.error(
            SCHEMA,
            f"identifiant de {what} absent ou invalide : « {value} » (minuscules, chiffres, « _ »)",
            self.where(mapping, "id"),
        )
        return str(value) if value is not None else ""

    def string(self, mapping: Mapping[str, Any], key: str, what: str) -> str | None:
        value = mapping.get(key)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.error(SCHEMA, f"« {key} » de {what} doit être un texte", self.where(mapping, key))
        return None

    def flag(self, mapping: Mapping[str, Any], key: str, what: str) -> bool:
        value = mapping.get(key, False)
        if isinstance(value, bool):
            return value
        self.error(
            SCHEMA, f"« {key} » de {what} doit valoir true ou false", self.where(mapping, key)
        )
        return False

    def number(self, mapping: Mapping[str, Any], key: str, what: str) -> float | None:
        value = mapping.get(key)
        if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            return value
        self.error(SCHEMA, f"« {key} » de {what} doit être un nombre", self.where(mapping, key))
        return None

    def text(
        self, mapping: Mapping[str, Any], key: str, what: str, *, required: bool
    ) -> Text | None:
        value = mapping.get(key)
        where = self.where(mapping, key)
        if value is None:
            if required:
                self.error(SCHEMA, f"{what} : « {key} » (libellé en français) manque", where)
            return None
        if isinstance(value, str):
            return self.checked_text(Text(value), where, what)
        if isinstance(value, Mapping) and isinstance(value.get("fr"), str):
            other = tuple(
                (str(lang), str(label))
                for lang, label in value.items()
                if lang != "fr" and LANGUAGE.match(str(lang)) and isinstance(label, str)
            )
            if len(other) != len(value) - 1:
                self.error(SCHEMA, f"{what} : langue ou libellé invalide dans « {key} »", where)
            return self.checked_text(Text(value["fr"], other), where, what)
        self.error(SCHEMA, f"{what} : « {key} » doit être un texte ou {{fr: ..., en: ...}}", where)
        return None

    def checked_text(self, text: Text, where: Location, what: str) -> Text:
        for label in (text.fr, *(label for _, label in text.other)):
            stripped = label.lstrip()
            if not stripped:
                self.error(SCHEMA, f"{what} : libellé vide", where)
            elif stripped.startswith(FORMULA_PREFIXES):
                self.error(
                    FORMULA_LABEL,
                    f"{what} : un libellé ne peut pas commencer par « {stripped[0]} » "
                    "(formule de tableur)",
                    where,
                )
            elif _CONTROL.search(label):
                self.error(SCHEMA, f"{what} : caractère de contrôle dans le libellé", where)
            elif len(label) > MAX_LABEL_LENGTH:
                self.error(SCHEMA, f"{what} : libellé trop long (> {MAX_LABEL_LENGTH})", where)
            if _HTML.search(label):
                self.warn(
                    HTML_IN_LABEL,
                    f"{what} : le libellé contient du HTML, il sera affiché comme du texte",
                    where,
                )
        return text

    def expression(self, mapping: Mapping[str, Any], key: str, what: str) -> Expression | None:
        source = mapping.get(key)
        if source is None:
            return None
        where = self.where(mapping, key)
        if isinstance(source, bool):
            source = "true()" if source else "false()"
        if not isinstance(source, str):
            self.error(SCHEMA, f"{what} : « {key} » doit être une expression (texte)", where)
            return None
        try:
            tree = parse(source)
        except ExpressionSyntaxError as error:
            self.error(EXPRESSION_SYNTAX, f"{what}, « {key} » : {error}", where)
            return None
        return Expression(source, tree, compile_node(tree), where)

    def enum_value(
        self, mapping: Mapping[str, Any], key: str, kind: type[E], default: E | None, what: str
    ) -> E | None:
        value = mapping.get(key)
        if value is None and default is not None:
            return default
        try:
            return kind(str(value))
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.error(
                SCHEMA,
                f"{what} : « {key} » vaut « {value} », valeurs possibles : {allowed}",
                self.where(mapping, key),
            )
            return None

    # -- structures -------------------------------------------------------------------------

    def options(self, raw: Mapping[str, Any], kind: QuestionType, what: str) -> tuple[Option, ...]:
        if kind is QuestionType.YES_NO and "options" not in raw:
            return tuple(Option(value, Text(label)) for value, label in YES_NO_OPTIONS)
        options = []
        for item in self.items(raw, "options", what):
            entry = self.mapping(item, self.where(raw, "options"), f"{what}, option")
            self.known_keys(entry, OPTION_KEYS, f"{what}, option")
            value = entry.get("value")
            value = (
                str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
            )
            if not OPTION_VALUE.match(value):
                self.error(
                    SCHEMA,
                    f"{what} : valeur d'option invalide « {value} » "
                    "(lettres, chiffres, « _ », « - »)",
                    self.where(entry, "value"),
                )
            label = self.text(entry, "label", f"{what}, option « {value} »", required=True)
            exclusive = self.flag(entry, "exclusive", f"{what}, option « {value} »")
            options.append(Option(value, label or Text(value), exclusive))
        return tuple(options)

    def scoring(self, raw: Mapping[str, Any], what: str) -> Scoring | None:
        if raw.get("score") is None:
            return None
        what = f"{what}, score"
        entry = self.mapping(raw["score"], self.where(raw, "score"), what)
        self.known_keys(entry, SCORE_KEYS, what)
        theme = self.string(entry, "theme", what) or ""
        if not theme:
            self.error(SCHEMA, f"{what} : le score doit nommer un thème", self.where(entry))
        weight = self.number(entry, "weight", what)
        return Scoring(
            theme=theme,
            values=self.score_values(entry, what),
            weight=1.0 if weight is None else float(weight),
            dont_know=self.option_list(entry, "dont_know", what),
            not_concerned=self.option_list(entry, "not_concerned", what),
            rationale=self.text(entry, "rationale", what, required=False),
        )

    def score_values(self, entry: Mapping[str, Any], what: str) -> tuple[tuple[str, float], ...]:
        values = self.mapping(entry.get("values", {}), self.where(entry, "values"), what)
        pairs = []
        for option, value in values.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                pairs.append((str(option), float(value)))
            else:
                self.error(
                    SCHEMA,
                    f"{what} : la valeur de « {option} » doit être un nombre de 0 à 3",
                    self.where(entry, "values"),
                )
                pairs.append((str(option), SCALE_MIN))  # classified: no second error for it
        return tuple(pairs)

    def option_list(self, entry: Mapping[str, Any], key: str, what: str) -> tuple[str, ...]:
        items = self.items(entry, key, what)
        if not all(isinstance(item, str | int) and not isinstance(item, bool) for item in items):
            self.error(SCHEMA, f"{what} : « {key} » doit lister des options", self.where(entry))
        return tuple(str(item) for item in items)

    def maturity(self, source: Mapping[str, Any]) -> tuple[MaturityTheme, ...]:
        if source.get("maturity") is None:
            return ()
        entry = self.mapping(source["maturity"], self.where(source, "maturity"), "« maturity »")
        self.known_keys(entry, MATURITY_KEYS, "« maturity »")
        themes = []
        for item in self.items(entry, "themes", "« maturity »"):
            raw = self.mapping(item, self.where(entry, "themes"), "un thème de maturité")
            tid = self.name(raw, "thème de maturité")
            what = f"thème de maturité « {tid} »"
            self.known_keys(raw, MATURITY_THEME_KEYS, what)
            label = self.text(raw, "label", what, required=True) or Text(tid)
            description = self.text(raw, "description", what, required=False)
            themes.append(MaturityTheme(tid, label, description))
        return tuple(themes)

    def question(self, raw: object, section: str, where: Location) -> Question | None:
        entry = self.mapping(raw, where, "une question")
        qid = self.name(entry, "question")
        what = f"question « {qid} »"
        self.known_keys(entry, QUESTION_KEYS, what)
        kind = self.enum_value(entry, "type", QuestionType, None, what)
        label = self.text(entry, "label", what, required=True)
        sensitivity = self.enum_value(entry, "sensitivity", Sensitivity, Sensitivity.PUBLIC, what)
        if kind is None or label is None or sensitivity is None:
            return None
        minimum, maximum = self.number(entry, "min", what), self.number(entry, "max", what)
        if kind is QuestionType.PERCENTAGE:
            minimum = 0.0 if minimum is None else minimum
            maximum = 100.0 if maximum is None else maximum
        return Question(
            id=qid,
            type=kind,
            label=label,
            section=section,
            help=self.text(entry, "help", what, required=False),
            required=self.flag(entry, "required", what),
            relevance=self.expression(entry, "relevance", what),
            constraint=self.expression(entry, "constraint", what),
            constraint_message=self.text(entry, "constraint_message", what, required=False),
            options=self.options(entry, kind, what),
            minimum=minimum,
            maximum=maximum,
            unit=self.string(entry, "unit", what),
            sensitivity=sensitivity,
            scoring=self.scoring(entry, what),
            location=self.where(entry),
        )

    def indicator(self, raw: object, where: Location) -> Indicator | None:
        entry = self.mapping(raw, where, "un indicateur")
        iid = self.name(entry, "indicateur", INDICATOR_NAME)
        what = f"indicateur « {iid} »"
        self.known_keys(entry, INDICATOR_KEYS, what)
        label = self.text(entry, "label", what, required=True)
        kind = "mean" if "mean" in entry else "share"
        numerator = self.expression(entry, "numerator" if kind == "share" else "mean", what)
        if ("numerator" in entry) == ("mean" in entry):
            self.error(SCHEMA, f"{what} : donnez « numerator » ou « mean »", self.where(entry))
        base = self.expression({"base": entry.get("base", "true()")}, "base", what)
        sensitivity = self.enum_value(entry, "sensitivity", Sensitivity, Sensitivity.PUBLIC, what)
        published = self.mapping(entry.get("published", {}), self.where(entry, "published"), what)
        self.known_keys(published, PUBLISHED_KEYS, f"{what}, published")
        if label is None or numerator is None or base is None or sensitivity is None:
            return None
        return Indicator(
            id=iid,
            label=label,
            numerator=numerator,
            kind=kind,
            base=base,
            sensitivity=sensitivity,
            published_value=self.number(published, "value", what),
            published_base=self.string(published, "base", what),
            note=self.string(published, "note", what),
            location=self.where(entry),
        )
