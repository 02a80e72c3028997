"""Search over the frame: accent-, case-, hyphen- and apostrophe-insensitive, by word prefix.

Each unit contributes one *document* per name it answers to (its name, then its aliases: former
names, delegated communes, municipal arrondissements). A document's tokens are the normalised
words of that name plus the unit's codes (INSEE code, département code, postcodes, SIREN). A query
matches a document when every query token is a prefix of one of its tokens; ``st``/``ste`` also
stand for ``saint``/``sainte``. Ranking: exact name, then name starting with the query, then any
other match (an alias ranks after the unit's own name), then larger population first.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from barometre.referentiel.errors import EmptyQueryError
from barometre.referentiel.units import Unit

_WORD = re.compile(r"[a-z0-9]+")
_ABBREVIATIONS: Final[dict[str, str]] = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
}
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_TYPE_ORDER: Final[dict[str, int]] = {"commune": 0, "epci": 1, "departement": 2, "region": 3}

EXACT, ALIAS_EXACT, STARTS, ALIAS_STARTS, CONTAINS, ALIAS_CONTAINS, CODE = range(7)


def fold(text: str) -> str:
    """Lower case, no accents, ligatures expanded: ``L'Haÿ-les-Roses`` → ``l'hay-les-roses``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """Normalised words of a name, abbreviations expanded: ``St-Étienne`` → saint, etienne."""
    return [_ABBREVIATIONS.get(word, word) for word in _WORD.findall(fold(text))]


