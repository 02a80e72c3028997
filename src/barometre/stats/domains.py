"""Estimates by domain (R's ``svyby``): one vectorised pass for means, totals, proportions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from barometre.stats._columns import combine
from barometre.stats.design import Design
from barometre.stats.estimate import Estimate, EstimateTable
from barometre.stats.estimators import Domains, domain_means, domain_totals, mean, total

Statistic = Callable[..., Any]


def by(
    design: Design,
    by: str | Sequence[str],
    fn: Statistic,
    variable: str,
    *args: Any,
    **kwargs: Any,
) -> EstimateTable:
    """Apply ``fn(design.subset(domain), variable, ...)`` to each domain of ``by``.

    Domains are the observed combinations of the ``by`` columns (sorted, first column
    slowest); rows with a missing ``by`` value belong to no domain. Domains whose
    variable is entirely missing are left out.
    """
    names = [by] if isinstance(by, str) else list(by)
    factor = combine([design.columns.factor(n) for n in names])
    in_domain = design.in_domain & ~factor.missing
    counts = np.bincount(factor.codes[in_domain], minlength=len(factor.levels))
    present = np.flatnonzero(counts)
    levels = [
        factor.levels[int(k)] if len(names) > 1 else (factor.levels[int(k)],) for k in present
    ]
    remap = np.full(len(factor.levels) + 1, -1, dtype=np.int64)
    remap[present] = np.arange(present.size)
    codes = np.where(in_domain, remap[factor.codes], -1)
    fast = _vectorised(design, fn, variable, Domains(codes, present.size), kwargs)
    if fast is not None and not args:
        rows = tuple((lv, e) for lv, e in zip(levels, fast, strict=True) if e.n > 0)
        return EstimateTable(tuple(names), rows, statistic=getattr(fn, "__name__", "by"))
    return _looped(design, names, (levels, codes), fn, (variable, args, kwargs))


def _looped(
    design: Design,
    names: list[str],
    domains: tuple[list[tuple[Any, ...]], Any],
    fn: Statistic,
    call: tuple[str, tuple[Any, ...], dict[str, Any]],
) -> EstimateTable:
    levels, codes = domains
    variable, args, kwargs = call
    rows: list[tuple[tuple[Any, ...], Estimate]] = []
    keys = tuple(names)
    for j, level in enumerate(levels):
        result = fn(design.subset(codes == j), variable, *args, **kwargs)
        if isinstance(result, EstimateTable):
            keys = (*names, *result.keys)
            rows.extend(((*level, *sub), e) for sub, e in result.rows)
        else:
            rows.append((level, result))
    return EstimateTable(keys, tuple(rows), statistic=getattr(fn, "__name__", "by"))


def _vectorised(
    design: Design, fn: Statistic, variable: str, domains: Domains, kwargs: dict[str, Any]
) -> list[Estimate] | None:
    """Means, totals and proportions of a numeric variable for every domain at once."""
    from barometre.stats.proportions import ciprop, interval_for  # noqa: PLC0415 - cycle

    if fn not in {mean, total, ciprop} or not design.columns.is_numeric(variable):
        return None
    options = dict(kwargs)
    na_rm = bool(options.pop("na_rm", False))
    y = design.columns.numeric(variable)
    in_domains = domains.code >= 0
    if not na_rm and np.isnan(y[in_domains]).any():
        return None  # the per-domain call raises the clear error
    values = y[in_domains & ~np.isnan(y)]
    if fn is ciprop and ((values < 0) | (values > 1)).any():
        return None  # idem: a proportion needs a 0/1 variable
    use = in_domains & ~np.isnan(y)
    used = Domains(np.where(use, domains.code, -1), domains.count)
    y0 = np.where(use, y, 0.0)
    df = used.degf(design)  # PSUs minus strata among the rows with an answer
    estimates = (domain_totals if fn is total else domain_means)(design, y0, used, variable, df)
    rows_per_domain = used.sizes()
    out = list(estimates)
    if fn is ciprop:
        out = [
            replace(e, interval=interval_for(e, nrow=int(n), **options))
            for e, n in zip(out, rows_per_domain, strict=True)
        ]
    return out
