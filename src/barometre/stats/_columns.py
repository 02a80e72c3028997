"""Column access for pandas or polars data frames, and factor encoding (sorted levels, as R)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl

from barometre.stats.errors import MissingVariableError, StatsError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
SHOWN = 12  # columns listed in a "missing variable" message
DENSE_KEYS = 20_000_000  # interactions with fewer possible keys are found by counting


@dataclass(frozen=True)
class Factor:
    """A categorical column: sorted levels and one integer code per row (-1 = missing)."""

    levels: Sequence[Any]
    codes: IntArray

    @property
    def missing(self) -> BoolArray:
        return self.codes < 0


class Columns:
    """Read-only access to the columns of a pandas or polars data frame, as numpy arrays."""

    def __init__(self, data: Any) -> None:
        if isinstance(data, pl.DataFrame):
            self._names = tuple(data.columns)
            self.n = data.height
        elif isinstance(data, pd.DataFrame):
            self._names = tuple(str(c) for c in data.columns)
            self.n = len(data)
        elif isinstance(data, dict):
            data = pd.DataFrame(data)
            self._names = tuple(str(c) for c in data.columns)
            self.n = len(data)
        else:
            raise StatsError(
                "Les données doivent être un DataFrame pandas ou polars "
                f"(data must be a pandas or polars DataFrame), reçu {type(data).__name__}."
            )
        self.data = data
        self._cache: dict[str, npt.NDArray[Any]] = {}
        self._factors: dict[str, Factor] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    def require(self, name: str) -> None:
        if name not in self._names:
            shown = ", ".join(self._names[:SHOWN]) + (" …" if len(self._names) > SHOWN else "")
            raise MissingVariableError(
                f"Variable « {name} » absente des données (variable not in the data); "
                f"colonnes disponibles : {shown}."
            )

    def raw(self, name: str) -> npt.NDArray[Any]:
        self.require(name)
        if name not in self._cache:
            self._cache[name] = np.asarray(self.data[name].to_numpy())
        return self._cache[name]

    def is_numeric(self, name: str) -> bool:
        """Numeric (or boolean) and not declared categorical (pandas ``category``)."""
        column = self.data[name] if name in self._names else None
        if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
            return False
        return self.raw(name).dtype.kind in "biuf"

    def numeric(self, name: str) -> FloatArray:
        """The column as floats (booleans become 0/1); NaN marks missing values."""
        values = self.raw(name)
        if values.dtype.kind not in "biuf":
            raise StatsError(
                f"La variable « {name} » n'est pas numérique (variable is not numeric)."
            )
        return values.astype(np.float64, copy=False)

    def factor(self, name: str) -> Factor:
        if name not in self._factors:
            self.require(name)
            column = self.data[name]
            if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
                codes = np.asarray(column.cat.codes.to_numpy(), dtype=np.int64)
                self._factors[name] = Factor(tuple(column.cat.categories), codes)
            else:
                arrow = isinstance(column, pd.Series) and _arrow_backed(column.dtype)
                self._factors[name] = encode(column if arrow else self.raw(name))
        return self._factors[name]


def _arrow_backed(dtype: Any) -> bool:
    """Arrow-backed pandas columns factorize fastest as a Series, others as numpy arrays."""
    return isinstance(dtype, pd.ArrowDtype) or getattr(dtype, "storage", None) == "pyarrow"


def encode(values: npt.NDArray[Any] | pd.Series) -> Factor:
    """Sorted levels and codes; missing values (None, NaN) get code -1."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    levels = (
        np.asarray(uniques, dtype=object) if isinstance(uniques, pd.Index) else np.asarray(uniques)
    )
    if levels.size == 0:
        return Factor((), codes)
    order = _sort_order(levels)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    codes = np.where(codes < 0, -1, rank[np.maximum(codes, 0)])
    return Factor(tuple(_plain(v) for v in levels[order]), codes)


def _sort_order(levels: npt.NDArray[Any]) -> IntArray:
    try:
        return np.asarray(np.argsort(levels, kind="stable"), dtype=np.int64)
    except TypeError:
        keys = np.asarray([str(v) for v in levels], dtype=object)
        return np.asarray(np.argsort(keys, kind="stable"), dtype=np.int64)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def combine(factors: Sequence[Factor]) -> Factor:
    """The interaction of several factors: observed combinations, first factor varying
    fastest (R's ``interaction``, the row order of ``svyby``)."""
    if len(factors) == 1:
        return factors[0]
    missing = np.zeros(factors[0].codes.shape, dtype=bool)
    key = np.zeros(factors[0].codes.shape, dtype=np.int64)
    size = 1
    for f in reversed(factors):
        missing |= f.missing
        key = key * (len(f.levels) + 1) + np.maximum(f.codes, 0)
        size *= len(f.levels) + 1
    uniques, codes = _observed(np.where(missing, -1, key), size)
    levels = []
    for packed in uniques:
        parts = []
        k = int(packed)
        for f in factors:
            k, code = divmod(k, len(f.levels) + 1)
            parts.append(f.levels[code])
        levels.append(tuple(parts))
    return Factor(tuple(levels), np.where(missing, -1, codes))


def _observed(key: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """Sorted distinct non-negative keys and each row's rank among them (-1 stays -1)."""
    ok = key >= 0
    if size <= DENSE_KEYS:
        seen = np.bincount(key[ok], minlength=size) > 0
        rank = np.cumsum(seen) - 1
        return np.flatnonzero(seen), np.where(ok, rank[np.maximum(key, 0)], -1)
    uniques, inverse = np.unique(key[ok], return_inverse=True)
    codes = np.full(key.shape, -1, dtype=np.int64)
    codes[ok] = inverse.reshape(-1)
    return uniques, codes