def _elisions(tokens: Sequence[str]) -> list[str]:
    """``l hay`` also indexed as ``lhay``, for people who type the name without the apostrophe."""
    return [a + b for a, b in itertools.pairwise(tokens) if len(a) == 1 and b]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the unit, and the alias it was found by when not its own name."""

    unit: Unit
    matched_name: str
    rank: int

    @property
    def via_alias(self) -> bool:
        return self.matched_name != self.unit.name


@dataclass(frozen=True, slots=True)
class _Document:
    unit_index: int
    name: str
    phrase: tuple[str, ...]
    is_alias: bool


class SearchIndex:
    """A sorted vocabulary with postings, so prefix look-ups are two bisections."""

    def __init__(self, units: Sequence[Unit], former_codes: dict[str, str] | None = None) -> None:
        # Units in ranking order, so that document ids sort like results within one tier.
        self._units = tuple(sorted(units, key=_static_key))
        former_by_unit: dict[str, list[str]] = defaultdict(list)
        for old, new in (former_codes or {}).items():
            former_by_unit[new].append(old)
        postings: dict[str, list[int]] = defaultdict(list)
        self._documents: list[_Document] = []
        self._exact_names: dict[str, list[int]] = defaultdict(list)
        for unit_index, unit in enumerate(self._units):
            codes = self._codes(unit, former_by_unit.get(unit.code, []))
            for name_index, name in enumerate((unit.name, *unit.aliases)):
                phrase = tuple(words(name))
                document_id = len(self._documents)
                self._documents.append(_Document(unit_index, name, phrase, name_index > 0))
                self._exact_names["".join(phrase)].append(document_id)
                for token in {*phrase, *_elisions(phrase), *codes}:
                    postings[token].append(document_id)
        self._vocabulary = sorted(postings)
        self._postings = [postings[token] for token in self._vocabulary]
        self._exact_codes = self._code_table(former_by_unit)

    @staticmethod
    def _codes(unit: Unit, former: Iterable[str]) -> tuple[str, ...]:
        codes = {unit.code.lower(), *unit.postcodes, *(code.lower() for code in former)}
        if unit.siren:
            codes.add(unit.siren)
        if unit.departement and unit.type in ("commune", "departement"):
            codes.add(unit.departement.lower())
        return tuple(sorted(codes))

    def _code_table(self, former_by_unit: dict[str, list[str]]) -> dict[str, set[int]]:
        """Codes that designate a unit exactly (not postcodes shared with neighbours' prefixes)."""
        table: dict[str, set[int]] = defaultdict(set)
        for index, unit in enumerate(self._units):
            exact = {unit.code.lower(), *(c.lower() for c in former_by_unit.get(unit.code, []))}
            exact.update(unit.postcodes)
            if unit.siren:
                exact.add(unit.siren)
            for code in exact:
                table[code].add(index)
        return table

    def _prefix_postings(self, token: str) -> set[int]:
        alternatives = {token, _ABBREVIATIONS.get(token, token)}
        found: set[int] = set()
        for prefix in alternatives:
            low = bisect.bisect_left(self._vocabulary, prefix)
            high = bisect.bisect_left(self._vocabulary, prefix + "\uffff")
            for position in range(low, high):
                found.update(self._postings[position])
        return found

    def _matching_documents(self, tokens: list[str]) -> set[int]:
        # Longest tokens first: they are the most selective, so the running set shrinks fast.
        ordered = sorted(set(tokens), key=len, reverse=True)
        matched = self._prefix_postings(ordered[0])
        for token in ordered[1:]:
            if not matched:
                break
            matched &= self._prefix_postings(token)
        return matched

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Ranked units matching ``query``; raises :class:`EmptyQueryError` on an empty query."""
        tokens = _WORD.findall(fold(query))
        if not tokens:
            raise EmptyQueryError(
                "La recherche est vide : saisissez un nom, un code INSEE, "
                "un code postal ou un SIREN."
            )
        if limit <= 0:
            return []
        expanded = [_ABBREVIATIONS.get(token, token) for token in tokens]
        matched = self._matching_documents(tokens)
        hits: dict[int, SearchHit] = {}
        for unit_index, rank, name in self._ranked(matched, tokens, expanded, limit):
            if unit_index not in hits:
                hits[unit_index] = SearchHit(self._units[unit_index], name, rank)
        return list(hits.values())[:limit]

    def _ranked(
        self, matched: set[int], tokens: list[str], expanded: list[str], limit: int
    ) -> list[tuple[int, int, str]]:
        """(unit, rank, matched name) in result order; scans only as far as ``limit`` needs."""
        exact = [
            (self._units[index].population, index, CODE, self._units[index].name)
            for index in (self._exact_codes.get(tokens[0], ()) if len(tokens) == 1 else ())
        ]
        for document_id in self._exact_names.get("".join(expanded), ()):
            document = self._documents[document_id]
            rank = ALIAS_EXACT if document.is_alias else EXACT
            exact.append(
                (
                    self._units[document.unit_index].population,
                    document.unit_index,
                    rank,
                    document.name,
                )
            )
        exact.sort(key=lambda item: (item[2] != CODE and item[2], -item[0], item[1]))
        buckets: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        wanted = limit + len(exact)
        for document_id in sorted(matched):
            document = self._documents[document_id]
            rank = _rank(document, tokens, expanded)
            buckets[rank].append((document.unit_index, rank, document.name))
            if len(buckets[EXACT]) + len(buckets[STARTS]) >= wanted:
                break
        ordered = [(index, rank, name) for _, index, rank, name in exact]
        for rank in (EXACT, ALIAS_EXACT, STARTS, ALIAS_STARTS, CONTAINS, ALIAS_CONTAINS):
            ordered.extend(buckets[rank])
        return ordered


def _static_key(unit: Unit) -> tuple[int, int, str]:
    return (-unit.population, _TYPE_ORDER[unit.type], unit.code)


def _rank(document: _Document, tokens: list[str], expanded: list[str]) -> int:
    phrase = list(document.phrase)
    if all(any(char.isdigit() for char in token) for token in tokens):
        rank = STARTS  # a code prefix: INSEE code, postcode or SIREN starting with the query
    elif phrase in (tokens, expanded) or "".join(phrase) == "".join(expanded):
        rank = EXACT
    elif _starts_with(phrase, tokens) or _starts_with(phrase, expanded):
        rank = STARTS
    else:
        rank = CONTAINS
    return rank + 1 if document.is_alias else rank


def _starts_with(phrase: list[str], tokens: list[str]) -> bool:
    if len(tokens) > len(phrase):
        return False
    complete, last = tokens[:-1], tokens[-1]
    return phrase[: len(complete)] == complete and phrase[len(complete)].startswith(last)
