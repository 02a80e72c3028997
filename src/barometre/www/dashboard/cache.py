"""Result-page fragments cached per result set.

A saved result set never changes (``FrozenModel``): what a page shows of it depends only on the
result set and on the validated choices of the reader, so it is computed once and kept in
Django's cache (process memory in development, a PostgreSQL table shared by every worker in
production). The key names the result set by its id **and** its build time, so a new revision
(or a database that reuses ids, as the tests' do) never reads another set's fragment. Only the
part of a page below the form is cached: it carries no CSP nonce and no form error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Final, TypeVar

from django.core.cache import cache

from barometre.results.models import ResultSet

#: A day: enough for a publication morning; a stale entry is impossible, only a cold one.
TIMEOUT: Final = 24 * 3600
T = TypeVar("T")


def result_key(result_set: ResultSet, *parts: object) -> str:
    raw = "|".join([str(result_set.pk), result_set.built_at.isoformat(), *map(repr, parts)])
    return "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def remember(key: str, build: Callable[[], T]) -> T:
    """The cached value of ``key``, built (and kept) on first use."""
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found  # type: ignore[no-any-return]
